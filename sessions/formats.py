"""A network's session format as one JSON file, so another team can reproduce it: its agenda
templates (phases, durations and what each phase is for) and its own starter and action
questions. The incident-method steps are the same for every network (`LiveState.CaseStep`)
and invitations are computed, never free text, so neither is in the file.

`format_export` writes the file; `format_import` reads one into another network, all or
nothing: every problem is reported (translated, with where it is), and nothing is written
unless there is none. Importing the same file twice adds nothing the second time. Every
imported agenda is checked against the PvE like any plan (`sessions.pve`); warnings never
block, as with a plan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praktijktafel.models import Network
from praktijktafel.themes import Theme
from sessions import pve
from sessions.agenda import DEFAULT_SLOT_MINUTES, MAX_SLOT_MINUTES, PhaseKind
from sessions.models import AgendaTemplate, Question

FORMAT = "praktijktafel-sessieformat"
VERSION = 1
MAX_BYTES = 200_000
MAX_TEMPLATES = 30
MAX_PHASES = 12
MAX_QUESTIONS = 200
FLAGS = ("is_landing", "is_own_input", "is_knowledge_input")


def format_export(*, network: Network) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the network's format."""
    templates = [
        {"name": t.name, "phases": [_phase_out(p) for p in t.phases]}
        for t in AgendaTemplate.objects.filter(network=network).order_by("name")
    ]
    questions = [
        {"kind": q.kind, "text": q.text, "theme": q.theme}
        for q in Question.objects.filter(network=network, active=True).order_by("kind", "text")
    ]
    data = {
        "format": FORMAT,
        "version": VERSION,
        "from_network": network.name,
        "agenda_templates": templates,
        "questions": questions,
    }
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return f"sessieformat-{slugify(network.slug)}.json", "application/json", content


def _phase_out(phase: dict) -> dict:
    out = {"kind": phase.get("kind"), "title": phase.get("title"), "minutes": phase.get("minutes")}
    out.update({flag: bool(phase.get(flag)) for flag in FLAGS})
    return out


@dataclass
class TemplateCheck:
    name: str
    minutes: int
    results: list[pve.RuleResult]
    added: bool

    @property
    def warnings(self) -> list[pve.RuleResult]:
        return pve.warnings(self.results)


@dataclass
class ImportResult:
    templates: list[TemplateCheck]
    questions_added: int


def _text(value, *, where: str, label: str, limit: int, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(_("%(where)s: %(label)s is missing.") % {"where": where, "label": label})
        return ""
    value = value.strip()
    if len(value) > limit:
        problems.append(
            _("%(where)s: %(label)s is longer than %(n)d characters.")
            % {"where": where, "label": label, "n": limit}
        )
    return value


def _phases(raw, where: str, problems: list[str]) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problems.append(_("%(where)s: give at least one phase.") % {"where": where})
        return []
    if len(raw) > MAX_PHASES:
        problems.append(_("%(where)s: at most %(n)d phases.") % {"where": where, "n": MAX_PHASES})
        return []
    phases: list[dict] = []
    for number, item in enumerate(raw, start=1):
        at = _("%(where)s, phase %(n)d") % {"where": where, "n": number}
        if not isinstance(item, dict):
            problems.append(_("%(where)s is not a phase.") % {"where": at})
            continue
        kind = item.get("kind")
        if kind not in PhaseKind.values:
            problems.append(
                _("%(where)s: unknown kind %(kind)s; use one of %(kinds)s.")
                % {"where": at, "kind": json.dumps(kind), "kinds": ", ".join(PhaseKind.values)}
            )
        title = _text(
            item.get("title"), where=at, label=_("the title"), limit=150, problems=problems
        )
        minutes = item.get("minutes")
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not (1 <= minutes <= MAX_SLOT_MINUTES)
        ):
            problems.append(
                _("%(where)s: minutes must be a whole number from 1 to %(max)d.")
                % {"where": at, "max": MAX_SLOT_MINUTES}
            )
            minutes = 0
        flags: dict[str, bool] = {}
        for flag in FLAGS:
            value = item.get(flag, False)
            if not isinstance(value, bool):
                problems.append(
                    _("%(where)s: %(flag)s must be true or false.") % {"where": at, "flag": flag}
                )
            flags[flag] = value is True
        phases.append({"kind": kind, "title": title, "minutes": minutes, **flags})
    total = sum(int(p["minutes"]) for p in phases)
    if total > MAX_SLOT_MINUTES:
        problems.append(
            _("%(where)s: the phases take %(n)d minutes, more than %(max)d.")
            % {"where": where, "n": total, "max": MAX_SLOT_MINUTES}
        )
    return phases


