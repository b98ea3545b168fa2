"""Small rules every mail follows, whichever app sends it."""

from __future__ import annotations

import re

_LINE_BREAKS_AND_SPACE = re.compile(r"[\s\u2028\u2029]+")


def header_text(value: str) -> str:
    """One line for a mail header (a subject with a session title or a network name in it).

    Django refuses a whole message whose header holds a line break (a title typed as
    `\\r\\nBcc: …`), which would stop the mail for everyone invited; so a header never
    carries a second line.
    """
    return _LINE_BREAKS_AND_SPACE.sub(" ", value).strip()
