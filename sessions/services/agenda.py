"""Writes on a session's agenda: its phases, and agenda templates of a network."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sessions.agenda import PhaseKind
from sessions.models import AgendaTemplate, Phase, Session

PHASE_FIELDS = ("kind", "title", "minutes", "is_landing", "is_own_input", "is_knowledge_input")


def phase_fields(phase: object) -> dict[str, object]:
    """The copyable part of a phase (a Phase or a PhaseSpec), as stored in a template."""
    return {name: getattr(phase, name) for name in PHASE_FIELDS}


@transaction.atomic
def agenda_template_save(*, session: Session, name: str) -> AgendaTemplate:
    """Keep this session's agenda as a template of its network (replacing one of that name)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    phases = [phase_fields(p) for p in session.phases.order_by("position")]
    template, _created = AgendaTemplate.objects.update_or_create(
        network_id=session.network_id, name=name, defaults={"phases": phases}
    )
    return template


def _renumber(session: Session) -> None:
    for index, phase in enumerate(session.phases.order_by("position", "pk"), start=1):
        if phase.position != index:
            phase.position = index
            phase.save(update_fields=["position"])


def agenda_total_check(session: Session, extra: int = 0) -> None:
    total = sum(session.phases.values_list("minutes", flat=True)) + extra
    if total > session.slot_minutes:
        raise ValidationError(
            _("The phases would take %(total)d minutes, more than the %(slot)d-minute slot.")
            % {"total": total, "slot": session.slot_minutes}
        )


def _editable(session: Session) -> None:
    """Only a planned agenda changes: once the session runs, the phases are what the timer
    and the fidelity report measure against (a removed phase would take its timing along)."""
    if session.status == Session.Status.LIVE:
        raise ValidationError(
            _(
                "The session is running: its agenda no longer changes. Go to another phase or "
                "add time in the live console."
            )
        )
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is finished or cancelled and can no longer change."))


@transaction.atomic
def phase_add(
    *,
    session: Session,
    title: str,
    minutes: int,
    kind: str = PhaseKind.OTHER,
    is_landing: bool = False,
    is_own_input: bool = False,
    is_knowledge_input: bool = False,
) -> Phase:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    if minutes < 1:
        raise ValidationError({"minutes": _("A phase takes at least 1 minute.")})
    agenda_total_check(session, extra=minutes)
    last = session.phases.aggregate(last=Max("position"))["last"] or 0
    phase = Phase(
        session=session,
        position=last + 1,
        kind=kind,
        title=title.strip(),
        minutes=minutes,
        is_landing=is_landing,
        is_own_input=is_own_input,
        is_knowledge_input=is_knowledge_input,
    )
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def phase_update(*, phase: Phase, **fields: object) -> Phase:
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    phase = Phase.objects.get(pk=phase.pk)
    minutes = fields.get("minutes", phase.minutes)
    if not isinstance(minutes, int) or minutes < 1:
        raise ValidationError({"minutes": _("A phase takes at least 1 minute.")})
    for name, value in fields.items():
        setattr(phase, name, value)
    phase.full_clean()
    phase.save()
    agenda_total_check(session)
    return phase


@transaction.atomic
def phase_remove(*, phase: Phase) -> None:
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    if session.phases.count() <= 1:
        raise ValidationError(_("An agenda needs at least one phase."))
    phase.delete()
    _renumber(session)


@transaction.atomic
def phase_move(*, phase: Phase, offset: int) -> None:
    """Swap a phase with its neighbour (offset -1: up, +1: down)."""
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    phases = list(session.phases.order_by("position"))
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    target = index + offset
    if not 0 <= target < len(phases):
        return
    phases[index], phases[target] = phases[target], phases[index]
    for position, item in enumerate(phases, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
