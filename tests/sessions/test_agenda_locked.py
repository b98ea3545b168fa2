"""The agenda is read-only once the session runs: no phase is added, changed, moved or removed
while it is live or after it, and the timing of a phase that ran is never lost."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.urls import reverse

from sessions.live.services.run import live_finish, live_start
from sessions.models import Phase, PhaseRun
from sessions.selectors.summary import fidelity
from sessions.services import agenda

pytestmark = pytest.mark.django_db

EDITS = {
    "add": lambda s, p: agenda.phase_add(session=s, title="Extra", minutes=1),
    "minutes": lambda s, p: agenda.phase_update(phase=p, minutes=5),
    "move": lambda s, p: agenda.phase_move(phase=p, offset=1),
    "remove": lambda s, p: agenda.phase_remove(phase=p),
}


def _running_phase(session) -> Phase:
    return PhaseRun.objects.get(session=session, ended_at__isnull=True).phase


@pytest.mark.parametrize("edit", EDITS)
def test_the_agenda_does_not_change_while_live(session, edit):
    live_start(session=session)
    phase = _running_phase(session)
    before = list(session.phases.order_by("position").values_list("pk", "position", "minutes"))
    with pytest.raises(ValidationError, match="De sessie loopt"):
        EDITS[edit](session, phase)
    after = list(session.phases.order_by("position").values_list("pk", "position", "minutes"))
    assert after == before
    assert PhaseRun.objects.filter(phase=phase).exists()


@pytest.mark.parametrize("edit", EDITS)
def test_the_agenda_does_not_change_after_the_session(session, edit):
    live_start(session=session)
    phase = _running_phase(session)
    live_finish(session=session)
    with pytest.raises(ValidationError):
        EDITS[edit](session, phase)


def test_removing_the_running_phase_on_the_page_keeps_its_timing(client, session, facilitator):
    live_start(session=session)
    phase = _running_phase(session)
    client.force_login(facilitator)
    url = reverse("sessions:phase_delete", args=[session.pk, phase.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "De sessie loopt" in response.text
    assert Phase.objects.filter(pk=phase.pk).exists()
    assert phase.pk in [row.phase.pk for row in fidelity(session=session).rows]


def test_the_session_page_offers_no_agenda_edits_while_live(client, session, facilitator):
    live_start(session=session)
    client.force_login(facilitator)
    page = client.get(reverse("sessions:detail", args=[session.pk])).text
    assert reverse("sessions:phase_add", args=[session.pk]) not in page
    for phase in session.phases.all():
        assert reverse("sessions:phase_delete", args=[session.pk, phase.pk]) not in page
        assert reverse("sessions:phase_minutes", args=[session.pk, phase.pk]) not in page
    assert "De agenda staat vast" in page


def test_a_phase_that_ran_cannot_be_deleted_behind_the_services(session):
    """Even the admin or a shell: the database keeps a run's phase (the whole session may go)."""
    live_start(session=session)
    phase = _running_phase(session)
    with pytest.raises(RestrictedError):
        phase.delete()
    session.invitations.all().delete()
    session.delete()
    assert not PhaseRun.objects.filter(phase_id=phase.pk).exists()
