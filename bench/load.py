"""Load: 100 live sessions at once, each with a console (captures, its state and lists
checks and its preview of the projector), a projector and 10 phones, against gunicorn on
loopback with the deployment's settings (`praktijktafel/gunicorn_conf.py`).

The generator is one asyncio loop in this process: every virtual user is a task with one
keep-alive connection, so 1,200 users are 1,200 sockets, not 1,200 OS threads fighting
gunicorn and PostgreSQL for the same cores. While it plays, the CPU time of the generator,
of gunicorn's workers and of the bench database's PostgreSQL backends is read from /proc,
and gunicorn's access log gives each request's time inside the server next to the time the
client saw. It stops by itself after DURATION seconds and stops gunicorn."""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.stats import summary_ms
from bench.tab import Tab

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "praktijktafel" / "gunicorn_conf.py"

SESSIONS = int(os.environ.get("BENCH_LOAD_SESSIONS", "100"))
PHONES = 10
DURATION = float(os.environ.get("BENCH_LOAD_SECONDS", "70"))
RAMP_UP = 10.0  # people arrive over the first seconds; measured after that (steady state)
PROJECTOR_EVERY = 2.0
SYNC_EVERY = 2.0  # a console tab's check that it shows the server's timer
LISTS_EVERY = 3.0  # … that its lists are the server's
CAPTURE_EVERY = 5.0
PHONE_POST_EVERY = 45.0
PHONE_VIEW_EVERY = 30.0
TIMEOUT = 10.0
PROFILE_REPEATS = 10  # a phone may send 20 items in 10 minutes: stay under it
OK_STATUS = {200, 201, 204, 302}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class User:
    """One browser: a keep-alive connection, its cookies, and the latencies it saw."""

    def __init__(self, port: int, results: list, cookies: dict | None = None):
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})
        self.results = results
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def _close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def _exchange(self, raw: bytes) -> tuple[int, bytes, list[tuple[str, str]]]:
        if self.reader is None or self.reader.at_eof():
            # Never opened, or the server closed it while idle (its keep-alive timeout).
            self._close()
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.writer is not None and self.reader is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = []
        for line in lines[1:]:
            if line:
                key, _sep, value = line.partition(":")
                headers.append((key.strip().lower(), value.strip()))
        found = dict(headers)
        if "content-length" in found:
            body = await self.reader.readexactly(int(found["content-length"]))
        elif found.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(part[:-2] for part in parts)
        elif status in (204, 304) or 100 <= status < 200:
            body = b""
        else:
            body = await self.reader.read()
            self._close()
        if found.get("connection", "").lower() == "close":
            self._close()
        return status, body, headers

    async def request(self, method: str, path: str, body: dict | None = None, headers=None):
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        data = b""
        if body is not None:
            data = urlencode(body).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if data or method == "POST":
            lines.append(f"Content-Length: {len(data)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data
        start = time.perf_counter()
        status, payload, received = 0, b"", []
        for attempt in (1, 2):
            try:
                async with asyncio.timeout(TIMEOUT):
                    status, payload, received = await self._exchange(raw)
                break
            except TimeoutError:
                self._close()  # never sent twice: the server may have acted on it
                break
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                # The server closed the connection as the request went out: like a browser,
                # open a new one and send again (once). A second failure is a real error.
                self._close()
                if attempt == 1:
                    start = time.perf_counter()
        elapsed = time.perf_counter() - start
        for key, value in received:
            if key == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
        self.results.append((elapsed, status, method, path, start))
        return status, payload, dict(received)


async def _sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.time()))


async def _every(every: float, stop: float, call) -> None:
    """One of a page's HTMX timers: `call()` every `every` seconds, from a random point in
    its first period (the timers of one page do not fire together)."""
    moment = time.time() + random.uniform(0, every)
    while True:
        await _sleep_until(min(moment, stop))
        if time.time() >= stop:
            return
        await call()
        moment += every


