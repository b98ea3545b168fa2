"""One reading of a quarter typed by a person: '2027 K1', '2027-K1', '2027q1'."""

from __future__ import annotations

import pytest

from praktijktafel.dates import parse_quarter, stored_quarter_label


@pytest.mark.parametrize(
    "text", ["2027 K1", "2027K1", "2027-K1", "2027 - k1", "2027 Q1", "2027q1", " 2027 K1 "]
)
def test_the_usual_spellings_of_a_quarter(text):
    assert parse_quarter(text) == (2027, 1)


@pytest.mark.parametrize("text", ["", "2027", "2027 K5", "2027 K0", "27 K1", "2027 KW1", "K1"])
def test_anything_else_is_not_a_quarter(text):
    assert parse_quarter(text) is None


def test_a_stored_quarter_is_shown_in_the_readers_language():
    from django.utils import translation

    with translation.override("en"):
        assert stored_quarter_label("2027 K1") == "2027 Q1"
        assert stored_quarter_label("voorjaar") == "voorjaar"
