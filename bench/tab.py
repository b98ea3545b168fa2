"""The bench's console tab keeps what it shows the way its page does (static/js/console-rows.js):
it names the lists it shows and its newest rows when it asks for its lists, and fills the
answer's placeholders in from what it has. A placeholder it cannot fill makes it ask for the
whole lists, as the page does."""

from __future__ import annotations

import re

_PART = re.compile(
    rb'<(section|li)\b[^>]*? id="([^"]+)" data-h="([0-9a-f]{12})"'
    rb'|<template data-keep="([^"]+)" data-h="([0-9a-f]{12})">'
    rb'|<section id="pending"'
)


class Tab:
    def __init__(self) -> None:
        self.shown: dict[str, tuple[str, str]] = {}  # id -> (hash, the list it is in)
        self.refetched = 0

    def params(self) -> dict[str, str]:
        newest: dict[str, int] = {}
        lists = []
        for name, (digest, _list) in self.shown.items():
            if name.startswith("list-"):
                lists.append(f"{name}:{digest}")
                continue
            found = re.search(r"-([a-z]+)-(\d+)$", name)
            if found:
                newest[found[1]] = max(newest.get(found[1], 0), int(found[2]))
        return {
            "delta": "1",
            "have_lists": ",".join(lists),
            "have_rows": ",".join(f"{t}:{n}" for t, n in newest.items()),
        }

    def take(self, body: bytes) -> bool:
        """Show an answer; False when a placeholder names something this tab lacks."""
        shown: dict[str, tuple[str, str]] = {}
        where = ""
        for found in _PART.finditer(body):
            tag, name, digest, kept, kept_digest = (
                g.decode() if g else None for g in found.groups()
            )
            if tag is None and kept is None:  # the held items' panel
                where = "pending"
                continue
            if kept is not None:
                if self.shown.get(kept, ("",))[0] != kept_digest:
                    self.refetched += 1
                    return False
                shown[kept] = (kept_digest, where)
                if kept.startswith("list-"):  # its rows stay as the tab has them
                    shown.update({n: v for n, v in self.shown.items() if v[1] == kept})
                    where = kept
                continue
            shown[name] = (digest, where)
            if tag == "section":
                where = name
        self.shown = shown
        return True