async def _console(users: list[User], session_pk: int, stop: float) -> None:
    """A console tab, as its page asks (`templates/sessions/live/console.html`): the check
    every 2 s whether its timer state is still the server's, every 3 s whether its lists are
    (a 204 while they are; the held items come along with the lists), and a capture every
    5 s, after which the page fetches its lists (static/js/live.js, refreshLists). A browser
    sends a page's parallel requests over parallel connections: one per timer."""
    await asyncio.sleep(random.uniform(0, RAMP_UP))
    page_user, sync_user, lists_user = users
    _status, page, _headers = await page_user.request("GET", f"/sessie/{session_pk}/live/")
    for user in users[1:]:
        user.cookies.update(page_user.cookies)
    token = page_user.cookies.get("csrftoken", "")
    found = re.search(rb'name="state" value="([^"]+)"', page or b"")
    state = found.group(1).decode() if found else ""
    seen = re.search(rb"part=lists_sync&amp;v=(\d+)", page or b"")
    shown = {"version": seen.group(1).decode() if seen else ""}
    tab = Tab()
    tab.take(page or b"")
    live = f"/sessie/{session_pk}/live/"
    fragment = {"HX-Request": "true", "X-Live-Ticket": _ticket(page)}

    async def sync() -> None:
        query = urlencode({"part": "sync", "state": state})
        await sync_user.request("GET", f"{live}?{query}", headers=fragment)

    async def show(user: User, body: bytes | None) -> None:
        if body and not tab.take(body):  # as the page does: the whole lists instead
            _status, body, _h = await user.request("GET", f"{live}?part=lists", headers=fragment)
            tab.take(body or b"")
        seen = re.search(rb"part=lists_sync&amp;v=(\d+)", body or b"")
        if seen:
            shown["version"] = seen.group(1).decode()

    async def lists() -> None:
        query = urlencode({"part": "lists_sync", "v": shown["version"], **tab.params()})
        _status, body, _h = await lists_user.request("GET", f"{live}?{query}", headers=fragment)
        await show(lists_user, body)

    async def capture() -> None:
        await page_user.request(
            "POST",
            f"{live}notitie/",
            {
                "client_id": str(uuid.uuid4()),
                "kind": random.choice(["knelpunt", "tip"]),
                "text": "Een knelpunt uit de belasting",
                "csrfmiddlewaretoken": token,
            },
            {"Accept": "application/json", "X-CSRFToken": token},
        )
        query = urlencode({"part": "lists", **tab.params()})
        _status, body, _h = await page_user.request("GET", f"{live}?{query}", headers=fragment)
        await show(page_user, body)

    await asyncio.gather(
        _every(SYNC_EVERY, stop, sync),
        _every(LISTS_EVERY, stop, lists),
        _every(CAPTURE_EVERY, stop, capture),
    )


def _ticket(html: bytes | None) -> str:
    """The ticket a live page gives its polls (sessions/live/unchanged.py)."""
    found = re.search(rb'"X-Live-Ticket": "([^"]+)"', html or b"")
    return found.group(1).decode() if found else ""


async def _projector(user: User, session_pk: int, stop: float) -> None:
    await asyncio.sleep(random.uniform(0, RAMP_UP))
    version, ticket = "", ""
    next_poll = time.time() + random.uniform(0, PROJECTOR_EVERY)
    while time.time() < stop:
        await _sleep_until(min(next_poll, stop))
        if time.time() >= stop:
            break
        _status, body, headers = await user.request(
            "GET",
            f"/sessie/{session_pk}/projector/?v={version}",
            headers={"HX-Request": "true", "X-Live-Ticket": ticket},
        )
        version = headers.get("x-live-version") or version
        ticket = _ticket(body) or ticket
        next_poll += PROJECTOR_EVERY


