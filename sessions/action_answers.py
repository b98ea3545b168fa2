"""The answers to "how is your action going?" as the links in the mail spell them: the mail
builds the links from them and the page behind the links reads them back."""

from __future__ import annotations

from sessions.models import ActionCheck

# The Dutch words in the links of the mail, and the answer each records.
ANSWER_SLUGS = {
    "gedaan": ActionCheck.Answer.DONE,
    "deels": ActionCheck.Answer.PARTLY,
    "nog-niet": ActionCheck.Answer.NOT_YET,
    "hulp-nodig": ActionCheck.Answer.HELP,
}
SLUG_OF = {answer: slug for slug, answer in ANSWER_SLUGS.items()}
