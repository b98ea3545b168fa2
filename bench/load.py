"""Load: 30 live sessions at once, each with a console (captures and its state check), a
projector, the console's preview of it and 10 phones, against
gunicorn on loopback. A bounded script of our own: every virtual user is a thread with one
keep-alive connection; it stops by itself after DURATION seconds and stops gunicorn."""

from __future__ import annotations

import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.stats import summary_ms

SESSIONS = 30
PHONES = 10
DURATION = 70.0
RAMP_UP = 10.0  # people arrive over the first seconds; measured after that (steady state)
PROJECTOR_EVERY = 2.0
SYNC_EVERY = 2.0  # a console tab's check that it shows the server's timer
CAPTURE_EVERY = 5.0
PHONE_POST_EVERY = 45.0
PHONE_VIEW_EVERY = 30.0
WORKERS = 3
THREADS = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class User:
    """One browser: a connection, its cookies, and the latencies it saw."""

    def __init__(self, port: int, results: list, lock: threading.Lock, cookies: dict | None = None):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookies: dict[str, str] = dict(cookies or {})
        self.results = results
        self.lock = lock

    def request(self, method: str, path: str, body: dict | None = None, headers=None) -> tuple:
        headers = dict(headers or {})
        headers["Host"] = "127.0.0.1"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                elapsed = time.perf_counter() - start
                break
            except (OSError, http.client.HTTPException):
                # The server closed an idle keep-alive connection: like a browser, open a
                # new one and send again (once). A second failure is a real error.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                if attempt == 2:
                    with self.lock:
                        self.results.append((time.perf_counter() - start, 0, method, path, start))
                    return 0, b"", {}
                start = time.perf_counter()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        with self.lock:
            self.results.append((elapsed, response.status, method, path, start))
        return response.status, payload, response.headers


def _console(user: User, session_pk: int, stop: float) -> None:
    """A console tab: a capture every CAPTURE_EVERY seconds, and between them the check every
    SYNC_EVERY seconds whether its timer state is still the server's (a 204 while it is),
    and about every 3 s the same for its lists."""
    time.sleep(random.uniform(0, RAMP_UP))
    _status, page, _headers = user.request("GET", f"/sessie/{session_pk}/live/")
    token = user.cookies.get("csrftoken", "")
    found = re.search(rb'name="state" value="([^"]+)"', page or b"")
    state = found.group(1).decode() if found else ""
    seen = re.search(rb"part=lists_sync&amp;v=(\d+)", page or b"")
    version = seen.group(1).decode() if seen else ""
    sync_round = 0
    next_capture = time.time() + random.uniform(0, CAPTURE_EVERY)
    next_sync = time.time() + random.uniform(0, SYNC_EVERY)
    while time.time() < stop:
        time.sleep(max(0.0, min(next_capture, next_sync) - time.time()))
        if time.time() >= stop:
            break
        if time.time() >= next_sync:
            user.request(
                "GET",
                f"/sessie/{session_pk}/live/?{urlencode({'part': 'sync', 'state': state})}",
                headers={"HX-Request": "true"},
            )
            if sync_round % 3 == 2:  # the lists ask every 3 s, the state every 2 s
                _status, lists, _h = user.request(
                    "GET",
                    f"/sessie/{session_pk}/live/?{urlencode({'part': 'lists_sync', 'v': version})}",
                    headers={"HX-Request": "true"},
                )
                seen = re.search(rb"part=lists_sync&amp;v=(\d+)", lists or b"")
                version = seen.group(1).decode() if seen else version
            sync_round += 1
            next_sync += SYNC_EVERY
            continue
        user.request(
            "POST",
            f"/sessie/{session_pk}/live/notitie/",
            {
                "client_id": str(uuid.uuid4()),
                "kind": random.choice(["knelpunt", "tip"]),
                "text": "Een knelpunt uit de belasting",
                "csrfmiddlewaretoken": token,
            },
            {"Accept": "application/json", "X-CSRFToken": token},
        )
        next_capture += CAPTURE_EVERY


def _projector(user: User, session_pk: int, stop: float) -> None:
    time.sleep(random.uniform(0, RAMP_UP))
    version = ""
    next_poll = time.time() + random.uniform(0, PROJECTOR_EVERY)
    while time.time() < stop:
        time.sleep(max(0.0, next_poll - time.time()))
        if time.time() >= stop:
            break
        _status, _body, headers = user.request(
            "GET", f"/sessie/{session_pk}/projector/?v={version}", headers={"HX-Request": "true"}
        )
        version = (headers.get("X-Live-Version") if headers else None) or version
        next_poll += PROJECTOR_EVERY


