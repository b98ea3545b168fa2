"""Privacy (AVG): anonymous stays anonymous, a person's data can be exported and erased (by
themselves or a coordinator, logged), and inactive people are erased after the retention."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.management.commands.privacy_retention import inactive_people
from praktijktafel.models import Consent, PrivacyRequest, Role, User
from sessions.live.selectors.projector import projector
from sessions.live.services.run import live_goto, live_start, phones_toggle
from sessions.models import Capture, Evaluation, Invitation, Knelpunt, Phase
from sessions.services.invitations import invitations_send, rsvp_respond
from tests.factories import CaptureFactory, KnelpuntFactory, MembershipFactory, member

pytestmark = pytest.mark.django_db


def _links_to_user(model, seen=None) -> bool:
    """True when any foreign key path from `model` (not through Session) reaches a User."""
    seen = seen or set()
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and field.related_model):
            continue
        target = field.related_model
        if target is User:
            return True
        if target.__name__ in ("Session", "Phase", "Network", "Sector") or target in seen:
            continue  # the session is known; who said what is not
        seen.add(target)
        if _links_to_user(target, seen):
            return True
    return False


def test_no_table_links_a_bottleneck_or_evaluation_to_a_person():
    assert not _links_to_user(Knelpunt)
    assert not _links_to_user(Evaluation)
    for model in apps.get_models():  # and nothing points at a bottleneck from a person
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Knelpunt:
                assert not _links_to_user(model), model


def test_the_projector_never_shows_a_name_or_email(session, facilitator, network, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    rsvp_respond(invitation=session.invitations.get(), attend=True)
    state = live_start(session=session)
    phones_toggle(session=session, enabled=True)
    KnelpuntFactory(session=session, text="Geen monteurs te vinden", recognition=4)
    CaptureFactory(session=session, kind=Capture.Kind.CONTACT, text="Contact", person=ondernemer)
    CaptureFactory(session=session, kind=Capture.Kind.GROUP_ACTION, text="Actie: buddy")
    people = list(User.objects.all())
    for phase in Phase.objects.filter(session=session).order_by("position"):
        live_goto(session=session, phase=phase)
        view = projector(session_id=session.pk)
        text = repr(view.__dict__)
        for person in people:
            assert person.email not in text
            assert not person.full_name or person.full_name not in text
    assert state.pk


def setup_person(network, sector, ondernemer, session):
    invitations_send(session=session, people=[ondernemer])
    Consent.objects.create(
        user=ondernemer, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    item = kb.solution_create(
        network=network,
        user=None,
        title="Buddy",
        summary="Kort.",
        themes=["behouden"],
        sector_ids=[sector.pk],
        contact=ondernemer,
    )
    kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
    kb.useful_mark(solution=item, user=ondernemer)
    live_start(session=session)
    CaptureFactory(session=session, kind=Capture.Kind.CONTACT, text="Bel Henk", person=ondernemer)
    KnelpuntFactory(session=session, text="Anoniem knelpunt", recognition=2)
    return item


def test_download_my_data(client, network, sector, ondernemer, session):
    setup_person(network, sector, ondernemer, session)
    client.force_login(ondernemer)
    response = client.get(reverse("my_data_download"))
    data = json.loads(response.content)
    assert data["account"]["email"] == ondernemer.email
    assert data["sessions"]["invitations"][0]["session"] == session.title
    assert data["sessions"]["contact_entries"][0]["text"] == "Bel Henk"
    assert data["kennisbank"]["contact_for"] == ["Buddy"]
    assert data["account"]["consents"][0]["granted"] is True
    log = PrivacyRequest.objects.get()
    assert log.kind == "export" and log.subject_id == ondernemer.pk


def test_erase_myself(client, network, sector, ondernemer, session):
    item = setup_person(network, sector, ondernemer, session)
    pk, email = ondernemer.pk, ondernemer.email
    client.force_login(ondernemer)
    assert client.post(reverse("my_data_erase"), {"confirm": "nee"}).status_code == 302
    assert User.objects.filter(pk=pk).exists()  # not without the confirmation word
    response = client.post(reverse("my_data_erase"), {"confirm": "verwijder"})
    assert response.status_code == 200
    assert not User.objects.filter(email=email).exists()
    assert not Invitation.objects.filter(person_id=pk).exists()
    assert not Capture.objects.filter(text="Bel Henk").exists()
    item.refresh_from_db()
    assert item.contact is None and item.useful_count == 0
    assert Knelpunt.objects.filter(text="Anoniem knelpunt").exists()  # stays, anonymous
    log = PrivacyRequest.objects.get(kind="erase")
    assert log.subject_id == pk and log.by_self and log.requested_by is None
    assert client.get(reverse("my_data")).status_code == 302  # logged out


def test_a_coordinator_on_request_and_nobody_else(
    client, network, ondernemer, coordinator, other_coordinator
):
    url = reverse("member_data", args=[network.slug, ondernemer.pk])
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "VERWIJDER"}).status_code == 404
    client.force_login(coordinator)
    assert json.loads(client.get(url).content)["account"]["email"] == ondernemer.email
    client.post(url, {"confirm": "VERWIJDER"})
    assert not User.objects.filter(pk=ondernemer.pk).exists()
    log = PrivacyRequest.objects.get(kind="erase")
    assert log.requested_by == coordinator and not log.by_self


def test_someone_who_still_leads_sessions_is_not_erased_half(
    client, network, facilitator, coordinator, session
):
    client.force_login(coordinator)
    url = reverse("member_data", args=[network.slug, facilitator.pk])
    response = client.post(url, {"confirm": "VERWIJDER"}, follow=True)
    assert "Hand those sessions over first" in response.content.decode() or (
        "Draag die sessies eerst over" in response.content.decode()
    )
    assert User.objects.filter(pk=facilitator.pk).exists()
    assert not PrivacyRequest.objects.filter(kind="erase").exists()


def test_retention_erases_only_people_who_took_no_part(network, facilitator):
    long_ago = timezone.now() - timedelta(days=800)
    gone = member(network, Role.ONDERNEMER, full_name="Lang Geleden")
    recent = member(network, Role.ONDERNEMER, full_name="Net Ingelogd")
    User.objects.filter(pk__in=[gone.pk, recent.pk, facilitator.pk]).update(date_joined=long_ago)
    User.objects.filter(pk=recent.pk).update(last_login=timezone.now() - timedelta(days=3))
    assert [p.pk for p in inactive_people(24)] == [gone.pk]  # the team is never erased
    from django.core.management import call_command

    call_command("privacy_retention")
    assert not User.objects.filter(pk=gone.pk).exists()
    assert User.objects.filter(pk=recent.pk).exists()
    assert PrivacyRequest.objects.get().kind == "retention"


def test_privacy_statement_in_dutch(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "Knelpunten en evaluaties" in response.content.decode()


def test_solution_contact_gone_with_the_person(network, sector, ondernemer):
    item = kb.solution_create(
        network=network, user=ondernemer, title="T", summary="S", contact=ondernemer
    )
    from praktijktafel.personal_data import person_erase

    person_erase(person=ondernemer, requested_by=None)
    item = Solution.objects.get(pk=item.pk)
    assert item.contact is None and item.created_by is None


def test_a_coordinator_cannot_reach_a_member_of_another_network(
    client, network, other_network, coordinator, ondernemer
):
    # A member of A pulled into B (or simply in both): B's coordinator exported and erased the
    # whole account, including A's data.
    MembershipFactory(user=ondernemer, network=other_network, role=Role.ONDERNEMER)
    client.force_login(coordinator)
    url = reverse("member_data", args=[network.slug, ondernemer.pk])
    response = client.get(url, follow=True)
    assert response.headers.get("Content-Disposition") is None
    assert "hoort ook bij een netwerk dat jij niet coördineert" in response.text
    response = client.post(url, {"confirm": "VERWIJDER"}, follow=True)
    assert "hoort ook bij een netwerk dat jij niet coördineert" in response.text
    assert User.objects.filter(pk=ondernemer.pk).exists()
    assert not PrivacyRequest.objects.exists()


def test_a_coordinator_cannot_erase_a_fellow_coordinator_or_an_administrator(
    client, network, coordinator, django_user_model
):
    fellow = member(network, Role.COORDINATOR, full_name="Tweede Coördinator")
    admin = django_user_model.objects.create_superuser(email="beheer@example.org")
    MembershipFactory(user=admin, network=network, role=Role.ONDERNEMER)
    client.force_login(coordinator)
    for person in (fellow, admin):
        url = reverse("member_data", args=[network.slug, person.pk])
        client.post(url, {"confirm": "VERWIJDER"})
        assert User.objects.filter(pk=person.pk).exists()
        assert client.get(url).headers.get("Content-Disposition") is None


def test_a_coordinator_of_both_networks_may_act_for_a_member_of_both(
    client, network, other_network, coordinator, ondernemer
):
    MembershipFactory(user=ondernemer, network=other_network, role=Role.ONDERNEMER)
    MembershipFactory(user=coordinator, network=other_network, role=Role.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("member_data", args=[network.slug, ondernemer.pk])
    response = client.get(url)
    assert json.loads(response.content)["account"]["email"] == ondernemer.email
    assert response["Cache-Control"] == "no-store"


def test_my_data_download_is_never_cached(client, ondernemer):
    client.force_login(ondernemer)
    assert client.get(reverse("my_data_download"))["Cache-Control"] == "no-store"


# The check itself (kennisbank.privacy): names of anyone, health and absence, contact details,
# and ordinary trade text left alone.


def _kinds(text: str, **kw) -> set[str]:
    from kennisbank.privacy import privacy_warnings

    return {w.kind for w in privacy_warnings(text, **kw)}


def _found(text: str, kind: str) -> list[str]:
    from kennisbank.privacy import privacy_warnings

    return [w.found for w in privacy_warnings(text) if w.kind == kind]


def test_the_check_holds_the_finding_a_first_name_with_back_trouble_and_absence():
    # Sanne is nobody of the network: the check knew only the network's own names.
    assert _found("Sanne heeft rugklachten, zes weken uitgevallen", "name") == ["Sanne"]
    assert _found("Sanne heeft rugklachten, zes weken uitgevallen", "health") == [
        "rugklachten",
        "uitgevallen",
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gisteren belde Piet van der Berg over zijn leerling", "Piet van der Berg"),
        ("Ik sprak met meneer Bos over de planning", "Bos"),
        ("Toen kwam Hoekstra binnen met zijn leerling", "Hoekstra"),
        ("De leerling van Mohammed stopt na de zomer", "Mohammed"),
        ("Max en Job gaan samen naar de cursus", "Job"),  # mid-sentence: a name
        ("Het rooster van Mulder klopt nooit", "Mulder"),  # a surname that is also a word
        ("We hebben met de Jong afgesproken", "Jong"),
        ("vraag sanne hoe ze het rooster maakt", "sanne"),  # typed fast, in lower case
    ],
)
def test_the_check_finds_names_of_anyone(text, name):
    assert name in _found(text, "name")


@pytest.mark.parametrize(
    "word",
    [
        "ziek",
        "zieke",
        "ziekgemeld",
        "ziekmelding",
        "langdurig ziek",
        "rugklachten",
        "nekklacht",
        "burn-out",
        "burnout",
        "burn out",
        "overspannen",
        "uitgevallen",
        "zwanger",
        "zwangerschapsverlof",
        "depressie",
        "depressief",
        "hernia",
        "operatie",
        "knieoperatie",
        "geopereerd",
        "in de lappenmand",
        "re-integratie",
        "arbeidsongeschikt",
    ],
)
def test_the_check_holds_health_and_absence_in_every_form(word):
    assert "health" in _kinds(f"Onze monteur is {word} en dat weet iedereen")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bel (020) 123 45 67 na vijf uur", "phone"),
        ("Bel +31 (0)6 12345678 na vijf uur", "phone"),
        ("Bel 06 12 34 56 78 na vijf uur", "phone"),
        ("Hij woont aan de Dorpsstraat 12a in het dorp", "address"),
        ("Kom langs op Hoofdweg 3-5", "address"),
        ("Ons adres is 3811 AB, achter de kerk", "postcode"),
        ("Mail naar piet@bouw.nl", "email"),
        ("Maak het over naar BE68 5390 0754 7034", "iban"),
        ("Maak het over naar NL91ABNA0417164300", "iban"),
    ],
)
def test_the_check_finds_contact_details(text, kind):
    assert kind in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jonge monteurs vertrekken na twee jaar naar de concurrent.",
        "De coöperatie regelt een cursus voor alle leerlingen.",
        "Max 5 leerlingen per vakman; Ben je lid van Bouwend Nederland of Techniek Nederland?",
        "We plannen in Excel en via WhatsApp, de BBL-leerlingen gaan naar het ROC in Utrecht.",
        "Vacatures staan langer open dan vorig jaar. Het CBS meldt 4,8 procent verzuim.",
        "Het pijnpunt is de planning: in de Bouwvak en rond Kerstmis ligt alles stil.",
        "Op de snelweg 30 minuten stilstaan kost geld; de arbeidsmarkt 2024 blijft krap.",
        "Tip: Geef elke nieuwe collega een buddy en plan na drie maanden een gesprek.",
        "- Laat de leerling zelf plannen\n- Evalueer elke vrijdag een kwartier",
        "max twee leerlingen per vakman, ben je het eens? de fleur is er snel af bij mark-up",
        "Een buddy voor elke nieuwe monteur, 10 tot 19 medewerkers.",
        "Ziekteverzuim bespreekbaar maken in het ochtendoverleg.",
        # Dutch compounds are too rare for a frequency list, yet no name.
        "Bespreek de Sectorcijfers en de Tijdsplanning met de Opleidingsadviseurs.",
        "Kleine bedrijven opereren vaak zonder personeelsafdeling.",
        "Een collectieve ziektekostenverzekering helpt om mensen te houden.",
    ],
)
def test_ordinary_trade_text_is_not_held(text):
    assert _kinds(text) == set()


def test_sick_leave_as_a_topic_is_not_held_but_a_name_next_to_it_is():
    assert _kinds("Piet heeft veel ziekteverzuim") == {"name"}


def test_a_network_name_is_one_warning_not_also_a_general_name():
    assert _kinds("Henk Hendriks belt nooit terug", people=["Henk Hendriks"]) == {"person"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hen\u00adk Hen\u00addriks zeurt over de planning", "name"),  # soft hyphens
        ("Een collega met burn\u00adout", "health"),
        ("Een collega met burn\u2011out", "health"),  # a non-breaking hyphen
        ("Een collega met ｂｕｒｎｏｕｔ", "health"),  # full-width letters
        ("Een collega met burn\u200bout", "health"),  # a zero-width space
        ("Bel 06\u00ad12345678", "phone"),
    ],
)
def test_invisible_characters_and_look_alikes_do_not_hide_a_name_or_health(text, kind):
    """What the browser shows is what the check reads: soft hyphens, zero-width characters,
    other hyphens and full-width letters are read as the plain text they look like."""
    assert kind in _kinds(text)


def test_typed_text_loses_soft_hyphens_and_zero_width_characters():
    from praktijktafel.middleware import clean_typed_text

    assert clean_typed_text("Hen\u00adk en burn\u200bout\ufeff") == "Henk en burnout"
