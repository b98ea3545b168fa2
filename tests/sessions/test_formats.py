"""Formats teams can reproduce: a network exports its session format as one JSON file and
another network imports it, all or nothing, with a Dutch message per problem; every imported
agenda is checked against the PvE."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.agenda import DEFAULT_PHASES
from sessions.formats import format_export, format_import
from sessions.models import AgendaTemplate, Question
from sessions.services.agenda import phase_fields

pytestmark = pytest.mark.django_db


def default_phases() -> list[dict]:
    return [phase_fields(p) for p in DEFAULT_PHASES]


def exported(network) -> bytes:
    AgendaTemplate.objects.create(network=network, name="Vallei-avond", phases=default_phases())
    Question.objects.create(network=network, kind="start", text="Wat hield je deze week wakker?")
    Question.objects.create(network=network, kind="action", text="Wat doe jij morgen anders?")
    Question.objects.create(kind="start", text="Voor iedereen")  # not the network's own
    return format_export(network=network)[2]


def test_export_then_import_into_another_network(network, other_network):
    content = exported(network)
    data = json.loads(content)
    assert [t["name"] for t in data["agenda_templates"]] == ["Vallei-avond"]
    assert len(data["questions"]) == 2
    result = format_import(network=other_network, content=content)
    copied = AgendaTemplate.objects.get(network=other_network)
    assert copied.name == "Vallei-avond"
    assert [p["minutes"] for p in copied.phases] == [10, 15, 10, 35, 10]
    assert copied.phases[1]["is_landing"] and copied.phases[3]["is_own_input"]
    assert result.questions_added == 2
    assert [t.warnings for t in result.templates] == [[]]  # the default agenda meets the PvE
    # Importing the same file again adds nothing.
    again = format_import(network=other_network, content=content)
    assert again.questions_added == 0 and not again.templates[0].added
    assert AgendaTemplate.objects.filter(network=other_network).count() == 1
    assert Question.objects.filter(network=other_network).count() == 2


def test_imported_agenda_is_checked_against_the_pve(other_network):
    phases = default_phases()
    phases[2]["minutes"] = 25  # the knowledge input may take 10 minutes at most
    content = json.dumps(
        {
            "format": "praktijktafel-sessieformat",
            "version": 1,
            "agenda_templates": [{"name": "Lange kennisprikkel", "phases": phases}],
        }
    ).encode()
    result = format_import(network=other_network, content=content)
    rules = [w.rule for w in result.templates[0].warnings]
    assert "knowledge" in rules and "short" in rules


def test_every_problem_is_reported_and_nothing_is_written(other_network):
    phases = default_phases()
    phases[0]["minutes"] = "tien"
    phases[1]["kind"] = "koffie"
    content = json.dumps(
        {
            "format": "praktijktafel-sessieformat",
            "version": 1,
            "agenda_templates": [
                {"name": "Goed", "phases": default_phases()},
                {"name": "Fout", "phases": phases},
            ],
            "questions": [{"kind": "start", "text": "Prima vraag"}, {"kind": "vraag", "text": ""}],
        }
    ).encode()
    with pytest.raises(ValidationError) as caught:
        format_import(network=other_network, content=content)
    messages = caught.value.messages
    assert "Agendasjabloon 2, fase 1: minuten moet een heel getal van 1 tot 180 zijn." in messages
    assert any(m.startswith("Agendasjabloon 2, fase 2: onbekende soort") for m in messages)
    assert any(m.startswith("Vraag 2: de soort moet") for m in messages)
    assert "Vraag 2: de tekst ontbreekt." in messages
    assert not AgendaTemplate.objects.filter(network=other_network).exists()
    assert not Question.objects.filter(network=other_network).exists()


def test_a_different_template_of_the_same_name_is_refused(network, other_network):
    content = exported(network)
    AgendaTemplate.objects.create(network=other_network, name="vallei-avond", phases=[])
    with pytest.raises(ValidationError, match="hernoem"):
        format_import(network=other_network, content=content)
    assert not Question.objects.filter(network=other_network).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe",
        b"niet json",
        b"[]",
        b'{"format": "iets anders"}',
        b'{"format": "praktijktafel-sessieformat", "version": 9}',
        b"[" * 3000 + b"]" * 3000,  # 6 kB nested deeper than Python's stack
    ],
)
def test_a_file_that_is_no_format_gets_a_dutch_error(other_network, content):
    with pytest.raises(ValidationError) as caught:
        format_import(network=other_network, content=content)
    assert caught.value.messages[0].split()[0] in {"Dit", "Deze"}


def test_views_for_coordinators(client, network, other_network, coordinator, other_coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("sessions:format_export", args=[network.slug]))
    assert response["Content-Type"] == "application/json"
    content = exported(network)
    assert (
        client.get(reverse("sessions:format_import", args=[other_network.slug])).status_code == 404
    )
    client.force_login(other_coordinator)
    url = reverse("sessions:format_import", args=[other_network.slug])
    page = client.post(url, {"bestand": SimpleUploadedFile("f.json", content)})
    assert page.status_code == 200 and "Vallei-avond" in page.content.decode()
    bad = client.post(url, {"bestand": SimpleUploadedFile("f.json", b"kapot")})
    assert bad.status_code == 400 and "Er is niets geïmporteerd" in bad.content.decode()
