"""Markdown to safe HTML, links from their text form, and search snippets.

Markdown is rendered and then sanitised with nh3 (an allow-list): whatever HTML or script a
writer types ends up as text or is removed. Links always get rel="noopener nofollow".
"""

from __future__ import annotations

import re

import markdown as md  # type: ignore[import-untyped]
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL = re.compile(r"(https?://[^\s<>\"']+)")
MARK_START, MARK_END = "\x02", "\x03"
MARKDOWN_MARKS = re.compile(r"[*_#`>]{1,3}")


def render_markdown(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
    return mark_safe(clean)


def parse_links(text: str) -> list[tuple[str, str]]:
    """'Title https://…' per line → (title, url); a line without an address is a plain source."""
    links = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = URL.search(line)
        if match:
            title = (line[: match.start()] + line[match.end() :]).strip(" -–:|") or match.group(1)
            links.append((title, match.group(1)))
        else:
            links.append((line, ""))
    return links


def marked_html(text: str) -> SafeString:
    """Plain text (a title, a summary) with our private markers → escaped HTML with <mark>."""
    text = str(escape(text))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def snippet_html(fragment: str) -> SafeString:
    """A snippet of a body written in Markdown, with our private markers → escaped HTML with
    <mark>, without the Markdown marks (which would show as stray characters)."""
    return marked_html(MARKDOWN_MARKS.sub("", fragment))
