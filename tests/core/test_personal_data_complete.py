"""Export and erasure cover everything the product stores about a person (AVG art. 15, 17): a
person with data in every feature is exported (every piece is in the file) and erased, and
then no text field of any model holds their name or e-mail address any more."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.models import Consent, Organisation, User
from praktijktafel.personal_data import person_erase, person_export
from quarterly.models import Delivery, OptOut, QuarterlyUpdate
from sessions.live.services.captures import capture_add
from sessions.live.services.run import live_start
from sessions.models import (
    ActionFollowUp,
    Capture,
    Invitation,
    PhoneActionMail,
    ReminderLog,
)
from sessions.services.invitations import invitations_send, invitees_parse, rsvp_respond
from sessions.services.turnout import contact_moment_record, phone_preference_set
from tests.factories import (
    DatasetFactory,
    EvaluationFactory,
    OrganisationFactory,
    SessionChartFactory,
    UserFactory,
    session_for,
)

pytestmark = pytest.mark.django_db

NAME = "Henk Hendriks"


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def _everywhere(*needles: str) -> list[str]:
    """Every row of every model with one of the needles in a text field: 'model.field: value'."""
    found = []
    for model in apps.get_models():
        for field in _text_fields(model):
            as_text = Cast(field.name, models.TextField())
            query = Q()
            for needle in needles:
                query |= Q(_as_text__icontains=needle)
            rows = model._default_manager.annotate(_as_text=as_text).filter(query)
            found += [
                f"{model._meta.label}.{field.name}: {v}"
                for v in rows.values_list("_as_text", flat=True)
            ]
    return found


@pytest.fixture
def henk(ondernemer, sector):
    """The ondernemer "Henk Hendriks" with his own firm."""
    ondernemer.organisation = OrganisationFactory(
        name="Hendriks Installatietechniek", sector=sector, place="Wageningen"
    )
    ondernemer.save()
    return ondernemer


@pytest.fixture
def everything(henk, network, sector, session, facilitator, coordinator, staff):
    """Henk with data in every feature, and text of others that names him."""
    email = henk.email
    EmailAddress.objects.create(user=henk, email=email, verified=True, primary=True)
    Consent.objects.create(
        user=henk, kind=Consent.Kind.SHARE_CONTACT, granted=True, network=network
    )
    phone_preference_set(
        person=henk,
        network=network,
        phone="06 12345678",
        consent=True,
        prefers_call=True,
        source="test",
    )
    # Sessions: an invitation answered with a case, a reminder, a call noted by the coordinator.
    invitations_send(session=session, people=[henk])
    invitation = Invitation.objects.get(session=session, person=henk)
    invitation.name_as_invited = NAME
    invitation.firm_as_invited = "Hendriks Installatietechniek"
    invitation.save()
    rsvp_respond(
        invitation=invitation,
        attend=True,
        brings_case=True,
        case_summary="Mijn beste monteur wil vier dagen werken",
    )
    ReminderLog.objects.create(
        invitation=invitation, kind="reminder_days", for_start=session.starts_at
    )
    contact_moment_record(
        invitation=invitation, by=coordinator, outcome="coming", note="Komt met zijn case"
    )
    # Henk as the knowledge expert of another session, who attached a chart to it.
    other = session_for(network, facilitator, days=21, kennisexpert=henk, title="Vitaal blijven")
    SessionChartFactory(session=other, attached_by=henk)
    # Live: an action the group gave Henk, his contact entry, a tip that names him.
    live_start(session=session)
    action, _ = capture_add(
        session=session,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.ACTION,
        text="Functioneringsgesprekken inplannen",
        owner=NAME,
    )
    ActionFollowUp.objects.create(action=action, reviewed_in=other, status="done")
    capture_add(
        session=session,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.CONTACT,
        text="Weet alles van de BBL-route",
        person=henk,
    )
    capture_add(
        session=session,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.TIP,
        text=f"Tip van {NAME}: laat de leerling meerijden",
    )
    EvaluationFactory(session=session, remark=f"Het verhaal van {NAME} hielp")
    PhoneActionMail.objects.create(session=session, text="Maandag bellen", email=email)
    # Kennisbank: an item he wrote, an item with him as contact, a 'useful' mark.
    written = kb.solution_create(
        network=network,
        user=henk,
        title="Vierdaagse werkweek",
        summary=f"Zo deed {NAME} het.",
        themes=["behouden"],
        sector_ids=[sector.pk],
    )
    contact_for = kb.solution_create(
        network=network,
        user=None,
        title="Buddy voor nieuwe monteurs",
        summary="Kort.",
        themes=["behouden"],
        sector_ids=[sector.pk],
        contact=henk,
    )
    kb.solution_publish(solution=contact_for, user=None, privacy_confirmed=True)
    kb.useful_mark(solution=contact_for, user=henk)
    # Sector data he imported, a quarterly update he made and was sent, an opt-out.
    DatasetFactory(table_id="85916NED", imported_by=henk)
    now = timezone.now() - timedelta(days=120)
    update = QuarterlyUpdate.objects.create(
        network=network, year=now.year, quarter=(now.month - 1) // 3 + 1, created_by=henk
    )
    Delivery.objects.create(
        update=update, person=henk, status="failed", error=f"550 {email}: mailbox full"
    )
    OptOut.objects.create(person=henk, network=network)
    # The administrator changed his account.
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(henk.pk),
        object_repr=str(henk),
        action_flag=CHANGE,
        change_message=f"Adres gewijzigd naar {email}",
    )
    return {"written": written, "contact_for": contact_for, "update": update}


def test_the_export_holds_every_piece(henk, everything):
    data = json.dumps(person_export(person=henk, requested_by=henk), ensure_ascii=False)
    for piece in [
        henk.email,
        NAME,
        "Hendriks Installatietechniek",  # the firm
        "Wageningen",
        "+31612345678",
        "Mijn beste monteur wil vier dagen werken",  # the case typed on the RSVP page
        "Komt met zijn case",
        "reminder_days",
        "Vitaal blijven",  # the session he is the knowledge expert of
        "Functioneringsgesprekken inplannen",  # the action the group gave him
        "Weet alles van de BBL-route",
        f"Tip van {NAME}",  # text of others that names him
        f"Het verhaal van {NAME}",
        "Maandag bellen",
        "Vierdaagse werkweek",
        "Buddy voor nieuwe monteurs",
        "85916NED",
        everything["update"].label,
        "mailbox full",
        "Adres gewijzigd",
    ]:
        assert piece in data, piece
    answers = json.loads(data)["sessions"]["invitations"][0]
    assert answers["brings_case"] is True and answers["status"] == "confirmed"
    assert answers["name_as_invited"] == NAME


def test_after_erasure_no_model_holds_the_name_or_address(henk, everything):
    email, firm = henk.email, henk.organisation
    assert _everywhere(NAME, email)  # the walk sees him before
    person_erase(person=henk, requested_by=henk)
    assert _everywhere(NAME, email) == []
    assert not Organisation.objects.filter(pk=firm.pk).exists()
    # What others shared stays, without his name; the kennisbank finds it by what is left.
    tip = Capture.objects.get(kind=Capture.Kind.TIP)
    assert tip.text.endswith("laat de leerling meerijden") and NAME not in tip.text
    action = Capture.objects.get(kind=Capture.Kind.ACTION)
    assert action.owner == "" and action.text == "Functioneringsgesprekken inplannen"
    written = Solution.objects.get(pk=everything["written"].pk)
    assert written.created_by is None and "Hendriks" not in written.summary


def test_a_firm_stays_while_another_person_works_there(henk, everything):
    colleague = UserFactory(organisation=henk.organisation)
    person_erase(person=henk, requested_by=henk)
    colleague.refresh_from_db()
    assert colleague.organisation is not None
    assert colleague.organisation.name == "Hendriks Installatietechniek"


def test_a_namesake_keeps_their_name_and_their_actions(henk, everything, other_network, session):
    """Two accounts with one name: a text naming "Henk Hendriks" may mean either, so only the
    address and the explicit links of the erased one go."""
    namesake = UserFactory(full_name=NAME)
    tip = Capture.objects.get(kind=Capture.Kind.TIP)
    person_erase(person=henk, requested_by=henk)
    namesake.refresh_from_db()
    assert namesake.full_name == NAME
    tip.refresh_from_db()
    assert NAME in tip.text
    assert _everywhere(henk.email) == []


def test_a_coordinators_export_holds_nothing_of_another_network(
    network, other_network, facilitator, other_coordinator, client
):
    """A coordinator exports a member's data on their request: what another network holds
    about that person (an invitation there, a note that names them, a call noted there) is
    not theirs to read. The person's own export still has it all."""
    from praktijktafel.models import Role
    from tests.factories import member, session_for

    linda = member(other_network, Role.ONDERNEMER, full_name="Linda Smitsma")
    elsewhere = session_for(network, facilitator, title="Tafel van het andere netwerk")
    invitations_send(
        session=elsewhere,
        new_people=invitees_parse(f"{linda.email}, Linda zoals getypt"),
    )
    live_start(session=elsewhere)
    capture_add(
        session=elsewhere,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.GROUP_ACTION,
        text="Bel Linda Smitsma over haar hernia",
        owner="Linda Smitsma",
    )
    from sessions.models import ActionCheckOptOut

    ActionCheckOptOut.objects.create(person=linda, network=network)  # stopped mails there
    client.force_login(other_coordinator)
    url = reverse("member_data", kwargs={"slug": other_network.slug, "pk": linda.pk})
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200, text[:300]
    assert "Tafel van het andere netwerk" not in text
    assert "hernia" not in text and "zoals getypt" not in text
    assert network.name not in text  # not even that Linda stopped its follow-up mails
    own = person_export(person=linda, requested_by=linda)
    assert "hernia" in json.dumps(own, ensure_ascii=False)