def _phone(user: User, code: str, stop: float) -> None:
    time.sleep(random.uniform(0, RAMP_UP))
    path = f"/t/{code}/"
    _status, body, _headers = user.request("GET", path)
    next_post = time.time() + random.uniform(5, PHONE_POST_EVERY)
    next_view = time.time() + random.uniform(0, PHONE_VIEW_EVERY)
    while time.time() < stop:
        time.sleep(max(0.0, min(next_post, next_view) - time.time()))
        if time.time() >= stop:
            break
        if time.time() >= next_post:
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body or b"")
            token = match.group(1).decode() if match else user.cookies.get("csrftoken", "")
            user.request(
                "POST",
                path,
                {
                    "client_id": str(uuid.uuid4()),
                    "kind": "knelpunt",
                    "text": "Vanaf een telefoon",
                    "csrfmiddlewaretoken": token,
                },
            )
            next_post += PHONE_POST_EVERY
        else:
            _status, body, _headers = user.request("GET", path)
            next_view += PHONE_VIEW_EVERY


def run() -> dict:
    results, measure_from, threads = run_load(DURATION)
    return summarise(results, measure_from, threads, DURATION)


def run_load(duration: float, sampler=None):
    """Serve with gunicorn and play the room for `duration` seconds. `sampler(pid, stop)`, if
    given, runs in a thread of its own with gunicorn's process id (used by the soak)."""
    from django.conf import settings
    from django.test import Client

    from bench.live import make_live_session
    from sessions.models import LiveState

    sessions = []
    for index in range(1, SESSIONS + 1):
        session, facilitator = make_live_session(index=index, items=40)
        client = Client()
        client.force_login(facilitator)
        cookie = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        sessions.append((session.pk, LiveState.objects.get(session=session).phone_code, cookie))

    port = _free_port()
    env = dict(os.environ)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "praktijktafel.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "-k",
            "gthread",
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        lock = threading.Lock()
        stop = time.time() + duration
        measure_from = time.perf_counter() + RAMP_UP
        threads = []
        if sampler is not None:
            watcher = threading.Thread(target=sampler, args=(server.pid, stop), daemon=True)
            watcher.start()
        for session_pk, code, cookie in sessions:
            threads.append(
                threading.Thread(
                    target=_console, args=(User(port, results, lock, cookie), session_pk, stop)
                )
            )
            # The wall's projector and the console's small preview of it (a frame that polls
            # like the projector does).
            threads.extend(
                threading.Thread(
                    target=_projector, args=(User(port, results, lock, cookie), session_pk, stop)
                )
                for _ in range(2)
            )
            threads.extend(
                threading.Thread(target=_phone, args=(User(port, results, lock), code, stop))
                for _ in range(PHONES)
            )
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 30)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    return results, measure_from, threads


def summarise(results, measure_from, threads, duration) -> dict:
    ok_status = {200, 201, 204, 302}
    steady_from = measure_from
    errors = [r for r in results if r[1] not in ok_status]
    steady = [r for r in results if r[4] >= steady_from]
    stats = summary_ms([r[0] for r in steady])
    kinds = {
        "projector": "/projector/",
        "capture": "/live/notitie/",
        "phone": "/t/",
        "console page": "/live/",
    }
    per_kind = {}
    for label, marker in kinds.items():
        times = [
            r[0]
            for r in steady
            if marker in r[3] and not (label == "console page" and "/notitie/" in r[3])
        ]
        if times:
            per_kind[label] = summary_ms(times)["p95"]
    by_status: dict[int, int] = {}
    for r in results:
        by_status[r[1]] = by_status.get(r[1], 0) + 1
    detail = {
        **stats,
        "requests": len(results),
        "by_status": by_status,
        "p95_by_kind_ms": per_kind,
        "measured": f"after {RAMP_UP:.0f} s ramp-up",
        "virtual_users": len(threads),
        "duration_s": duration,
        "gunicorn": f"{WORKERS} workers x {THREADS} threads",
        "error_samples": [f"{r[2]} {r[3]} -> {r[1]}" for r in errors[:5]],
    }
    size = (
        f"{SESSIONS} sessions x (1 console with its 2 s state check + 1 projector + its preview"
        f" + {PHONES} phones)"
    )
    return {
        "load_p95_ms": {
            "value": stats["p95"],
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": size,
            "detail": detail,
        },
        "load_errors": {
            "value": len(errors),
            "unit": "count",
            "baseline": None,
            "ratio": None,
            "data_size": size,
        },
    }
