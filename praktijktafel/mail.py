"""Small rules every mail follows, whichever app sends it."""

from __future__ import annotations

import re

_LINE_BREAKS_AND_SPACE = re.compile(r"[\s\u2028\u2029]+")


def header_text(value: str) -> str:
    """One line for a mail header (a subject with a session title or a network name in it).

    A title typed with a line break (`\\r\\nBcc: …`) made Django refuse the whole message, and
    so the invitation task failed for everyone; a header can never carry a second line.
    """
    return _LINE_BREAKS_AND_SPACE.sub(" ", value).strip()
