"""Demo content of the demo's finished sessions: a finished LiveState with the questions used,
the actual time per phase (phase 1 one minute over, phase 4 three), and the bottlenecks,
tips, solutions, sources and group actions shared, so the summary, the fidelity report and
the next session's "actions from last time" have something to show.

A finished session that already has a LiveState is left alone, so loading twice adds nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sessions.models import Knelpunt, LiveState, PhaseRun, Question, Session, item_model

# (kind, text, theme, recognition) per finished session title; kind is KNELPUNT or a
# Capture.Kind, recognition counts only for a knelpunt.
CONTENT = {
    "Vakmensen vasthouden in een krappe markt": [
        ("knelpunt", "Goede timmerlieden worden weggekocht door grote bouwers", "behouden", 6),
        ("knelpunt", "Jonge mensen vertrekken na hun opleiding", "behouden", 4),
        (
            "tip",
            "Vraag in een stay-gesprek wat iemand bij je houdt, niet pas bij vertrek",
            "behouden",
            0,
        ),
        (
            "solution",
            "Vaste werkdag per week voor eigen klusjes en onderhoud van gereedschap",
            "behouden",
            0,
        ),
        ("insight", "Iedereen voert voor de zomer één stay-gesprek", "behouden", 0),
        (
            "insight",
            "We delen vacatures binnen de coöperatie voordat ze naar buiten gaan",
            "aantrekken",
            0,
        ),
    ],
    "Leerlingen op de bouwplaats: wie begeleidt ze?": [
        ("knelpunt", "Geen tijd om leerlingen goed te begeleiden", "ontwikkelen", 7),
        ("tip", "Geef elke leerling een vast maatje voor het eerste halfjaar", "ontwikkelen", 0),
        ("source", "Praktijkopleider-training van het opleidingsfonds", "ontwikkelen", 0),
        ("insight", "Elke leerling krijgt een vast maatje", "ontwikkelen", 0),
    ],
    "Monteurs werven zonder headhunter": [
        ("knelpunt", "Vacatures blijven maanden open staan", "aantrekken", 8),
        ("solution", "Open dag samen met het mbo: leerlingen lopen een dag mee", "aantrekken", 0),
        ("insight", "We nodigen samen één mbo-klas uit voor een open dag", "aantrekken", 0),
    ],
    "De warmtepomp vraagt nieuwe kennis": [
        ("knelpunt", "Oudere monteurs zien op tegen de nieuwe techniek", "ontwikkelen", 5),
        (
            "tip",
            "Koppel een oudere en een jongere monteur bij de eerste warmtepompklussen",
            "ontwikkelen",
            0,
        ),
        (
            "insight",
            "Iedereen plant één cursusdag warmtepompen voor het voorjaar",
            "ontwikkelen",
            0,
        ),
    ],
}


def load() -> None:
    start_q = Question.objects.filter(kind="start", network=None).order_by("pk").first()
    action_q = Question.objects.filter(kind="action", network=None).order_by("pk").first()
    for title, items in CONTENT.items():
        session = Session.objects.filter(title=title, status=Session.Status.DONE).first()
        if session is None or LiveState.objects.filter(session=session).exists():
            continue
        phases = list(session.phases.order_by("position"))
        moment = session.starts_at
        LiveState.objects.create(
            session=session,
            started_at=moment,
            current_phase=phases[-1],
            finished_at=moment + timedelta(minutes=sum(p.minutes for p in phases) + 4),
            starter_question=start_q,
            action_question=action_q,
        )
        for index, phase in enumerate(phases):
            actual = phase.minutes + (3 if index == 3 else 0) + (1 if index == 0 else 0)
            PhaseRun.objects.create(
                session=session,
                phase=phase,
                started_at=moment,
                ended_at=moment + timedelta(minutes=actual),
            )
            moment += timedelta(minutes=actual)
        for kind, text, theme, recognition in items:
            item = item_model(kind)(session=session, client_id=uuid.uuid4(), text=text, theme=theme)
            if isinstance(item, Knelpunt):
                item.recognition = recognition
            else:
                item.kind = kind
            item.save()
