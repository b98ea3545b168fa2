"""Dutch speaks to people with "je", everywhere: never the formal "u" or "uw" (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
FORMAL = re.compile(r"(?<![\w{%.])(u|uw|U|Uw)(?![\w}])")


def test_no_dutch_translation_says_u():
    import gettext

    call_command("compilemessages", locale=["nl"], ignore_patterns=[".venv"], verbosity=0)
    with (ROOT / "locale/nl/LC_MESSAGES/django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    formal = [text for text in catalog.values() if FORMAL.search(text)]
    assert formal == []


@pytest.mark.parametrize(
    "template",
    [
        "privacy/statement_nl.html",
        "pdf/quarterly.html",
        *(
            str(p.relative_to(ROOT / "templates"))
            for p in sorted((ROOT / "templates/email").rglob("*.txt"))
        ),
    ],
)
def test_no_dutch_template_text_says_u(template):
    text = (ROOT / "templates" / template).read_text(encoding="utf-8")
    text = re.sub(r"{[{%#].*?[}%#]}", " ", text, flags=re.S)  # template tags, not words
    assert not FORMAL.findall(text), template
