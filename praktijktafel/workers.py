"""Background workers that outlive a database outage and pick up a dead worker's task.

django-tasks-db's worker stops at the first database error, and a task it was running when
its process was killed stays "running" for ever. Here each worker:

- holds a PostgreSQL advisory lock, on a connection of its own, for as long as it lives.
  PostgreSQL drops the lock the moment the process (or its machine) dies, so any worker on
  any machine can tell a dead worker from a busy one without clocks or heartbeats;
- every `SWEEP_SECONDS`, puts the running tasks of workers that no longer hold their lock
  back in the queue. Tasks are written to be safe to run again (they re-check the state of
  what they make or send under a row lock), so a task taken over is done once;
- after a database error waits (1, 2, 4 … up to 30 s) and starts again, instead of ending.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from socket import gethostname

import psycopg
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import close_old_connections, connection, connections
from django_tasks_db.compat import TaskResultStatus  # type: ignore[attr-defined]
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x5054  # "PT": keeps our advisory locks apart from anyone else's
SWEEP_SECONDS = settings.TASK_WORKER_SWEEP_SECONDS
MAX_BACKOFF_SECONDS = 30.0


def lock_key(worker_id: str) -> int:
    """A stable signed 32-bit key for a worker id (advisory locks take two int4 keys)."""
    digest = hashlib.sha256(worker_id.encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


class Liveness:
    """The advisory lock that says "this worker is alive", on a connection of its own (the
    worker's own connection is closed and reopened between tasks, which would drop it)."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._connection: psycopg.Connection | None = None

    def hold(self) -> None:
        if self._connection is not None and not self._connection.closed:
            return
        params = connection.get_connection_params()
        # Named, so whoever looks at pg_locks (deploy/upgrade refusing to migrate while a
        # worker runs) can say which worker on which machine holds the lock.
        name = f"praktijktafel worker {self.worker_id} on {gethostname()}"
        params["application_name"] = name[:63]  # PostgreSQL keeps 63 bytes
        conn = psycopg.connect(**params, autocommit=True)
        conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lock_key(self.worker_id)))
        self._connection = conn

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def _is_dead(worker_id: str) -> bool:
    """True when no living process holds the worker's lock (try to take it; give it back)."""
    with connection.cursor() as cursor:
        key = lock_key(worker_id)
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, key])
        (taken,) = cursor.fetchone()
        if taken:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, key])
        return bool(taken)


def orphans_requeue(*, own_worker_id: str | None = None) -> int:
    """Put the running tasks of dead workers back in the queue; returns how many."""
    requeued = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
        "pk", "worker_ids"
    )
    for pk, worker_ids in running:
        owner = worker_ids[-1] if worker_ids else None
        # Our own lock is re-entrant for our own connection: never judge ourselves.
        if owner is None or owner == own_worker_id or not _is_dead(owner):
            continue
        requeued += DBTaskResult.objects.filter(
            pk=pk, status=TaskResultStatus.RUNNING, worker_ids=worker_ids
        ).update(status=TaskResultStatus.READY, started_at=None)
        log.warning("Task %s of dead worker %s is back in the queue", pk, owner)
    return requeued


class Sweeper(threading.Thread):
    """Looks for dead workers' tasks now and then (its own thread, its own connection)."""

    def __init__(self, worker_id: str, interval: float = SWEEP_SECONDS) -> None:
        super().__init__(name="orphan-sweeper", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                orphans_requeue(own_worker_id=self.worker_id)
            except DatabaseError as exc:
                log.warning("Sweeping for dead workers failed (%s); trying again later", exc)
            finally:
                connections.close_all()


def keep_running(
    run: Callable[[], None],
    *,
    worker_id: str,
    sleep: Callable[[float], None] = time.sleep,
    sweep_interval: float = SWEEP_SECONDS,
) -> None:
    """Run the worker loop; after a database error wait and start again. Returns when the
    loop ends by itself (batch mode, max tasks); a signal ends the process as before."""
    liveness = Liveness(worker_id)
    sweeper: Sweeper | None = None
    backoff = 1.0
    while True:
        try:
            liveness.hold()
            orphans_requeue(own_worker_id=worker_id)
            if sweeper is None:
                sweeper = Sweeper(worker_id, sweep_interval)
                sweeper.start()
            run()
            return
        except (DatabaseError, psycopg.Error) as exc:
            log.warning("Database unavailable (%s); worker waits %.0f s and goes on", exc, backoff)
            liveness.release()
            close_old_connections()
            connections.close_all()
            sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
