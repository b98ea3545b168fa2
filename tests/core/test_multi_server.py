"""Several servers, one database: two gunicorn instances and two workers share the work.

A live session is driven alternately through both web servers; a worker is killed in the
middle of making the quarterly PDF; every PDF and every mail comes out exactly once.
Real processes on loopback, against the test database (committed data, so they can see it).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_string
from email.policy import default as email_policy
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from praktijktafel.models import Role
from quarterly.models import Delivery, QuarterlyUpdate
from sessions.models import Capture, Knelpunt, LiveState
from tests.factories import member, session_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    params = connection.settings_dict
    host = quote(params["HOST"] or "", safe="")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    password = f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
    return f"postgresql://{params['USER']}{password}@{host}{port}/{params['NAME']}"


class Browser:
    """One person's browser on one server at a time: cookies travel with the person."""

    def __init__(self, cookies: dict[str, str]) -> None:
        self.cookies = dict(cookies)

    def request(self, port: int, method: str, path: str, data: dict | None = None, **headers):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": "127.0.0.1", **headers}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            token = self.cookies.get("csrftoken", "")
            body = urlencode({**data, "csrfmiddlewaretoken": token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = token
            headers["Referer"] = f"http://127.0.0.1:{port}/"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        conn.close()
        return response.status, payload


def _wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def cluster(tmp_path):
    """Two web servers and two workers, stopped at the end whatever happens."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": _database_url(),
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "WORKER_SWEEP_SECONDS": "1",
    }
    processes: dict[str, subprocess.Popen] = {}
    ports = [_free_port(), _free_port()]
    python = sys.executable
    for n, port in enumerate(ports, start=1):
        processes[f"web{n}"] = subprocess.Popen(  # noqa: S603 - our own app
            [python, "-m", "gunicorn", "praktijktafel.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        processes[f"worker{n}"] = subprocess.Popen(  # noqa: S603 - our own app
            [python, "manage.py", "run_worker", "--queue-name", "*", "--no-reload",
             "--no-startup-delay", "--interval", "0.1", "--worker-id", f"worker{n}"],
            cwd=ROOT, env=env,
        )  # fmt: skip
    for port in ports:

        def answers(port=port) -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            except OSError:
                return False
            return True

        _wait_until(answers, 60, f"gunicorn on {port}")
    try:
        yield ports, processes, mail_dir
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _mails(mail_dir: Path) -> list:
    messages = []
    for path in sorted(mail_dir.iterdir()):
        # The file backend writes every message of a connection into one file, each
        # followed by a line of dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(message_from_string(chunk.strip(), policy=email_policy))
    return messages


def test_two_servers_and_two_workers_share_one_database(
    cluster, network, sector, facilitator, coordinator
):
    (web1, web2), processes, mail_dir = cluster
    people = [member(network, Role.ONDERNEMER, full_name=f"Ondernemer {n}") for n in range(3)]
    # Tomorrow: a session today at 16:30 (the factory's time) is refused after 16:30.
    session = session_for(network, facilitator, days=1, title="Tafel op twee servers")
    client = Client()
    client.force_login(facilitator)
    console = Browser({"sessionid": client.cookies["sessionid"].value})

    # The live session, alternately through both servers.
    assert console.request(web1, "GET", f"/sessie/{session.pk}/live/")[0] == 200
    assert (
        console.request(web2, "POST", f"/sessie/{session.pk}/live/start/", {"early": "1"})[0] == 302
    )
    texts = [f"Knelpunt {n} uit de praktijk" for n in range(4)]
    client_ids = [str(uuid.uuid4()) for _ in texts]
    for n, (text, client_id) in enumerate(zip(texts, client_ids, strict=True)):
        status, _body = console.request(
            (web1, web2)[n % 2],
            "POST",
            f"/sessie/{session.pk}/live/vastleggen/",
            {"client_id": client_id, "kind": "knelpunt", "text": text},
            Accept="application/json",
        )
        assert status in (200, 201), status
    # The same item sent again through the other server (a retry after a lost answer).
    console.request(
        web1,
        "POST",
        f"/sessie/{session.pk}/live/vastleggen/",
        {"client_id": client_ids[-1], "kind": "knelpunt", "text": texts[-1]},
        Accept="application/json",
    )
    assert Knelpunt.objects.filter(session=session).count() == 4
    first_phase = LiveState.objects.get(session=session).current_phase_id
    _status, page = console.request(web1, "GET", f"/sessie/{session.pk}/live/")
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    console.request(web1, "POST", f"/sessie/{session.pk}/live/timer/next/", {"state": state})
    phase_on_server = LiveState.objects.get(session=session).current_phase_id
    assert phase_on_server != first_phase
    status, projector = console.request(web2, "GET", f"/sessie/{session.pk}/projector/")
    assert status == 200
    assert all(text in projector for text in texts)  # what one server took, the other shows
    status, console_page = console.request(web1, "GET", f"/sessie/{session.pk}/live/")
    assert status == 200 and all(text in console_page for text in texts)
    assert LiveState.objects.get(session=session).current_phase_id == phase_on_server
    assert not Capture.objects.filter(session=session).exists()

    # The quarterly PDF: the worker that takes it is killed half-way.
    client.force_login(coordinator)
    office = Browser({"sessionid": client.cookies["sessionid"].value})
    office.request(web1, "GET", f"/kwartaal/{network.slug}/")
    status, _body = office.request(web2, "POST", f"/kwartaal/{network.slug}/maken/", {})
    assert status == 302

    def taken() -> bool:
        return DBTaskResult.objects.filter(
            task_path__endswith="generate_update", status="RUNNING"
        ).exists()

    _wait_until(taken, 30, "a worker to take the PDF")
    task = DBTaskResult.objects.get(task_path__endswith="generate_update")
    victim = task.worker_ids[-1]
    processes[victim].send_signal(signal.SIGKILL)
    processes[victim].wait(timeout=10)

    def ready() -> bool:
        return QuarterlyUpdate.objects.filter(status=QuarterlyUpdate.Status.READY).exists()

    _wait_until(ready, 90, "the other worker to finish the PDF")
    update = QuarterlyUpdate.objects.get()
    assert bytes(update.pdf).startswith(b"%PDF")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids[-1] != victim  # taken over, not left "being made"
    assert DBTaskResult.objects.filter(task_path__endswith="generate_update").count() == 1

    # Sending, asked twice through both servers: one mail per person.
    office.request(web1, "POST", f"/kwartaal/update/{update.pk}/versturen/", {"confirm": "1"})
    office.request(web2, "POST", f"/kwartaal/update/{update.pk}/versturen/", {"confirm": "1"})

    def sent() -> bool:
        return not Delivery.objects.exclude(status=Delivery.Status.SENT).exists() and (
            Delivery.objects.count() == len(people)
        )

    _wait_until(sent, 60, "the deliveries")
    recipients = sorted(
        str(m["To"]) for m in _mails(mail_dir) if "Kwartaalupdate" in str(m["Subject"])
    )
    assert recipients == sorted(person.email for person in people)