def _pve(phases: list[dict]) -> list[pve.RuleResult]:
    """The PvE rules an agenda decides, on a slot of the default length at 17:00 (a time
    the rules pass, so only the agenda itself can give a warning)."""
    starts = timezone.make_aware(datetime.combine(timezone.localdate(), time(17, 0)))
    slot = max(DEFAULT_SLOT_MINUTES, sum(p["minutes"] for p in phases))
    facts = pve.SessionFacts(
        starts_at=starts,
        ends_at=starts + timedelta(minutes=slot),
        phases=[pve.PhaseMinutes(p["minutes"], *(p[f] for f in FLAGS)) for p in phases],
        capacity=pve.DEFAULT_CAPACITY,
        quorum=1,
        confirmed=0,
        participant_sectors=[],
        sector_id=0,
        has_location=True,
        chart_count=None,
    )
    return [rule(facts) for rule in (pve.short, pve.landing, pve.own_cases, pve.knowledge_input)]


def parse(content: bytes) -> tuple[list[tuple[str, list[dict]]], list[dict]]:
    """The templates and questions in a file, or a ValidationError listing every problem."""
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(n)d kB: is it a session format?")
            % {"n": MAX_BYTES // 1000}
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nesting beyond Python's stack
        raise ValidationError(
            _("This is not a JSON file. Choose the file another network exported.")
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This file is not a session format of Praktijktafel."))
    if data.get("version") != VERSION:
        raise ValidationError(
            _("This session format has version %(v)s; this app reads version %(ours)d.")
            % {"v": json.dumps(data.get("version")), "ours": VERSION}
        )
    problems: list[str] = []
    raw_templates = data.get("agenda_templates", [])
    raw_questions = data.get("questions", [])
    if not isinstance(raw_templates, list) or len(raw_templates) > MAX_TEMPLATES:
        problems.append(
            _("agenda_templates must be a list of at most %(n)d templates.") % {"n": MAX_TEMPLATES}
        )
        raw_templates = []
    if not isinstance(raw_questions, list) or len(raw_questions) > MAX_QUESTIONS:
        problems.append(
            _("questions must be a list of at most %(n)d questions.") % {"n": MAX_QUESTIONS}
        )
        raw_questions = []
    templates: list[tuple[str, list[dict]]] = []
    names: set[str] = set()
    for number, item in enumerate(raw_templates, start=1):
        where = _("Agenda template %(n)d") % {"n": number}
        if not isinstance(item, dict):
            problems.append(_("%(where)s is not a template.") % {"where": where})
            continue
        name = _text(
            item.get("name"), where=where, label=_("the name"), limit=150, problems=problems
        )
        if name and name.casefold() in names:
            problems.append(
                _("%(where)s: the name %(name)s is used twice.") % {"where": where, "name": name}
            )
        names.add(name.casefold())
        templates.append((name, _phases(item.get("phases"), where, problems)))
    questions = []
    for number, item in enumerate(raw_questions, start=1):
        where = _("Question %(n)d") % {"n": number}
        if not isinstance(item, dict):
            problems.append(_("%(where)s is not a question.") % {"where": where})
            continue
        kind = item.get("kind")
        if kind not in Question.Kind.values:
            problems.append(
                _("%(where)s: the kind must be %(kinds)s.")
                % {"where": where, "kinds": " or ".join(Question.Kind.values)}
            )
        text = _text(
            item.get("text"), where=where, label=_("the text"), limit=300, problems=problems
        )
        theme = item.get("theme") or ""
        if theme and theme not in Theme.values:
            problems.append(
                _("%(where)s: unknown HR theme %(theme)s; use one of %(themes)s, or none.")
                % {"where": where, "theme": json.dumps(theme), "themes": ", ".join(Theme.values)}
            )
        questions.append({"kind": kind, "text": text, "theme": theme})
    if problems:
        raise ValidationError(problems)
    return templates, questions


@transaction.atomic
def format_import(*, network: Network, content: bytes) -> ImportResult:
    """Read a format into `network`: all of it, or nothing with every problem listed."""
    templates, questions = parse(content)
    existing = {
        t.name.casefold(): t
        for t in AgendaTemplate.objects.select_for_update().filter(network=network)
    }
    problems = []
    for name, phases in templates:
        have = existing.get(name.casefold())
        if have is not None and [_phase_out(p) for p in have.phases] != phases:
            problems.append(
                _(
                    "Your network already has an agenda template %(name)s that differs: "
                    "rename one of them and import again."
                )
                % {"name": name}
            )
    if problems:
        raise ValidationError(problems)
    checks = []
    for name, phases in templates:
        added = name.casefold() not in existing
        if added:
            AgendaTemplate.objects.create(network=network, name=name, phases=phases)
        checks.append(TemplateCheck(name, sum(p["minutes"] for p in phases), _pve(phases), added))
    known = set(Question.objects.filter(network=network).values_list("kind", "text"))
    new_questions = []
    for q in questions:
        if (q["kind"], q["text"]) not in known:
            known.add((q["kind"], q["text"]))
            new_questions.append(Question(network=network, **q))
    Question.objects.bulk_create(new_questions)
    return ImportResult(checks, len(new_questions))
