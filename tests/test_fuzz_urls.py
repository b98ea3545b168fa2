"""Hostile input in the address itself (issue 19, proof): every route of the URL conf is
requested with odd values in each of its path segments and with odd query parameters (the
ones the views read and made-up ones, single and repeated), as a superuser (who reaches every
view), as a coordinator of the network and anonymously. Never a server error, and a script
typed into the address never comes back unescaped."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import _kwargs, url_names, world  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
NASTY = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE tafels_session; --",
    "\x00",
    "a\x00b",
    "\x02x\x03",
    "x" * 5_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2024-02-30",
    "2026-9",
    "9999-99",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "%s%s%n",
    "%00",
    "%ff%fe",
    "",
    " ",
    "\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "ﷺ" * 50,
    "a/b",
    "?x=1#y",
]
# Digits only still pass an <int:…> converter and reach the view.
NASTY_INT = ["0", "00000001", "2147483648", "9223372036854775808", "9" * 40]
# The query parameters the views read (grep request.GET), and some they do not.
PARAMS = [
    "q", "pagina", "thema", "sector", "tag", "grootte", "sorteer", "netwerk", "part", "v",
    "verstuurd", "kwartaal", "next", "page", "x",
]  # fmt: skip
VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=200))
QUERY = st.dictionaries(
    st.sampled_from(PARAMS), st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=6
)
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _safe(value: str) -> str:
    # The test client must be able to encode what it sends; lone surrogates cannot be.
    return value.encode("utf-8", "replace").decode("utf-8")


def _paths(route: str, valid: dict, hostile: str, hostile_int: str) -> list[str]:
    """The route with its valid values, then with each segment replaced by a hostile one."""
    names = [m.group("name") for m in CONVERTER.finditer(route)]

    def build(odd: str | None) -> str:
        def fill(match: re.Match) -> str:
            name, conv = match.group("name"), match.group("conv") or "str"
            if name != odd:
                return quote(str(valid.get(name, "1")), safe="")
            return hostile_int if conv == "int" else quote(hostile, safe="")

        return "/" + CONVERTER.sub(fill, route).lstrip("^").rstrip("$")

    return [build(None)] + [build(name) for name in names]


def _get(client, path, data, **headers):
    with transaction.atomic():
        response = client.get(path, data, **headers)
        transaction.set_rollback(True)
    assert response.status_code < 500, (path, data, headers)
    if response.status_code < 300 and not response.streaming:
        assert SCRIPT.encode() not in response.content, (path, data)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=QUERY,
    hostile=VALUE,
    hostile_int=st.sampled_from(NASTY_INT),
    persona=st.sampled_from(["superuser", "coordinator", "anonymous"]),
)
@example(query={}, hostile="a\x00b", hostile_int="0", persona="superuser")
@example(query={"q": SCRIPT}, hostile="%ff%fe", hostile_int="9" * 40, persona="coordinator")
@example(query={"thema": ["x"] * 3}, hostile="\x02x\x03", hostile_int="0", persona="anonymous")
def test_odd_addresses_never_break_anything(
    query,
    hostile,
    hostile_int,
    persona,
    world,  # noqa: F811 - the shared fixture imported above
    coordinator,
    staff,
):
    client = Client()
    if persona != "anonymous":
        client.force_login({"superuser": staff, "coordinator": coordinator}[persona])
    odd = _safe(hostile)
    data = {
        key: [_safe(v) for v in value] if isinstance(value, list) else _safe(value)
        for key, value in query.items()
    }
    every_param = dict.fromkeys(PARAMS, odd)
    for name, route in url_names():
        base, *segments = _paths(route, _kwargs(name, route, world), odd, hostile_int)
        _get(client, base, data)
        _get(client, base, data, HTTP_HX_REQUEST="true")
        _get(client, base, every_param)
        for path in segments:
            _get(client, path, {})


def test_the_paths_reach_every_route(world):  # noqa: F811
    """The fuzz above builds a path for every route and every segment of it."""
    built = 0
    for name, route in url_names():
        paths = _paths(route, _kwargs(name, route, world), "odd", "9")
        assert len(paths) == 1 + len(CONVERTER.findall(route)), name
        built += len(paths)
    assert built > len(url_names())