async def _phone(user: User, code: str, stop: float) -> None:
    await asyncio.sleep(random.uniform(0, RAMP_UP))
    path = f"/t/{code}/"
    _status, body, _headers = await user.request("GET", path)
    next_post = time.time() + random.uniform(5, PHONE_POST_EVERY)
    next_view = time.time() + random.uniform(0, PHONE_VIEW_EVERY)
    while time.time() < stop:
        await _sleep_until(min(next_post, next_view, stop))
        if time.time() >= stop:
            break
        if time.time() >= next_post:
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body or b"")
            token = match.group(1).decode() if match else user.cookies.get("csrftoken", "")
            await user.request(
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
            _status, body, _headers = await user.request("GET", path)
            next_view += PHONE_VIEW_EVERY


async def _play(port: int, sessions: list, results: list, stop: float) -> int:
    tasks = []
    for session_pk, code, cookie in sessions:
        tasks.append(_console([User(port, results, cookie) for _ in range(3)], session_pk, stop))
        # The wall's projector and the console's small preview of it (a frame that polls
        # like the projector does).
        tasks += [_projector(User(port, results, cookie), session_pk, stop) for _ in range(2)]
        tasks += [_phone(User(port, results), code, stop) for _ in range(PHONES)]
    await asyncio.gather(*tasks)
    return len(tasks)


# --- CPU: who used the two cores while the room played ---------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int | str) -> float | None:
    """User + system CPU seconds of one process (all its threads), None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def _processes() -> dict[int, tuple[int, bytes]]:
    """Every process: its parent and its command line (PostgreSQL backends name their
    database in it)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry.name}/cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        found[int(entry.name)] = (int(stat[1]), cmdline)
    return found


def _machine_busy() -> tuple[float, float]:
    """CPU seconds of the whole machine: busy and total (all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / _TICK, sum(values) / _TICK


class CpuWatch:
    """Samples every second, between `start()` and `stop()`, the CPU seconds of three
    groups of processes; a process that appears in between counts from zero, one that ends
    keeps what it had at its last sample."""

    def __init__(self, server_pid: int, database: str):
        self.server_pid = server_pid
        self.generator_thread = threading.main_thread().native_id
        self.marker = f" {database} ".encode()
        self.first: dict[str, dict[int, float]] = {}
        self.last: dict[str, dict[int, float]] = {"generator": {}, "gunicorn": {}, "postgres": {}}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _groups(self) -> dict[str, list[int]]:
        processes = _processes()
        gunicorn = [
            pid
            for pid, (parent, _cmd) in processes.items()
            if pid == self.server_pid or parent == self.server_pid
        ]
        postgres = [
            pid
            for pid, (_parent, cmd) in processes.items()
            if cmd.startswith(b"postgres: ") and self.marker in cmd
        ]
        return {"gunicorn": gunicorn, "postgres": postgres}

    def _sample(self) -> None:
        # The generator is the asyncio loop in the main thread, without this watcher's thread.
        cpu = _proc_cpu(f"{os.getpid()}/task/{self.generator_thread}")
        if cpu is not None:
            self.last["generator"][0] = cpu
        for group, pids in self._groups().items():
            for pid in pids:
                cpu = _proc_cpu(pid)
                if cpu is not None:
                    self.last[group][pid] = cpu

    def start(self) -> None:
        self._sample()
        self.first = {group: dict(pids) for group, pids in self.last.items()}
        self.started = time.perf_counter()
        self.machine_first = _machine_busy()
        self.thread.start()

    def _loop(self) -> None:
        while not self.done.wait(1.0):
            self._sample()

    def stop(self) -> dict:
        self.done.set()
        self.thread.join()
        self._sample()
        wall = time.perf_counter() - self.started
        busy, total = (b - a for a, b in zip(self.machine_first, _machine_busy(), strict=True))
        cores = os.cpu_count() or 1
        shares: dict = {"seconds": round(wall, 1), "cpu_seconds": {}}
        for group, pids in self.last.items():
            used = sum(cpu - self.first[group].get(pid, 0.0) for pid, cpu in pids.items())
            shares["cpu_seconds"][group] = round(used, 2)
            shares[group] = round(100 * used / wall / cores, 1)
        shares["machine_busy"] = round(100 * busy / total, 1) if total else None
        shares["everything_else"] = round(
            shares["machine_busy"] - shares["generator"] - shares["gunicorn"] - shares["postgres"],
            1,
        )
        return shares


# --- the run ---------------------------------------------------------------------------

LOG_FORMAT = '%(t)s %(D)s %(s)s %(p)s "%(m)s %(U)s?%(q)s"'
_LOG_LINE = re.compile(r'^\[([^\]]+)\] (\d+) (\d+) <(\d+)> "(\S+) (.*)"$')


def _wait_until_every_worker_answers(port: int, log: Path, limit: float = 120.0) -> float:
    """Ask /healthz on fresh connections until every worker has answered one (the access
    log names the worker): on a busy machine a worker takes seconds to import the app, and
    a room that starts before would first queue behind it. Returns the seconds it took."""
    from praktijktafel import gunicorn_conf

    started = time.time()
    while time.time() - started < limit:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(
                    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                )
                while sock.recv(65536):
                    pass
        except OSError:
            time.sleep(0.2)
            continue
        answered = {
            match.group(4)
            for match in map(_LOG_LINE.match, log.read_text(errors="replace").splitlines())
            if match
        }
        if len(answered) >= gunicorn_conf.workers:
            break
        time.sleep(0.05)
    return round(time.time() - started, 1)


def run() -> dict:
    outcome = run_load(DURATION)
    return summarise(outcome, DURATION)


def run_load(duration: float, sampler=None) -> dict:
    """Serve with gunicorn and play the room for `duration` seconds. `sampler(pid, stop)`, if
    given, runs in a thread of its own with gunicorn's process id (used by the soak)."""
    from django.conf import settings
    from django.db import connection
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
    profile = profile_requests(sessions[0])
    database = connection.settings_dict["NAME"]
    connection.close()

    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="bench-access-", suffix=".log")[1])
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(GUNICORN_CONF),
            "praktijktafel.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            str(log),
            "--access-logformat",
            LOG_FORMAT,
        ],
        env=dict(os.environ),
    )
    results: list = []
    try:
        booted = _wait_until_every_worker_answers(port, log)
        stop = time.time() + duration
        measure_from = time.perf_counter() + RAMP_UP
        measure_from_wall = time.time() + RAMP_UP
        if sampler is not None:
            watcher = threading.Thread(target=sampler, args=(server.pid, stop), daemon=True)
            watcher.start()
        cpu = CpuWatch(server.pid, database)
        starter = threading.Timer(RAMP_UP, cpu.start)
        starter.start()
        users = asyncio.run(_play(port, sessions, results, stop))
        starter.join()
        shares = cpu.stop()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    server_times = _server_times(log, measure_from_wall)
    log.unlink(missing_ok=True)
    return {
        "results": results,
        "measure_from": measure_from,
        "users": users,
        "cpu_share_percent": shares,
        "server_times": server_times,
        "profile": profile,
        "workers_ready_after_s": booted,
    }


