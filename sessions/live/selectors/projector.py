"""Reads for the projector: what the room sees."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from sectordata.chartdata import ChartData
from sessions.agenda import PhaseKind
from sessions.live import timer
from sessions.live.limits import PROJECTOR_GROUP_ACTIONS, PROJECTOR_KNELPUNTEN
from sessions.live.selectors.clock import StepClock, step_clock
from sessions.live.selectors.sql import col
from sessions.models import (
    Capture,
    Knelpunt,
    LiveState,
    Phase,
    PhaseRun,
    Question,
    Session,
    SessionChart,
)

QUESTION_PHASES: dict[str, str] = {
    PhaseKind.WELCOME: "starter_question",
    PhaseKind.LANDING: "starter_question",
    PhaseKind.CLOSING: "action_question",
}
# The phases whose screen lists the most recognised bottlenecks.
KNELPUNT_PHASES: list[str] = [PhaseKind.WELCOME, PhaseKind.LANDING]


@dataclass
class Projector:
    """What the room sees. Built without any name or contact detail, on purpose."""

    session_id: int
    session_title: str
    phase_title: str
    phase_kind: str
    clock: timer.Clock
    version: int
    finished: bool
    question: str
    knelpunten: list[tuple[str, int]]  # the most recognised, at most PROJECTOR_KNELPUNTEN
    group_actions: list[str]
    case_step: str
    case_step_label: str
    knowledge_note: str
    phones_enabled: bool
    phone_code: str
    step: StepClock | None = None
    chart: ChartData | None = None  # the frozen data of the chart on screen in phase 3
    chart_number: int = 0
    chart_total: int = 0
    knelpunten_total: int = 0  # all shown ones: the screen's "+N more" counts from it


@functools.cache
def _screen_sql() -> str:
    """The whole screen as one SQL statement, written once: the live state with its session,
    phase and questions, the agenda's minutes and the phase runs (for the timer), and only
    the items the phase on screen shows: the most recognised approved bottlenecks in the
    welcome and landing phases, the first approved group actions when closing, the charts
    in the knowledge phase. Built by the ORM these were five queries whose compiling took
    most of a refresh's time, every two seconds on every projector that saw a change. Each
    list comes with a tie-breaker on the key, so the screen does not reshuffle between
    refreshes; the runs' two arrays share one order. The questions are subqueries rather
    than joins: fewer join orders for PostgreSQL to weigh, ~15% off the statement's time,
    most of which is planning."""
    live, session, phase, run, question = (
        m._meta for m in (LiveState, Session, Phase, PhaseRun, Question)
    )
    knelpunt, capture, chart = (m._meta for m in (Knelpunt, Capture, SessionChart))

    return f"""
        SELECT l.{col(live, "screen_version")}, l.{col(live, "started_at")},
               l.{col(live, "finished_at")}, l.{col(live, "case_step")},
               l.{col(live, "case_step_started_at")}, l.{col(live, "knowledge_note")},
               l.{col(live, "shown_chart")}, l.{col(live, "phones_enabled")},
               l.{col(live, "phone_code")},
               s.{col(session, "title")}, s.{col(session, "slot_minutes")},
               p.{col(phase, "kind")}, p.{col(phase, "title")}, p.{col(phase, "minutes")},
               (SELECT q.{col(question, "text")} FROM {question.db_table} q
                WHERE q.{col(question, "id")} = l.{col(live, "starter_question")}),
               (SELECT q.{col(question, "text")} FROM {question.db_table} q
                WHERE q.{col(question, "id")} = l.{col(live, "action_question")}),
               ARRAY(SELECT ARRAY[ph.{col(phase, "id")}, ph.{col(phase, "minutes")}]
                     FROM {phase.db_table} ph
                     WHERE ph.{col(phase, "session")} = l.{col(live, "session")}
                     ORDER BY ph.{col(phase, "position")}),
               ARRAY(SELECT ARRAY[r.{col(run, "phase")}, r.{col(run, "paused_seconds")},
                                  r.{col(run, "extended_seconds")}]
                     FROM {run.db_table} r
                     WHERE r.{col(run, "session")} = l.{col(live, "session")}
                     ORDER BY r.{col(run, "started_at")}, r.{col(run, "id")}),
               ARRAY(SELECT ARRAY[r.{col(run, "started_at")}, r.{col(run, "ended_at")},
                                  r.{col(run, "paused_at")}]
                     FROM {run.db_table} r
                     WHERE r.{col(run, "session")} = l.{col(live, "session")}
                     ORDER BY r.{col(run, "started_at")}, r.{col(run, "id")}),
               CASE WHEN p.{col(phase, "kind")} = ANY(%(knelpunt_phases)s) THEN
                 ARRAY(SELECT ARRAY[k.{col(knelpunt, "text")},
                                    k.{col(knelpunt, "recognition")}::text]
                       FROM {knelpunt.db_table} k
                       WHERE k.{col(knelpunt, "session")} = l.{col(live, "session")}
                         AND k.{col(knelpunt, "approved")}
                       ORDER BY k.{col(knelpunt, "recognition")} DESC,
                                k.{col(knelpunt, "created_at")}, k.{col(knelpunt, "id")}
                       LIMIT %(knelpunten)s)
               END,
               CASE WHEN p.{col(phase, "kind")} = %(closing)s THEN
                 ARRAY(SELECT c.{col(capture, "text")}
                       FROM {capture.db_table} c
                       WHERE c.{col(capture, "session")} = l.{col(live, "session")}
                         AND c.{col(capture, "kind")} = %(group_action)s
                         AND c.{col(capture, "approved")}
                       ORDER BY c.{col(capture, "created_at")}, c.{col(capture, "id")}
                       LIMIT %(group_actions)s)
               END,
               CASE WHEN p.{col(phase, "kind")} = %(knowledge)s THEN
                 ARRAY(SELECT ch.{col(chart, "data")}::text
                       FROM {chart.db_table} ch
                       WHERE ch.{col(chart, "session")} = l.{col(live, "session")}
                       ORDER BY ch.{col(chart, "position")}, ch.{col(chart, "id")})
               END,
               CASE WHEN p.{col(phase, "kind")} = ANY(%(knelpunt_phases)s) THEN
                 (SELECT count(*) FROM {knelpunt.db_table} k
                  WHERE k.{col(knelpunt, "session")} = l.{col(live, "session")}
                    AND k.{col(knelpunt, "approved")})
               END
        FROM {live.db_table} l
        JOIN {session.db_table} s ON s.{col(session, "id")} = l.{col(live, "session")}
        LEFT JOIN {phase.db_table} p ON p.{col(phase, "id")} = l.{col(live, "current_phase")}
        WHERE l.{col(live, "session")} = %(session)s
    """  # noqa: S608 - table and column names from the models' _meta; values are parameters


def projector(*, session_id: int, now: datetime | None = None) -> Projector:
    """The projector's screen, in one query. Reads only what the phase on screen shows: the
    bottlenecks in the welcome and landing phases, the charts in the knowledge phase, the
    group's actions when closing. Raises LiveState.DoesNotExist before the start."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _screen_sql(),
            {
                "session": session_id,
                "knelpunt_phases": KNELPUNT_PHASES,
                "knelpunten": PROJECTOR_KNELPUNTEN,
                "closing": PhaseKind.CLOSING,
                "group_action": Capture.Kind.GROUP_ACTION,
                "group_actions": PROJECTOR_GROUP_ACTIONS,
                "knowledge": PhaseKind.KNOWLEDGE,
            },
        )
        row = cursor.fetchone()
    if row is None:
        raise LiveState.DoesNotExist
    (version, started_at, finished_at, case_step, case_step_started_at) = row[:5]
    (knowledge_note, shown_chart, phones_enabled, phone_code) = row[5:9]
    (title, slot_minutes, kind, phase_title, phase_minutes) = row[9:14]
    (starter_question, action_question, phases, run_numbers, run_times) = row[14:19]
    (knelpunten, group_actions, charts, knelpunten_total) = row[19:]
    clock = timer.clock(
        now=now,
        started_at=started_at,
        slot_minutes=slot_minutes,
        phases=[timer.PlannedPhase(phase_id, minutes) for phase_id, minutes in phases],
        runs=[
            timer.Run(phase_id, started, ended, paused_at, paused, extended)
            for (phase_id, paused, extended), (started, ended, paused_at) in zip(
                run_numbers, run_times, strict=True
            )
        ],
    )
    texts = {"starter_question": starter_question, "action_question": action_question}
    question = texts[QUESTION_PHASES[kind]] if kind in QUESTION_PHASES else None
    return Projector(
        session_id=session_id,
        session_title=title,
        phase_title=phase_title or "",
        phase_kind=kind or "",
        clock=clock,
        version=version,
        finished=finished_at is not None,
        question=question or "",
        knelpunten=[(text, int(count)) for text, count in knelpunten or []],
        knelpunten_total=knelpunten_total or 0,
        group_actions=group_actions or [],
        case_step=case_step,
        case_step_label=str(LiveState.CaseStep(case_step).label) if case_step else "",
        knowledge_note=knowledge_note,
        phones_enabled=phones_enabled and finished_at is None,
        phone_code=phone_code or "",
        step=step_clock(
            case_step=case_step,
            started_at=case_step_started_at,
            phase_kind=kind,
            phase_minutes=phase_minutes or 0,
            now=now,
        ),
        **_chart(charts or [], shown_chart),
    )


def _chart(charts: list[str], shown: int) -> dict:
    """The chart on screen in the knowledge phase (`charts`: each one's frozen data as JSON)."""
    if not charts:
        return {}
    index = min(shown, len(charts) - 1)
    return {
        "chart": ChartData.from_json(json.loads(charts[index])),
        "chart_number": index + 1,
        "chart_total": len(charts),
    }
