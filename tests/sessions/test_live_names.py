"""The live screens' addresses, names and limits: what a tab opened before a rename still
reaches, and limits that come from one place."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from sessions.live import limits
from sessions.live.services.run import live_goto, live_start
from sessions.models import Capture, Knelpunt, LiveState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def running(session):
    live_start(session=session)
    return session


def test_the_capture_and_the_note_have_names_that_say_what_they_are():
    assert reverse("sessions:live_capture", args=[1]).endswith("/live/vastleggen/")
    assert reverse("sessions:live_note", args=[1]).endswith("/live/kennisnotitie/")


def test_a_tab_opened_before_the_rename_still_captures_at_the_old_address(
    client, running, facilitator
):
    client.force_login(facilitator)
    old = f"/sessie/{running.pk}/live/notitie/"  # the capture's address before
    data = {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Geen instroom"}
    response = client.post(old, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert Knelpunt.objects.filter(session=running, text="Geen instroom").exists()


def test_a_tab_opened_before_the_rename_still_saves_the_note_at_the_old_address(
    client, running, facilitator
):
    client.force_login(facilitator)
    client.post(f"/sessie/{running.pk}/live/kennis/", {"text": "Bron: CBS"})
    assert LiveState.objects.get(session=running).knowledge_note == "Bron: CBS"


def test_the_console_hands_the_servers_limits_to_the_browser(client, running, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    handed = json.loads(re.search(r'id="live-limits"[^>]*>(.*?)</script>', page).group(1))
    assert handed["capture"] == limits.CAPTURE_MAX
    assert handed["knelpunt"] == limits.KNELPUNT_MAX
    assert handed["warn_share"] == limits.WARN_SHARE
    assert handed["critical_share"] == limits.CRITICAL_SHARE
    assert f'data-max="{limits.CAPTURE_MAX}"' in page
    assert f'data-max="{limits.KNELPUNT_MAX}"' in page


def test_a_changed_limit_changes_the_page(client, running, facilitator, monkeypatch):
    from sessions.live.views import console

    changed = limits.LiveLimits(capture=420)
    monkeypatch.setattr(console, "TEMPLATE_NAMES", {**console.TEMPLATE_NAMES, "limits": changed})
    client.force_login(facilitator)
    page = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    assert 'data-max="420"' in page and '"capture": 420' in page


def test_live_js_has_no_limit_of_its_own():
    script = (ROOT / "static" / "js" / "live.js").read_text()
    assert "LIMITS.warn_share" in script and "LIMITS.critical_share" in script
    assert not re.search(r"share <= 0\.\d", script)
    assert '|| "500"' not in script


@pytest.mark.parametrize("name", ["console.html", "projector.html"])
def test_live_templates_compare_no_phase_kind_as_text(name):
    template = (ROOT / "templates" / "sessions" / "live" / name).read_text()
    kinds = "welcome|landing|knowledge|cases|closing|insight|knelpunt"
    assert not re.search(rf'== "({kinds})"', template)


def test_the_group_action_kind_keeps_its_stored_value():
    assert Capture.Kind.GROUP_ACTION == "insight"
    assert str(Capture.Kind.GROUP_ACTION.label) == "Groepsactie"


def test_liveform_writes_the_address_once_and_the_csrf_token():
    template = Template(
        "{% load live_forms %}"
        "{% liveform 'sessions:live_timer' pk 'next' class=\"inline\" %}<button>N</button>"
        "{% endliveform %}"
    )
    html = template.render(Context({"pk": 7, "csrf_token": "tok"}))
    url = reverse("sessions:live_timer", args=[7, "next"])
    assert f'action="{url}" hx-post="{url}"' in html
    assert 'class="inline"' in html and 'value="tok"' in html and html.endswith("</form>")


def test_the_closing_phase_shows_the_group_actions_on_the_console(client, running, facilitator):
    live_goto(session=running, phase=running.phases.get(kind="closing"))
    client.force_login(facilitator)
    page = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    assert 'id="group-actions-badge"' in page