def _server_times(log: Path, since: float) -> list[tuple[float, int, str, str]]:
    """(seconds inside gunicorn, status, method, path with query) of every request logged
    from the second `since` on: gunicorn's time runs from the parsed request to the last byte
    written, so the wait for a free thread and the trip over loopback are not in it."""
    times = []
    for line in log.read_text(errors="replace").splitlines():
        match = _LOG_LINE.match(line)
        if not match:
            continue
        when = datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if when + 1 <= since:  # the log has whole seconds: drop the second the ramp ends in
            continue
        times.append(
            (int(match.group(2)) / 1e6, int(match.group(3)), match.group(5), match.group(6))
        )
    return times


KINDS = {
    "projector poll": lambda m, p: m == "GET" and "/projector/" in p,
    "console state check": lambda m, p: m == "GET" and "part=sync" in p,
    "console lists check": lambda m, p: m == "GET" and "part=lists_sync" in p,
    "console lists after a capture": lambda m, p: m == "GET" and "part=lists&" in p + "&",
    "console page": lambda m, p: (
        m == "GET" and p.split("?")[0].endswith("/live/") and "part=" not in p
    ),
    "capture": lambda m, p: m == "POST" and "/live/notitie/" in p,
    "phone page": lambda m, p: m == "GET" and p.startswith("/t/"),
    "phone post": lambda m, p: m == "POST" and p.startswith("/t/"),
}


def _kind(method: str, path: str) -> str:
    return next((name for name, test in KINDS.items() if test(method, path)), "other")


