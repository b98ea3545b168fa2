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


# Bullets Word, Google Docs and PDF readers put before a list item when text is pasted, with a
# tab or spaces after them; "o" and "§" are Word's second and third level (always a tab).
BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>[•·▪◦‣●○■□➢►✓✔\-–—*]|[o§](?=\t))[\t ]+(?P<rest>\S.*)$"
)
NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<n>\d{1,3})[.)][\t ]+(?P<rest>\S.*)$")
NESTED_MARKS = {"o": 1, "◦": 1, "○": 1, "§": 2, "▪": 2}


def _list_line(line: str) -> str | None:
    """A pasted list item as a Markdown one ('- text', '1. text', nested by four spaces), or
    None when the line is no list item."""
    bullet = BULLET.match(line)
    if bullet:
        indent = len(bullet["indent"].expandtabs(4)) // 4
        level = max(indent, NESTED_MARKS.get(bullet["mark"], 0))
        return "    " * level + "- " + bullet["rest"].replace("\t", " ").strip()
    numbered = NUMBERED.match(line)
    if numbered:
        level = len(numbered["indent"].expandtabs(4)) // 4
        return "    " * level + f"{numbered['n']}. " + numbered["rest"].replace("\t", " ").strip()
    return None


def from_pasted(text: str) -> str:
    """Text pasted from Word or Google Docs as the Markdown it means: bullets ("•⇥", "·",
    "–", "o⇥") and numbers become list items, a line break between two lines of text is a
    new paragraph (Markdown would run them into one), and a list is set apart from the text
    around it by an empty line. Markdown lists, headings and paragraphs stay as they are; a
    Markdown soft line break (one newline inside a paragraph) does become a paragraph break,
    the price of reading pasted Word text right."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[str] = []
    previous = ""  # "text", "list" or "" (an empty line, or the start)
    for raw in text.split("\n"):
        line = raw.rstrip()
        item = _list_line(line)
        if item is not None:
            if previous == "text":
                out.append("")
            out.append(item)
            previous = "list"
        elif not line.strip():
            out.append("")
            previous = ""
        else:
            if previous in ("text", "list") and not line.startswith((" ", "\t")):
                out.append("")
            out.append(line.replace("\t", " ") if not line.startswith((" ", "\t")) else line)
            previous = "text"
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
