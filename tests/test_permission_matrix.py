"""Every URL of the app × every persona × GET and POST: allowed or denied as expected.

The URLs are collected from the URL conf, so a new URL without an expectation here fails
the test. Each request runs in a savepoint that is rolled back, so one persona's POST does not
change what the next one sees. "Denied" is 403, 404, 405 or a redirect to the login page;
"allowed" is anything else below 500; a 500 fails the test whatever was expected.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kennisbank import services as kb
from praktijktafel.models import Role
from quarterly.tokens import unsubscribe_token
from sectordata.services import dataset_import
from sessions.live.services.run import live_start, phones_toggle
from sessions.models import ActionCheck, Capture, LiveState, Session
from sessions.services.invitations import invitations_send
from sessions.tokens import action_check_token, evaluation_token, rsvp_token, shared_token
from tests.factories import (
    CaptureFactory,
    KnelpuntFactory,
    QuarterlyUpdateFactory,
    SeriesFactory,
    SessionChartFactory,
    member,
    session_for,
)

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "accounts/", "i18n/")

ALL = frozenset(
    {
        "anonymous",
        "ondernemer",
        "other_ondernemer",
        "facilitator",
        "other_facilitator",
        "kennisexpert",
        "coordinator",
        "other_coordinator",
        "staff",
    }
)
LOGGED_IN = ALL - {"anonymous"}
MEMBERS = LOGGED_IN - {"staff"}  # anybody with a role in some network
# The superuser (beheerder) may do whatever anybody may, except what needs a network of
# their own: writing a kennisbank item asks which network it is for.
SUPERUSER_DENIED = {"kennisbank:write"}
NONE: frozenset[str] = frozenset()
THIS_NETWORK = frozenset(
    {"ondernemer", "facilitator", "other_facilitator", "kennisexpert", "coordinator"}
)
NETWORK_TEAM = frozenset({"facilitator", "other_facilitator", "coordinator"})  # plan, dashboard
WRITERS = frozenset({"facilitator", "other_facilitator", "kennisexpert", "coordinator"})
ANY_WRITER = WRITERS | {"other_coordinator"}
SESSION_VIEW = frozenset({"facilitator", "kennisexpert", "coordinator"})
SESSION_EDIT = frozenset({"facilitator", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
ANY_COORDINATOR = frozenset({"coordinator", "other_coordinator"})
SUPERUSER_ONLY = frozenset({"superuser"})

# url name: (who may GET, who may POST)
EXPECTED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "healthz": (ALL, NONE),
    "privacy": (ALL, NONE),
    "my_data": (LOGGED_IN, NONE),
    "my_data_download": (LOGGED_IN, NONE),
    "my_data_erase": (NONE, LOGGED_IN),
    "member_data": (COORDINATOR, COORDINATOR),
    "home": (ALL, NONE),
    "sectordata:sectors": (MEMBERS, NONE),
    "sectordata:sector": (MEMBERS, NONE),
    # Shared by every network: only who coordinates them all (here: nobody) or the beheerder.
    "sectordata:datasets": (SUPERUSER_ONLY, SUPERUSER_ONLY),
    "sectordata:mapping": (SUPERUSER_ONLY, SUPERUSER_ONLY),
    "sectordata:export": (MEMBERS, NONE),
    "sectordata:dataset_remove": (NONE, SUPERUSER_ONLY),
    "kennisbank:search": (ALL, NONE),
    "kennisbank:new": (ALL, NONE),
    "kennisbank:theme": (ALL, NONE),
    "kennisbank:sector": (ALL, NONE),
    "kennisbank:write": (ANY_WRITER, ANY_WRITER),
    "kennisbank:moderation": (ANY_COORDINATOR, NONE),
    "kennisbank:edit": (WRITERS, WRITERS),
    "kennisbank:useful": (NONE, MEMBERS),  # both networks share their kennisbank
    "kennisbank:status": (NONE, WRITERS),
    "kennisbank:detail_short": (MEMBERS, NONE),
    "kennisbank:detail": (MEMBERS, NONE),
    "quarterly:unsubscribe": (ALL, ALL),  # the signed token is the key
    "quarterly:download": (COORDINATOR, NONE),
    "quarterly:send": (NONE, COORDINATOR),
    "quarterly:index": (COORDINATOR, NONE),
    "quarterly:preview": (COORDINATOR, COORDINATOR),
    "quarterly:generate": (NONE, COORDINATOR),
    # The programme report: a network's for its coordinators, every network's for the beheerder.
    "quarterly:programme": (COORDINATOR, NONE),
    "quarterly:programme_csv": (COORDINATOR, NONE),
    "quarterly:programme_pdf": (COORDINATOR, NONE),
    "quarterly:programme_all": (SUPERUSER_ONLY, NONE),
    "quarterly:programme_all_csv": (SUPERUSER_ONLY, NONE),
    "quarterly:programme_all_pdf": (SUPERUSER_ONLY, NONE),
    "quarterly:presence": (COORDINATOR, NONE),
    # A network's session format: downloaded and imported by its coordinators.
    "sessions:format_export": (COORDINATOR, NONE),
    "sessions:format_import": (COORDINATOR, COORDINATOR),
    "sessions:dashboard": (NETWORK_TEAM, NONE),
    "sessions:new": (NETWORK_TEAM, NETWORK_TEAM),
    "sessions:detail": (SESSION_VIEW, NONE),
    "sessions:edit": (NONE, SESSION_EDIT),
    "sessions:check": (NONE, SESSION_EDIT),
    "sessions:phase_add": (NONE, SESSION_EDIT),
    "sessions:phase_minutes": (NONE, SESSION_EDIT),
    "sessions:phase_move": (NONE, SESSION_EDIT),
    "sessions:phase_delete": (NONE, SESSION_EDIT),
    "sessions:chart_attach": (NONE, SESSION_EDIT),
    "sessions:chart_detach": (NONE, SESSION_EDIT),
    "sessions:invite": (SESSION_EDIT, SESSION_EDIT),
    "sessions:cancel": (NONE, SESSION_EDIT),
    "sessions:template_save": (NONE, COORDINATOR),
    "sessions:handover": (NONE, SESSION_EDIT),
    "sessions:attendance": (SESSION_EDIT, SESSION_EDIT),
    "sessions:series": (NETWORK_TEAM, NONE),
    "sessions:rsvp": (ALL, ALL),  # the signed token is the key
    "sessions:rsvp_yes": (ALL, ALL),
    "sessions:rsvp_no": (ALL, ALL),
    "sessions:rsvp_ics": (ALL, NONE),  # the signed token is the key
    "sessions:live": (SESSION_EDIT, NONE),
    "sessions:live_start": (NONE, SESSION_EDIT),
    "sessions:live_start_undo": (NONE, SESSION_EDIT),
    "sessions:live_timer": (NONE, SESSION_EDIT),
    "sessions:live_capture": (NONE, SESSION_EDIT),
    "sessions:live_item": (NONE, SESSION_EDIT),
    "sessions:live_question": (NONE, SESSION_EDIT),
    "sessions:live_note": (NONE, SESSION_EDIT),
    "sessions:live_capture_old": (NONE, SESSION_EDIT),
    "sessions:live_note_old": (NONE, SESSION_EDIT),
    "sessions:live_chart": (NONE, SESSION_EDIT),
    "sessions:live_case_step": (NONE, SESSION_EDIT),
    "sessions:live_phones": (NONE, SESSION_EDIT),
    "sessions:live_followup": (NONE, SESSION_EDIT),
    "sessions:live_finish": (NONE, SESSION_EDIT),
    "sessions:live_reopen": (NONE, SESSION_EDIT),
    "sessions:projector": (SESSION_VIEW, NONE),
    "sessions:summary": (SESSION_VIEW, NONE),
    "sessions:promote": (NONE, SESSION_EDIT),
    "sessions:promoted": (NETWORK_TEAM, NONE),
    "sessions:phone": (ALL, ALL),  # the join code is the key
    "sessions:evaluation": (ALL, ALL),  # the signed token is the key
    "sessions:call_list": (SESSION_EDIT, NONE),
    "sessions:contact_record": (NONE, SESSION_EDIT),
    "sessions:person": (COORDINATOR, NONE),  # a person's turnout: coordinators only
    "sessions:rsvp_phone": (ALL, ALL),  # the signed token is the key
    "sessions:rsvp_shared": (ALL, ALL),  # the shared token: yes or no only
    "sessions:rsvp_shared_mail": (NONE, ALL),  # mails the person, never the caller
    "sessions:signup": (ALL, ALL),  # members get their link by mail, others nothing
    "sessions:action_check": (ALL, NONE),  # the signed token is the key; GET only
    "sessions:action_check_answer": (ALL, ALL),  # GET shows the choice, POST records it
    "sessions:action_check_stop": (ALL, ALL),  # the person's own opt-out
    "sessions:help_handled": (NONE, COORDINATOR),
}


def url_names() -> list[tuple[str, str]]:
    found = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith(SKIP_PREFIXES):
                    continue
                walk(pattern, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}" if namespace else pattern.name, route))

    walk(get_resolver(), "", None)
    return found


def test_every_url_has_an_expectation():
    missing = [name for name, _route in url_names() if name not in EXPECTED]
    assert not missing, f"add these URLs to EXPECTED: {missing}"
    gone = set(EXPECTED) - {name for name, _route in url_names()}
    assert not gone, f"no longer in the URL conf: {gone}"


@pytest.fixture
def world(network, other_network, sector, session, facilitator, ondernemer, coordinator):
    """One object of every kind the URLs point at, in `network`."""
    series = SeriesFactory(network=network, title="Leerlijn", sector=sector)
    earlier = session_for(network, facilitator, days=2, title="Eerder", series=series)
    Session.objects.filter(pk=earlier.pk).update(starts_at=timezone.now() - timedelta(days=20))
    earlier.refresh_from_db()
    session.series = series
    session.save(update_fields=["series"])
    live_start(session=earlier)
    action = CaptureFactory(session=earlier, kind=Capture.Kind.GROUP_ACTION, text="Actie")
    invitations_send(session=session, people=[ondernemer])
    invitation = session.invitations.get()
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    knelpunt = KnelpuntFactory(session=session, text="Geen monteurs")
    tip = CaptureFactory(session=session, kind=Capture.Kind.TIP, text="Buddy")
    data = {
        "kind": "series", "key": "k", "title": "Vacatures", "indicator": "Vacatures",
        "labels": ["2024 K1", "2024 K2"], "values": [1.0, 2.0], "unit": "", "decimals": 0,
        "source": "CBS StatLine", "table_id": "T", "period_text": "2024KW01–2024KW02",
    }  # fmt: skip
    chart = SessionChartFactory(session=session, key="k", data=data)
    item = kb.solution_create(
        network=network, user=None, title="Buddy", summary="S", themes=["behouden"],
        sector_ids=[sector.pk],
    )  # fmt: skip
    kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
    update = QuarterlyUpdateFactory(network=network, year=2026)
    fixtures = Path(settings.BASE_DIR) / "tests" / "fixtures" / "sectordata"
    imported = dataset_import(
        path=fixtures / "cbs_vacatures.csv", metadata_path=fixtures / "cbs_vacatures_metadata.csv"
    )
    phase = session.phases.order_by("position").first()
    live = LiveState.objects.get(session=session)
    check = ActionCheck.objects.create(action=action, invitation=invitation, answer="help")
    return {
        "healthz": {},
        "member_data": {"slug": network.slug, "pk": ondernemer.pk},
        "sectordata:sector": {"slug": sector.slug},
        "sectordata:export": {"table_id": "80472NED"},
        "sectordata:dataset_remove": {"pk": imported.dataset_id},
        "kennisbank:theme": {"theme": "behouden"},
        "kennisbank:sector": {"slug": sector.slug},
        "kennisbank:edit": {"pk": item.pk},
        "kennisbank:useful": {"pk": item.pk},
        "kennisbank:status": {"pk": item.pk, "action": "indienen"},
        "kennisbank:detail_short": {"pk": item.pk},
        "kennisbank:detail": {"pk": item.pk, "slug": item.slug},
        "quarterly:unsubscribe": {"token": unsubscribe_token(ondernemer.pk, network.pk)},
        "quarterly:download": {"pk": update.pk},
        "quarterly:send": {"pk": update.pk},
        "quarterly:programme_csv": {"slug": network.slug, "table": "presentie"},
        "quarterly:programme_all_csv": {"table": "sessies"},
        "sessions:phase_minutes": {"pk": session.pk, "phase_pk": phase.pk},
        "sessions:phase_move": {"pk": session.pk, "phase_pk": phase.pk, "direction": "down"},
        "sessions:phase_delete": {"pk": session.pk, "phase_pk": phase.pk},
        "sessions:chart_detach": {"pk": session.pk, "chart_pk": chart.pk},
        "sessions:series": {"pk": series.pk},
        "sessions:rsvp": {"token": rsvp_token(invitation)},
        "sessions:rsvp_yes": {"token": rsvp_token(invitation)},
        "sessions:rsvp_no": {"token": rsvp_token(invitation)},
        "sessions:rsvp_ics": {"token": rsvp_token(invitation)},
        "sessions:live_timer": {"pk": session.pk, "action": "pause"},
        "sessions:live_item": {
            "pk": session.pk,
            "kind": "knelpunt",
            "item_pk": knelpunt.pk,
            "action": "up",
        },
        "sessions:live_followup": {"pk": session.pk, "action_pk": action.pk},
        "sessions:promote": {"pk": session.pk, "capture_pk": tip.pk},
        "sessions:phone": {"code": live.phone_code},
        "sessions:evaluation": {"token": evaluation_token(invitation)},
        "sessions:contact_record": {"pk": session.pk, "invitation_pk": invitation.pk},
        "sessions:person": {"slug": network.slug, "person_pk": ondernemer.pk},
        "sessions:rsvp_phone": {"token": rsvp_token(invitation)},
        "sessions:rsvp_shared": {"token": shared_token(invitation)},
        "sessions:rsvp_shared_mail": {"token": shared_token(invitation)},
        "sessions:signup": {"uid": session.uid},
        "sessions:action_check": {"token": action_check_token(check.pk)},
        "sessions:action_check_answer": {"token": action_check_token(check.pk), "answer": "deels"},
        "sessions:action_check_stop": {"token": action_check_token(check.pk)},
        "sessions:help_handled": {"pk": session.pk, "check_pk": check.pk},
        "_slug": {"slug": network.slug},
        "_session": {"pk": session.pk},
    }


def _kwargs(name: str, route: str, world: dict) -> dict:
    if name in world:
        return world[name]
    if "<slug:slug>" in route:
        return world["_slug"]
    if "<int:pk>" in route:
        return world["_session"]
    return {}


def _denied(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302) and location.startswith(
        resolve_url(settings.LOGIN_URL)
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_permission_matrix(
    method,
    world,
    ondernemer,
    other_ondernemer,
    facilitator,
    other_facilitator,
    kennisexpert,
    coordinator,
    other_coordinator,
    staff,
    network,
    django_user_model,
):
    people = {
        "anonymous": None,
        "ondernemer": ondernemer,
        "other_ondernemer": other_ondernemer,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "kennisexpert": kennisexpert,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "staff": django_user_model.objects.create_user(email="staf@example.org", is_staff=True),
        "superuser": staff,
    }
    member(network, Role.ONDERNEMER)  # someone for the coordinator to act on, besides
    wrong = []
    for name, route in url_names():
        url = reverse(name, kwargs=_kwargs(name, route, world))
        allowed = set(EXPECTED[name][0 if method == "get" else 1])
        if allowed and name not in SUPERUSER_DENIED:
            allowed.add("superuser")
        for persona, person in people.items():
            client = Client()
            if person is not None:
                client.force_login(person)
            with transaction.atomic():
                response = getattr(client, method)(url)
                transaction.set_rollback(True)
            assert response.status_code < 500, (name, persona, method, response.status_code)
            if _denied(response) == (persona in allowed):
                wrong.append(f"{method.upper()} {name} as {persona}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def _as_ondernemer(person, network) -> None:
    """Take every team role in `network` away from `person`; they stay an ondernemer there."""
    from praktijktafel.models import Membership

    Membership.objects.filter(user=person, network=network).delete()
    member_of = Membership.objects.filter(user=person, network=network)
    if not member_of.exists():
        Membership.objects.create(user=person, network=network, role=Role.ONDERNEMER)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("demoted", ["facilitator", "kennisexpert", "coordinator"])
def test_a_demoted_person_keeps_nothing_of_the_old_role(
    method, demoted, world, facilitator, kennisexpert, coordinator, ondernemer, network
):
    """Roles are checked as roles: the session's own facilitator (or kennisexpert, or a
    coordinator) made an ondernemer may do exactly what an ondernemer may, on every URL, even
    though the session still names them."""
    person = {"facilitator": facilitator, "kennisexpert": kennisexpert}.get(demoted, coordinator)
    before = Client()
    before.force_login(person)
    assert before.get(reverse("sessions:detail", args=[world["_session"]["pk"]])).status_code == 200
    _as_ondernemer(person, network)
    wrong = []
    for name, route in url_names():
        if name in {"my_data", "my_data_download", "my_data_erase"}:
            continue  # their own data stays theirs whatever their role
        url = reverse(name, kwargs=_kwargs(name, route, world))
        allowed = "ondernemer" in EXPECTED[name][0 if method == "get" else 1]
        client = Client()
        client.force_login(person)
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, method, response.status_code)
        if _denied(response) == allowed:
            wrong.append(f"{method.upper()} {name} as demoted {demoted}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


PERSONAL_LINK_URLS = (
    "sessions:rsvp",
    "sessions:rsvp_yes",
    "sessions:rsvp_no",
    "sessions:rsvp_ics",
    "sessions:rsvp_phone",
)


@pytest.mark.parametrize("method", ["get", "post"])
def test_acting_for_someone_with_the_link_staff_hold(
    method, world, facilitator, coordinator, session
):
    """The 'acting for someone' persona: staff (or anyone they pass it to) hold the shared
    link of the call list and the WhatsApp text. On every page of the person's own link it
    opens nothing, and it changes no answer, consent or phone number."""
    from praktijktafel.models import Consent
    from sessions.models import ContactPreference

    invitation = session.invitations.get()
    before = (invitation.status, Consent.objects.count(), ContactPreference.objects.count())
    shared = shared_token(invitation)
    wrong = []
    for persona, person in {
        "anonymous": None,
        "facilitator": facilitator,
        "coordinator": coordinator,
    }.items():
        for name in PERSONAL_LINK_URLS:
            client = Client()
            if person is not None:
                client.force_login(person)
            data = {"attend": "yes", "share_contact": "yes", "recording": "yes",
                    "phone": "0612345678", "consent": "yes"}  # fmt: skip
            response = getattr(client, method)(reverse(name, kwargs={"token": shared}), data)
            if response.status_code not in (404, 410, 405):
                wrong.append(f"{method.upper()} {name} with the shared link as {persona}: "
                             f"{response.status_code}")  # fmt: skip
    invitation.refresh_from_db()
    after = (invitation.status, Consent.objects.count(), ContactPreference.objects.count())
    assert not wrong, "\n".join(wrong)
    assert after == before


CSRF_EXEMPT = {  # the signed token is the proof (a mail client's one-click unsubscribe)
    "quarterly:unsubscribe",
    "sessions:action_check_stop",
}


def test_every_write_needs_the_csrf_token(world, facilitator, coordinator, other_coordinator):
    """POST without the token, as someone who may POST there: refused (403), HTMX or not."""
    people = {"facilitator": facilitator, "coordinator": coordinator}
    people["other_coordinator"] = other_coordinator
    checked = 0
    for name, route in url_names():
        allowed = EXPECTED[name][1]
        if not allowed:
            continue
        url = reverse(name, kwargs=_kwargs(name, route, world))
        persona = next((p for p in people if p in allowed), None)
        client = Client(enforce_csrf_checks=True)
        if persona is not None:
            client.force_login(people[persona])
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            with transaction.atomic():
                response = client.post(url, **headers)
                transaction.set_rollback(True)
            if name in CSRF_EXEMPT:
                assert response.status_code != 403, name
            else:
                assert response.status_code == 403, (name, headers, response.status_code)
            checked += 1
    assert checked > 60


def test_inviting_an_existing_person_of_another_network(
    network,
    facilitator,
    coordinator,
    other_ondernemer,
    other_coordinator,
    staff,
    django_user_model,
):
    """The invite path of issue 19: everyone who may invite types the address of someone
    outside the network (a member or coordinator of another network, a superuser, plain staff).
    Nobody is made a member, no stored name shows, and no coordinator can then export or
    erase them; the same row as for an address nobody has."""
    plain_staff = django_user_model.objects.create_user(
        email="staf@example.org", full_name="Stefan Staf", is_staff=True
    )
    session = session_for(network, facilitator, title="Nog te plannen")
    inviters = {"facilitator": facilitator, "coordinator": coordinator, "superuser": staff}
    targets = {
        "other_ondernemer": other_ondernemer,
        "other_coordinator": other_coordinator,
        "superuser": staff,
        "staff": plain_staff,
    }
    invite_url = reverse("sessions:invite", args=[session.pk])
    page_url = reverse("sessions:detail", args=[session.pk])
    wrong = []
    for inviter_name, inviter in inviters.items():
        for target_name, target in targets.items():
            if target == inviter:
                continue
            client = Client()
            client.force_login(inviter)
            with transaction.atomic():
                response = client.post(
                    invite_url, {"new_people": f"{target.email}, Getypt", "confirm": "1"}
                )
                page = client.get(page_url).text
                coordinator_client = Client()
                coordinator_client.force_login(coordinator)
                data = coordinator_client.get(
                    reverse("member_data", kwargs={"slug": network.slug, "pk": target.pk})
                )
                joined = target.memberships.filter(network=network).exists()
                transaction.set_rollback(True)
            seen = f"{inviter_name} invites {target_name}"
            if response.status_code != 302:
                wrong.append(f"{seen}: {response.status_code}")
            if joined:
                wrong.append(f"{seen}: made a member")
            if target.full_name in page or "Getypt" not in page:
                wrong.append(f"{seen}: the stored name shows, or the typed one does not")
            if data.status_code == 200:
                wrong.append(f"{seen}: the coordinator can download their data")
    assert not wrong, "\n".join(wrong)