def profile_requests(session: tuple) -> dict:
    """Each request type after a warm-up, in this process with Django's test client and the
    same settings, before gunicorn starts: its queries, and the CPU and wall time of
    PROFILE_REPEATS more (no network, no load of our own)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    session_pk, code, cookie = session
    console = Client()
    console.cookies.load(cookie)
    phone = Client()
    page = console.get(f"/sessie/{session_pk}/live/").content
    state = re.search(rb'name="state" value="([^"]+)"', page)
    version = re.search(rb"part=lists_sync&amp;v=(\d+)", page)
    ticket = _ticket(page)
    shown = console.get(f"/sessie/{session_pk}/projector/?v=", HTTP_HX_REQUEST="true")
    phone.get(f"/t/{code}/")
    calls = {
        "projector poll": lambda: console.get(
            f"/sessie/{session_pk}/projector/?v={shown.headers['X-Live-Version']}",
            HTTP_HX_REQUEST="true",
            HTTP_X_LIVE_TICKET=ticket,
        ),
        "console state check": lambda: console.get(
            f"/sessie/{session_pk}/live/?"
            + urlencode({"part": "sync", "state": state.group(1).decode() if state else ""}),
            HTTP_HX_REQUEST="true",
            HTTP_X_LIVE_TICKET=ticket,
        ),
        "console lists check": lambda: console.get(
            f"/sessie/{session_pk}/live/?"
            + urlencode({"part": "lists_sync", "v": version.group(1).decode() if version else ""}),
            HTTP_HX_REQUEST="true",
            HTTP_X_LIVE_TICKET=ticket,
        ),
        "console lists after a capture": lambda: console.get(
            f"/sessie/{session_pk}/live/?part=lists", HTTP_HX_REQUEST="true"
        ),
        "console page": lambda: console.get(f"/sessie/{session_pk}/live/"),
        "phone page": lambda: phone.get(f"/t/{code}/"),
        "capture": lambda: console.post(
            f"/sessie/{session_pk}/live/notitie/",
            {"client_id": str(uuid.uuid4()), "kind": "tip", "text": "Profiel"},
            HTTP_ACCEPT="application/json",
        ),
        "phone post": lambda: phone.post(
            f"/t/{code}/",
            {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Profiel telefoon"},
        ),
    }
    # The lists check after another tab or a phone changed something: the lists again.
    calls["console lists refresh"] = lambda: console.get(
        f"/sessie/{session_pk}/live/?part=lists_sync&v=0", HTTP_HX_REQUEST="true"
    )
    # The projector's full refresh (after a capture): what a poll costs when it is not a 204.
    calls["projector refresh"] = lambda: console.get(
        f"/sessie/{session_pk}/projector/?v=", HTTP_HX_REQUEST="true"
    )
    # Last: the profiled captures above are new to this tab. The lists for a tab that says
    # what it shows (static/js/console-rows.js): its rows as placeholders, the new one whole.
    tab = Tab()
    tab.take(console.get(f"/sessie/{session_pk}/live/?part=lists", HTTP_HX_REQUEST="true").content)
    have = {"part": "lists", **tab.params()}
    calls["console lists, new rows only"] = lambda: console.get(
        f"/sessie/{session_pk}/live/", have, HTTP_HX_REQUEST="true"
    )
    profile = {}
    for name, call in calls.items():
        for _ in range(3):
            call()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        asked = len(queries)  # now: the next request empties the log
        cpu, wall = [], []
        for _ in range(PROFILE_REPEATS):
            start, start_cpu = time.perf_counter(), time.thread_time()
            call()
            wall.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
        profile[name] = {
            "status": response.status_code,
            "queries": asked,
            # This thread's CPU, median: Python's share of the request (the test client's
            # own is in it, ~0.3 ms); the database's work is in the wall time, not here.
            "cpu_ms": round(statistics.median(cpu) * 1000, 2),
            "wall_ms": round(statistics.median(wall) * 1000, 2),
        }
    return profile


def summarise(outcome: dict, duration: float) -> dict:
    results, measure_from = outcome["results"], outcome["measure_from"]
    errors = [r for r in results if r[1] not in OK_STATUS]
    steady = [r for r in results if r[4] >= measure_from]
    stats = summary_ms([r[0] for r in steady])
    server = outcome["server_times"]
    server_stats = summary_ms([t for t, *_rest in server]) if server else {}
    per_kind = {}
    for name in [*KINDS, "other"]:
        client = [r[0] for r in steady if _kind(r[2], r[3]) == name]
        inside = [t for t, _s, method, path in server if _kind(method, path) == name]
        if client or inside:
            per_kind[name] = {
                "n": len(client),
                "client_p95": summary_ms(client)["p95"] if client else None,
                "server_p95": summary_ms(inside)["p95"] if inside else None,
                "server_p50": summary_ms(inside)["p50"] if inside else None,
            }
    by_status: dict[int, int] = {}
    for r in results:
        by_status[r[1]] = by_status.get(r[1], 0) + 1
    steady_seconds = duration - RAMP_UP
    # What the server's own CPU allows: both cores for gunicorn and PostgreSQL alone, at the
    # CPU each request took in this run, against what the room asks.
    shares = outcome["cpu_share_percent"]
    # The server's CPU over the requests gunicorn finished in the window (a request the
    # client gave up on may still have been served), the generator's over those it sent.
    served = {"generator": len(steady), "gunicorn": len(server), "postgres": len(server)}
    per_request = {
        group: round(1000 * shares["cpu_seconds"][group] / max(count, 1), 2)
        for group, count in served.items()
    }
    server_ms = per_request["gunicorn"] + per_request["postgres"]
    asked = SESSIONS * (
        1 / SYNC_EVERY
        + 1 / LISTS_EVERY
        + 2 / CAPTURE_EVERY
        + 2 / PROJECTOR_EVERY
        + PHONES * (1 / PHONE_VIEW_EVERY + 1 / PHONE_POST_EVERY)
    )
    from praktijktafel import gunicorn_conf

    # The in-process profile weighted by how often the room asks each request: the Python
    # CPU the views alone need for SESSIONS sessions (gunicorn's HTTP work and PostgreSQL
    # come on top), a figure a busy machine moves less than the latencies.
    per_session_s = {
        "projector poll": 2 / PROJECTOR_EVERY,
        "console state check": 1 / SYNC_EVERY,
        "console lists check": 1 / LISTS_EVERY,
        "console lists after a capture": 1 / CAPTURE_EVERY,
        "capture": 1 / CAPTURE_EVERY,
        "phone page": PHONES / PHONE_VIEW_EVERY,
        "phone post": PHONES / PHONE_POST_EVERY,
    }
    profile = outcome["profile"]
    view_ms = {
        name: round(SESSIONS * rate * profile[name]["cpu_ms"], 1)
        for name, rate in per_session_s.items()
    }
    detail = {
        **stats,
        "server_p50": server_stats.get("p50"),
        "server_p95": server_stats.get("p95"),
        "requests": len(results),
        "requests_per_s": round(len(steady) / steady_seconds, 1),
        "server_requests_per_s": round(len(server) / steady_seconds, 1),
        "by_status": by_status,
        "by_kind_ms": per_kind,
        "cpu_share_percent": outcome["cpu_share_percent"],
        "cpu_ms_per_request": per_request,
        "requests_per_s_asked": round(asked, 1),
        "requests_per_s_two_free_cores_allow": round((os.cpu_count() or 1) * 1000 / server_ms, 1)
        if server_ms
        else None,
        "queries_per_request": profile,
        "view_cpu_ms_per_s_by_kind": view_ms,
        "view_cores_for_the_room": round(sum(view_ms.values()) / 1000, 2),
        "measured": f"after {RAMP_UP:.0f} s ramp-up",
        "workers_ready_after_s": outcome.get("workers_ready_after_s"),
        "virtual_users": outcome["users"],
        "duration_s": duration,
        "gunicorn": (
            f"{gunicorn_conf.workers} workers x {gunicorn_conf.threads} threads "
            f"({gunicorn_conf.worker_class}, praktijktafel/gunicorn_conf.py)"
        ),
        "error_samples": [f"{r[2]} {r[3]} -> {r[1]}" for r in errors[:5]],
    }
    size = (
        f"{SESSIONS} sessions x (1 console with its 2 s state and 3 s lists checks, a capture"
        f" every 5 s and its lists, and projector preview + 1 projector + {PHONES} phones)"
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
        "load_server_p95_ms": {
            "value": server_stats.get("p95"),
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": size,
            "detail": {"n": server_stats.get("n"), "p50": server_stats.get("p50")},
        },
        "load_generator_cpu_percent": {
            "value": outcome["cpu_share_percent"]["generator"],
            "unit": "%",
            "baseline": None,
            "ratio": None,
            "data_size": size,
            "detail": outcome["cpu_share_percent"],
        },
        "load_errors": {
            "value": len(errors),
            "unit": "count",
            "baseline": None,
            "ratio": None,
            "data_size": size,
        },
    }
