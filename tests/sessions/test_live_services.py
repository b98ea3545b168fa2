"""Running a session: timer on the server, idempotent capture, anonymity, afronden."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from praktijktafel.models import Consent, Role, User
from sessions.agenda import PhaseKind
from sessions.live.selectors.console import (
    console_lists,
    console_state,
    previous_actions,
    question_candidates,
)
from sessions.live.selectors.projector import projector
from sessions.live.services.captures import (
    capture_add,
    capture_promote,
    followup_mark,
    item_add,
    item_approve,
    knelpunt_add,
)
from sessions.live.services.run import (
    live_extend,
    live_finish,
    live_goto,
    live_next,
    live_pause_toggle,
    live_previous,
    live_question,
    live_start,
)
from sessions.models import Capture, Evaluation, Knelpunt, LiveState, PhaseRun, Question, Session
from sessions.selectors.summary import fidelity, promoted_waiting, summary
from sessions.services.evaluation import evaluation_submit
from sessions.services.invitations import invitations_send
from sessions.tokens import evaluation_token
from tests.factories import SeriesFactory, member, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(session):
    live_start(session=session, now=session.starts_at)
    return session


def minutes(session, n):
    return session.starts_at + timedelta(minutes=n)


def test_start_begins_phase_one_and_is_idempotent(session):
    live = live_start(session=session, now=session.starts_at)
    again = live_start(session=session, now=session.starts_at)
    assert live.pk == again.pk
    assert live.current_phase.position == 1
    assert PhaseRun.objects.filter(session=session).count() == 1
    session.refresh_from_db()
    assert session.status == Session.Status.LIVE
    assert len(live.phone_code) == 6


def test_next_previous_and_actual_times(running):
    live_next(session=running, now=minutes(running, 12))
    live_previous(session=running, now=minutes(running, 13))
    live_next(session=running, now=minutes(running, 14))
    runs = list(PhaseRun.objects.filter(session=running).order_by("started_at"))
    assert [r.phase.position for r in runs] == [1, 2, 1, 2]
    view = console_state(session=running, now=minutes(running, 20))
    assert view.current.position == 2
    assert view.clock.phase_remaining == (15 - 7) * 60  # 1 min earlier + 6 now
    assert view.clock.buffer_used == 3 * 60  # phase 1 took 13 of 10 minutes


def test_pause_and_extend(running):
    live_pause_toggle(session=running, now=minutes(running, 2))
    live_pause_toggle(session=running, now=minutes(running, 7))
    live_extend(session=running)
    view = console_state(session=running, now=minutes(running, 8))
    assert view.clock.phase_remaining == (10 + 5 - 3) * 60


def test_every_change_raises_the_version(running):
    before = LiveState.objects.get(session=running).version
    live_next(session=running, now=minutes(running, 10))
    knelpunt_add(session=running, client_id=uuid.uuid4(), text="Geen monteurs te vinden")
    assert LiveState.objects.get(session=running).version == before + 2


def test_a_retried_capture_is_stored_once(running):
    client_id = uuid.uuid4()
    first, created = knelpunt_add(session=running, client_id=client_id, text="Verzuim")
    again, created_again = knelpunt_add(session=running, client_id=client_id, text="Verzuim")
    assert created and not created_again and first.pk == again.pk
    cid = uuid.uuid4()
    capture_add(session=running, client_id=cid, kind="tip", text="Buddy voor nieuwe")
    capture_add(session=running, client_id=cid, kind="tip", text="Buddy voor nieuwe")
    assert Capture.objects.filter(session=running).count() == 1


def test_empty_and_too_long_text_are_refused(running):
    with pytest.raises(ValidationError):
        knelpunt_add(session=running, client_id=uuid.uuid4(), text="   ")
    with pytest.raises(ValidationError):
        capture_add(session=running, client_id=uuid.uuid4(), kind="tip", text="x" * 501)


def test_nothing_changes_after_afronden(running):
    live_finish(session=running, now=minutes(running, 88))
    with pytest.raises(ValidationError):
        knelpunt_add(session=running, client_id=uuid.uuid4(), text="Te laat")


def test_no_table_links_a_knelpunt_to_a_person():
    """Walk every relation reachable from Knelpunt except through the session: none may
    lead to the user model."""
    user_model = apps.get_model("praktijktafel", "User")
    fields = Knelpunt._meta.get_fields()
    relations = [f for f in fields if f.is_relation]
    assert [f.name for f in relations] == ["session"]
    assert all(f.related_model is not user_model for f in fields if f.is_relation)
    columns = {f.column for f in fields if hasattr(f, "column")}
    assert not columns & {"user_id", "person_id", "author_id", "created_by_id", "invitation_id"}


def test_contact_only_with_consent(running, network):
    person = member(network, Role.ONDERNEMER)
    with pytest.raises(ValidationError):
        capture_add(
            session=running,
            client_id=uuid.uuid4(),
            kind="contact",
            text="Weet alles van leerlingen",  # who: the person, not the text
            person=person,
        )
    Consent.objects.create(
        user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    capture, _ = capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="contact",
        text="Weet alles van leerlingen",  # who: the person, not the text
        person=person,
    )
    assert capture in summary(session=running).contacts
    Consent.objects.create(
        user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=False
    )
    assert capture not in summary(session=running).contacts


def test_phone_items_wait_for_the_facilitator(running):
    item, _ = knelpunt_add(
        session=running, client_id=uuid.uuid4(), text="Van telefoon", from_phone=True
    )
    assert ("knelpunt", item) in [
        (r.key, r.item) for r in console_lists(session=running).pending_rows
    ]
    assert "Van telefoon" not in [t for t, _n in projector(session_id=running.pk).knelpunten]
    item_approve(item=item)
    assert "Van telefoon" in [t for t, _n in projector(session_id=running.pk).knelpunten]


def test_projector_never_shows_names(running, network):
    person = member(network, Role.ONDERNEMER, full_name="Geheime Naam")
    Consent.objects.create(
        user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="case",
        text="Monteur wil minder werken",
        owner="Geheime Naam",
    )
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="contact",
        text="Contact via OTIB",
        person=person,
    )
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="insight",
        text="Iedereen voert een stay-gesprek",
        owner="Geheime Naam",
    )
    closing = running.phases.get(kind=PhaseKind.CLOSING)
    live_goto(session=running, phase=closing)  # the phase that shows the group's actions
    view = projector(session_id=running.pk)
    assert "Geheime Naam" not in repr(view) and person.email not in repr(view)
    assert view.group_actions == ["Iedereen voert een stay-gesprek"]


def test_finish_mails_the_summary_to_attendees_only(
    running, network, django_capture_on_commit_callbacks, run_tasks
):
    came, stayed_home = member(network, Role.ONDERNEMER), member(network, Role.ONDERNEMER)
    Session.objects.filter(pk=running.pk).update(status=Session.Status.INVITED)
    invitations_send(session=running, people=[came, stayed_home])
    Session.objects.filter(pk=running.pk).update(status=Session.Status.LIVE)
    for inv in running.invitations.all():
        inv.status = "confirmed"
        inv.attendance = "present" if inv.person == came else "absent"
        inv.save()
    knelpunt_add(session=running, client_id=uuid.uuid4(), text="Niemand wil leren")
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="case",
        text="Leerling stopt na een maand",
        owner="Henk",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live_finish(session=running, now=minutes(running, 85))
    # The summary waits out the reopen window (REOPEN_MINUTES), then goes to who came.
    assert run_tasks() == [] and mail.outbox == []
    run_tasks(due_only=False)
    assert [m.to for m in mail.outbox] == [[came.email]]
    body = mail.outbox[0].body
    assert "Niemand wil leren" in body and "Leerling stopt na een maand" in body
    assert "Henk" not in body
    assert "/evaluatie/" in body
    running.refresh_from_db()
    assert running.status == Session.Status.DONE


def test_evaluation_is_anonymous_and_once_per_link(running, ondernemer):
    invitation = running.invitations.create(person=ondernemer, status="confirmed")
    token = evaluation_token(invitation)
    evaluation_submit(token=token, useful=4, come_again="yes", remark="Goed!")
    with pytest.raises(ValidationError):
        evaluation_submit(token=token, useful=1, come_again="no")
    evaluation = Evaluation.objects.get()
    assert [f.name for f in Evaluation._meta.get_fields() if f.is_relation] == ["session"]
    assert evaluation.useful == 4
    with pytest.raises(ValidationError):
        evaluation_submit(token=token + "x", useful=3, come_again="yes")


def test_fidelity_compares_planned_and_actual(running):
    live_next(session=running, now=minutes(running, 5))  # welcome: 5 of 10
    live_next(session=running, now=minutes(running, 15))  # landing: 10 of 15
    live_finish(session=running, now=minutes(running, 20))
    report = fidelity(session=running)
    assert [(r.planned, r.actual) for r in report.rows][:3] == [(10, 5.0), (15, 10.0), (10, 5.0)]
    landing = next(r for r in report.results if r.rule == "landing")
    assert landing.is_warning  # 15 actual landing minutes < 20


def test_series_actions_come_back_and_questions_are_not_repeated(network, facilitator, sector):

    series = SeriesFactory(network=network, sector=sector, title="Leerlijn")
    first = session_for(network, facilitator, series=series, days=7)
    second = session_for(network, facilitator, series=series, days=21, title="Deel 2")
    live_start(session=first, now=first.starts_at)
    question = Question.objects.filter(kind="start").first()
    live_question(session=first, question=question)
    action, _ = capture_add(
        session=first,
        client_id=uuid.uuid4(),
        kind="insight",
        text="Elke maandag een kort werkoverleg",
    )
    live_finish(session=first, now=first.starts_at + timedelta(minutes=80))

    live_start(session=second, now=second.starts_at)
    assert [(r.action, r.status) for r in previous_actions(session=second)] == [(action, "")]
    assert console_state(session=second).previous_rows[0].action == action  # phase 1 shows them
    followup_mark(action=action, session=second, status="partly")
    assert [(r.action, r.status) for r in previous_actions(session=second)] == [(action, "partly")]
    assert question not in question_candidates(session=second, kind="start")


def test_promote_tips_to_the_waiting_list(running, network):
    tip, _ = capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="tip",
        text="Laat leerlingen meelopen met de beste monteur",
    )
    capture_promote(capture=tip)
    capture_promote(capture=tip)
    assert list(promoted_waiting(network_id=network.pk)) == [tip]
    case, _ = capture_add(session=running, client_id=uuid.uuid4(), kind="case", text="x")
    with pytest.raises(ValidationError):
        capture_promote(capture=case)


def test_user_model_is_not_reachable_from_evaluation():
    assert User not in [f.related_model for f in Evaluation._meta.get_fields() if f.is_relation]
    assert timezone.now()


@pytest.mark.parametrize("kind", ["tip", "action", "case", "knelpunt"])
def test_only_a_contact_names_a_person(running, network, kind):
    """A person's name and address are shown beside a capture that names them: only a
    contact may, and only with the person's consent (checked for contacts above)."""
    person = member(network, Role.ONDERNEMER)
    with pytest.raises(ValidationError) as refused:
        item_add(session=running, client_id=uuid.uuid4(), kind=kind, text="Iets", person=person)
    assert "contact" in " ".join(refused.value.messages).lower()
    assert not Capture.objects.filter(session=running).exists()
