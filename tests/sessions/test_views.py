"""Session pages: happy path, outsiders, HTMX fragments and constant query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praktijktafel.models import Role
from sessions.live.services.captures import capture_add
from sessions.live.services.run import live_finish, live_start
from sessions.models import Invitation, Session
from sessions.services.agenda import phase_remove
from sessions.services.invitations import invitations_send, rsvp_respond
from sessions.tokens import rsvp_token
from tests.factories import SeriesFactory, member, session_for
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def test_coordinator_and_facilitator_see_the_dashboard(
    client, session, coordinator, facilitator, network
):
    for user in (coordinator, facilitator):
        client.force_login(user)
        response = client.get(reverse("sessions:dashboard", args=[network.slug]))
        assert response.status_code == 200
        assert session.title in response.text


def test_outsiders_get_404(client, network, ondernemer, other_coordinator):
    for user in (ondernemer, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("sessions:dashboard", args=[network.slug])).status_code == 404


def test_anonymous_is_sent_to_login(client, network):
    response = client.get(reverse("sessions:dashboard", args=[network.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_query_count_is_constant(client, network, coordinator, facilitator):
    client.force_login(coordinator)
    url = reverse("sessions:dashboard", args=[network.slug])
    first = session_for(network, facilitator)
    invitations_send(session=first, people=[member(network, Role.ONDERNEMER)])
    baseline = count_queries(client, url)
    for n in range(10):
        extra = session_for(network, facilitator, title=f"Tafel {n}", days=20 + n)
        people = [member(network, Role.ONDERNEMER) for _ in range(3)]
        invitations_send(session=extra, people=people)
    assert count_queries(client, url) == baseline


def test_quorum_alert_within_48_hours(client, network, coordinator, facilitator):
    soon = session_for(network, facilitator, days=1, title="Bijna en te leeg")
    invitations_send(session=soon, people=[member(network, Role.ONDERNEMER)], warning_reason="test")
    client.force_login(coordinator)
    response = client.get(reverse("sessions:dashboard", args=[network.slug]))
    assert "Te weinig aanmeldingen" in response.text


def test_facilitator_plans_a_session(client, network, facilitator, sector):
    client.force_login(facilitator)
    date = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        reverse("sessions:new", args=[network.slug]),
        {
            "title": "Vakmensen vasthouden",
            "sector": sector.pk,
            "theme": "behouden",
            "date": date,
            "start_time": "16:30",
            "slot_minutes": 90,
            "venue_name": "Dorpshuis",
            "address": "Dorpsstraat 1, Ede",
            "capacity": 12,
            "quorum": 5,
        },
    )
    session = Session.objects.get(title="Vakmensen vasthouden")
    assert response.status_code == 302
    assert session.facilitator == facilitator
    assert session.phases.count() == 5


def test_form_keeps_what_was_typed_on_error(client, network, facilitator, sector):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:new", args=[network.slug]),
        {
            "title": "Mijn titel",
            "sector": sector.pk,
            "theme": "behouden",
            "date": "2020-01-01",
            "start_time": "16:30",
            "slot_minutes": 90,
            "venue_name": "Dorpshuis",
            "address": "Dorpsstraat 1",
            "capacity": 12,
            "quorum": 5,
        },
    )
    assert response.status_code == 200
    assert "Dit moment is al voorbij" in response.text
    assert 'value="Mijn titel"' in response.text
    assert not Session.objects.filter(title="Mijn titel").exists()


def test_ondernemer_cannot_plan(client, network, ondernemer):
    client.force_login(ondernemer)
    assert client.get(reverse("sessions:new", args=[network.slug])).status_code == 404


def test_session_page_for_the_team_only(
    client, session, facilitator, kennisexpert, other_facilitator, ondernemer
):
    url = reverse("sessions:detail", args=[session.pk])
    for user in (facilitator, kennisexpert):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (other_facilitator, ondernemer):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_kennisexpert_cannot_change_the_agenda(client, session, kennisexpert):
    client.force_login(kennisexpert)
    phase = session.phases.first()
    url = reverse("sessions:phase_minutes", args=[session.pk, phase.pk])
    assert client.post(url, {"minutes": 5}).status_code == 404
    phase.refresh_from_db()
    assert phase.minutes == 10


def test_htmx_phase_change_returns_the_planning_fragment(client, session, facilitator):
    client.force_login(facilitator)
    phase = session.phases.get(position=2)
    response = client.post(
        reverse("sessions:phase_minutes", args=[session.pk, phase.pk]),
        {"minutes": 5},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="planning"' in response.text
    assert "<html" not in response.text
    assert "Maar 15 minuten om te landen" in response.text
    assert 'name="minutes"' in response.text  # the edit controls stay after the swap


def test_pve_preview_for_unsaved_times(client, session, facilitator):
    client.force_login(facilitator)
    local = timezone.localtime(session.starts_at)
    response = client.post(
        reverse("sessions:check", args=[session.pk]),
        {
            "title": session.title,
            "sector": session.sector_id,
            "theme": "behouden",
            "date": local.date().isoformat(),
            "start_time": "14:00",
            "slot_minutes": 90,
            "venue_name": "Dorpshuis",
            "address": "Dorpsstraat 1",
            "capacity": 12,
            "quorum": 5,
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Begint om 14:00" in response.text
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 16


def test_session_page_query_count_is_constant(client, session, facilitator, network):
    client.force_login(facilitator)
    url = reverse("sessions:detail", args=[session.pk])
    invitations_send(session=session, people=[member(network, Role.ONDERNEMER)])
    baseline = count_queries(client, url)
    invitations_send(session=session, people=[member(network, Role.ONDERNEMER) for _ in range(20)])
    assert count_queries(client, url) == baseline


def test_invite_page_and_double_submit(client, session, facilitator, ondernemer):
    client.force_login(facilitator)
    url = reverse("sessions:invite", args=[session.pk])
    assert client.get(url).status_code == 200
    data = {"people": [ondernemer.pk], "new_people": ""}
    assert client.post(url, data).status_code == 200  # asks first
    assert session.invitations.count() == 0
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    client.post(url, {"people": [], "new_people": ondernemer.email, "confirm": "1"})
    assert session.invitations.count() == 1


def test_bad_email_lines_are_shown_and_nothing_is_sent(client, session, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:invite", args=[session.pk]),
        {"new_people": "ok@firma.example\ngeen-adres"},
    )
    assert response.status_code == 422
    assert "Regel 2" in response.text and "geen-adres" in response.text
    assert session.invitations.count() == 0


def test_rsvp_without_login(client, session, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    invitation = session.invitations.get()
    url = reverse("sessions:rsvp", args=[rsvp_token(invitation)])
    response = client.get(url)
    assert response.status_code == 200
    assert session.venue_name in response.text
    response = client.post(url, {"attend": "yes", "share_contact": "no", "recording": "no"})
    assert response.status_code == 302
    client.post(url, {"attend": "yes", "share_contact": "no", "recording": "no"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    assert "Je bent aangemeld" in client.get(url).text


def test_forged_token_gives_a_clear_page(client):
    response = client.get(reverse("sessions:rsvp", args=["nep-token"]))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.text


def test_expired_token(client, session, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    token = rsvp_token(session.invitations.get())
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=5))
    response = client.get(reverse("sessions:rsvp", args=[token]))
    assert response.status_code == 410
    assert "verlopen" in response.text


def test_token_gives_access_to_that_invitation_only(client, session, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    token = rsvp_token(session.invitations.get())
    client.get(reverse("sessions:rsvp", args=[token]))
    assert client.get(reverse("sessions:detail", args=[session.pk])).status_code == 302


def test_series_page(client, session, coordinator, network, sector):

    series = SeriesFactory(network=network, sector=sector, title="Leerlijn")
    session.series = series
    session.save()
    live_start(session=session)
    import uuid

    capture_add(
        session=session,
        client_id=uuid.uuid4(),
        kind="insight",
        text="Maandelijks een werkoverleg",
    )
    live_finish(session=session)
    client.force_login(coordinator)
    response = client.get(reverse("sessions:series", args=[series.pk]))
    assert response.status_code == 200 and session.title in response.text
    assert "Maandelijks een werkoverleg" in response.text and "Open" in response.text


def test_attendance(client, session, facilitator, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    invitation = session.invitations.get()
    rsvp_respond(invitation=invitation, attend=True)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    client.post(url, {f"a{invitation.pk}": "late"})
    invitation.refresh_from_db()
    assert invitation.attendance == "late"


def test_coordinator_keeps_an_agenda_and_plans_with_it(
    client, session, coordinator, facilitator, network, sector
):
    from sessions.models import AgendaTemplate

    phase_remove(phase=session.phases.get(position=3))
    client.force_login(coordinator)
    client.post(reverse("sessions:template_save", args=[session.pk]), {"name": "Zonder kennis"})
    template = AgendaTemplate.objects.get(network=network, name="Zonder kennis")
    assert [p["minutes"] for p in template.phases] == [10, 15, 35, 10]

    client.force_login(facilitator)
    date = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(
        reverse("sessions:new", args=[network.slug]),
        {
            "title": "Met eigen agenda",
            "sector": sector.pk,
            "theme": "behouden",
            "date": date,
            "start_time": "16:30",
            "slot_minutes": 90,
            "venue_name": "Zaal",
            "address": "Straat 1, Ede",
            "capacity": 12,
            "quorum": 5,
            "template": template.pk,
        },
    )
    new = Session.objects.get(title="Met eigen agenda")
    assert list(new.phases.values_list("minutes", flat=True)) == [10, 15, 35, 10]


def test_only_coordinators_save_templates(client, session, facilitator):
    from sessions.models import AgendaTemplate

    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:template_save", args=[session.pk]), {"name": "Mag niet"}
    )
    assert response.status_code == 404
    assert not AgendaTemplate.objects.exists()


def _checked(html: str, name: str) -> str | None:
    """The value of the checked radio button `name` in `html`, as a browser would send it."""
    import re

    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_rsvp_page_shows_the_current_consent_and_a_cancel_keeps_it(client, session, ondernemer):
    """Privacy: reloading the RSVP page showed 'Nee' for both consents, and any later submit
    (even just cancelling) withdrew the consent the person had given."""
    from praktijktafel.consent import latest_answer
    from praktijktafel.models import Consent

    invitations_send(session=session, people=[ondernemer])
    url = reverse("sessions:rsvp", args=[rsvp_token(session.invitations.get())])
    client.post(url, {"attend": "yes", "share_contact": "yes", "recording": "no"})
    assert latest_answer(ondernemer, Consent.Kind.SHARE_CONTACT, network=session.network) is True

    page = client.get(url).text
    assert _checked(page, "share_contact") == "yes"
    assert _checked(page, "recording") == "no"
    assert _checked(page, "attend") == "yes"

    # Cancel, sending the form exactly as it is shown, with only the attendance changed.
    client.post(
        url,
        {
            "attend": "no",
            "share_contact": _checked(page, "share_contact"),
            "recording": _checked(page, "recording"),
        },
    )
    assert latest_answer(ondernemer, Consent.Kind.SHARE_CONTACT, network=session.network) is True
    assert Consent.objects.filter(user=ondernemer, kind=Consent.Kind.SHARE_CONTACT).count() == 1


def test_rsvp_records_only_a_consent_answer_the_person_changed(client, session, ondernemer):
    from praktijktafel.consent import consent_record
    from praktijktafel.models import Consent

    consent_record(
        user=ondernemer,
        kind=Consent.Kind.RECORDING,
        granted=True,
        source="test",
        network=session.network,
    )
    invitations_send(session=session, people=[ondernemer])
    url = reverse("sessions:rsvp", args=[rsvp_token(session.invitations.get())])
    page = client.get(url).text
    assert _checked(page, "recording") == "yes"
    assert _checked(page, "share_contact") == "no"  # never answered: not shared

    # Leaving both as shown records nothing new.
    client.post(url, {"attend": "yes", "share_contact": "no", "recording": "yes"})
    assert Consent.objects.filter(user=ondernemer).count() == 1
    # Changing one records that one only.
    client.post(url, {"attend": "yes", "share_contact": "no", "recording": "no"})
    answers = list(
        Consent.objects.filter(user=ondernemer).order_by("pk").values_list("kind", "granted")
    )
    assert answers == [(Consent.Kind.RECORDING, True), (Consent.Kind.RECORDING, False)]


def test_the_cross_on_a_phase_deletes_it_and_does_not_move_it(client, session, facilitator):
    """`/fase/<id>/verwijderen/` was matched by the move route, so ✕ moved the phase down."""
    client.force_login(facilitator)
    phases = list(session.phases.order_by("position"))
    first = phases[0]
    response = client.post(reverse("sessions:phase_delete", args=[session.pk, first.pk]))
    assert response.status_code in (200, 302)
    assert not session.phases.filter(pk=first.pk).exists()
    assert session.phases.count() == len(phases) - 1


def test_only_up_and_down_move_a_phase(client, session, facilitator):
    client.force_login(facilitator)
    phase = session.phases.order_by("position").first()
    url = reverse("sessions:phase_move", args=[session.pk, phase.pk, "down"])
    assert client.post(url.replace("/down/", "/sideways/")).status_code == 404


def test_invitation_mail_carries_one_press_yes_and_no_links(
    client, session, ondernemer, mailoutbox
):
    """'Ik kom' / 'Ik kan niet' in the mail: GET only shows (safe against link scanners),
    one press (POST) answers."""
    import re

    from sessions.emails import invitation_message

    invitations_send(session=session, people=[ondernemer])
    invitation = session.invitations.get()
    body = invitation_message(invitation, "invitation").body
    assert "Ik kom" in body and "Ik kan niet" in body
    yes = re.search(r"http\S+/ik-kom/", body).group(0)
    no = re.search(r"http\S+/ik-kan-niet/", body).group(0)
    yes_path, no_path = (u.split("://", 1)[1].split("/", 1)[1] for u in (yes, no))

    page = client.get("/" + yes_path)  # a link scanner opening the link changes nothing
    assert page.status_code == 200
    assert 'method="post"' in page.text and "Ja, ik kom" in page.text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED

    assert client.post("/" + yes_path).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED

    client.get("/" + no_path)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    client.post("/" + no_path)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_dutch_month_abbreviations_are_lower_case(client, network, coordinator, facilitator):
    from django.template import Context, Template
    from django.utils import translation

    moment = timezone.make_aware(timezone.datetime(2026, 12, 8, 16, 30))
    template = Template('{% load moments %}{{ m|when:"D j M Y" }}')
    with translation.override("nl"):
        assert template.render(Context({"m": moment})) == "di 8 dec. 2026"
    with translation.override("en"):
        assert template.render(Context({"m": moment})) == "Tue 8 Dec 2026"
    session_for(network, facilitator, title="Decembertafel")
    client.force_login(coordinator)
    html = client.get(reverse("sessions:dashboard", args=[network.slug])).text
    assert not re.search(r"\d (Jan|Feb|Mrt|Apr|Mei|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b", html)


@pytest.mark.parametrize("name", ["rsvp", "rsvp_yes", "rsvp_no", "rsvp_ics", "rsvp_shared"])
def test_every_link_page_says_a_forged_link_does_not_work(client, name):
    response = client.get(reverse(f"sessions:{name}", args=["nep-token"]))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.text


def test_a_forged_shared_link_mails_nobody(client):
    response = client.post(reverse("sessions:rsvp_shared_mail", args=["nep-token"]))
    assert response.status_code == 404
