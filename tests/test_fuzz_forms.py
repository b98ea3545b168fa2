"""Hostile input on every form: random and nasty values (very long strings, NUL bytes, HTML and
script, SQL-ish text, negative and huge numbers, impossible dates) posted to every URL that
takes a POST, as someone allowed to. Never a server error, and no script ever comes back
unescaped on the pages that show what was typed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import EXPECTED, _kwargs, url_names, world  # noqa: F401

pytestmark = pytest.mark.django_db

FIELDS = [
    "title", "summary", "body", "text", "kind", "theme", "theme_other", "starts_at",
    "slot_minutes", "venue_name", "address", "capacity", "quorum", "sector", "sectors",
    "minutes", "new-title", "new-minutes", "people", "new_people", "warning_reason", "reason",
    "attend", "consent_share_contact", "q", "chart", "index", "confirm", "status", "step",
    "question", "phase", "person", "owner", "code", "email", "useful", "network", "kwartaal",
    "name", "facilitator", "useful_score", "come_again", "remark", "tags", "links", "effort",
    "cost", "sizes", "themes", "is_public", "contact", "table_id", "source", "client_id",
    "privacy_confirmed", "shuffle", "enabled", "attendance",
]  # fmt: skip
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE tafels_session; --",
        "\x00",
        "a\x00b",
        "x" * 100_000,
        "-1",
        "0",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "2024-02-30T25:61",
        "0000-00-00",
        "../../etc/passwd",
        "{{ 7*7 }}",
        "%s%s%s%n",
        "",
        " ",
        "ﷺ" * 50,
        "\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    ]
)
VALUE = st.one_of(
    HOSTILE,
    st.text(max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
POSTED = st.dictionaries(st.sampled_from(FIELDS), VALUE, min_size=1, max_size=12)
PERSONA_ORDER = ("coordinator", "facilitator", "other_coordinator")


def _safe(value: str) -> str:
    # The test client must be able to encode what it sends; lone surrogates cannot be.
    return value.encode("utf-8", "replace").decode("utf-8")


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=POSTED)
def test_hostile_posts_never_break_anything(
    data,
    world,  # noqa: F811 - the shared fixture imported above
    coordinator,
    facilitator,
    other_coordinator,
):
    people = {
        "coordinator": coordinator,
        "facilitator": facilitator,
        "other_coordinator": other_coordinator,
    }
    payload = {key: _safe(value) for key, value in data.items()}
    for name, route in url_names():
        allowed = EXPECTED[name][1]
        if not allowed:
            continue
        persona = next((p for p in PERSONA_ORDER if p in allowed), None)
        client = Client()
        if persona is not None:
            client.force_login(people[persona])
        url = reverse(name, kwargs=_kwargs(name, route, world))
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            with transaction.atomic():
                response = client.post(url, payload, **headers)
                shown = (
                    client.get(reverse("sessions:detail", args=[world["_session"]["pk"]]))
                    if persona in ("coordinator", "facilitator")
                    else None
                )
                transaction.set_rollback(True)
            assert response.status_code < 500, (name, payload)
            if response.status_code < 300:
                assert b"<script>alert(1)</script>" not in response.content, name
            if shown is not None:
                assert b"<script>alert(1)</script>" not in shown.content, name
