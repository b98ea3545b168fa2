"""Workers outlive a database outage and take over the task of a worker that died."""

from __future__ import annotations

import socket

import psycopg
import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from praktijktafel import workers
from quarterly import services
from quarterly.models import QuarterlyUpdate

pytestmark = pytest.mark.django_db


def _running_task(update_id: int, worker_id: str) -> DBTaskResult:
    task = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", worker_ids=[worker_id], started_at=timezone.now()
    )
    QuarterlyUpdate.objects.filter(pk=update_id).update(
        status=QuarterlyUpdate.Status.RENDERING, progress=25, started_at=timezone.now()
    )
    return task


def _hold_lock(worker_id: str) -> psycopg.Connection:
    conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    conn.execute(
        "SELECT pg_advisory_lock(%s, %s)", (workers.LOCK_NAMESPACE, workers.lock_key(worker_id))
    )
    return conn


def _request(network, coordinator, capture_on_commit) -> QuarterlyUpdate:
    with capture_on_commit(execute=True):
        update, _started = services.update_request(
            network=network, sector=None, year=2026, quarter=1, user=coordinator
        )
    return update


def test_a_dead_workers_pdf_is_made_once_by_another(
    network, coordinator, run_tasks, django_capture_on_commit_callbacks
):
    # A worker killed at 25 % of the PDF left it "being made" until someone asked again
    # after ten minutes. Its task now goes back in the queue, and the PDF is made once.
    update = _request(network, coordinator, django_capture_on_commit_callbacks)
    task = _running_task(update.pk, "worker-that-was-killed")
    assert workers.orphans_requeue(own_worker_id="the-sweeper") == 1
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"
    ran = run_tasks()
    assert len(ran) == 1
    update.refresh_from_db()
    assert update.status == QuarterlyUpdate.Status.READY
    assert bytes(update.pdf).startswith(b"%PDF")
    assert workers.orphans_requeue(own_worker_id="the-sweeper") == 0


def test_a_busy_workers_task_is_left_alone(
    network, coordinator, django_capture_on_commit_callbacks
):
    update = _request(network, coordinator, django_capture_on_commit_callbacks)
    task = _running_task(update.pk, "busy-worker")
    alive = _hold_lock("busy-worker")
    try:
        assert workers.orphans_requeue(own_worker_id="the-sweeper") == 0
        assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    finally:
        alive.close()
    # The moment its process (and so its connection) is gone, the task is free again.
    assert workers.orphans_requeue(own_worker_id="the-sweeper") == 1


def test_the_worker_waits_and_goes_on_after_a_database_outage(monkeypatch):
    calls, waits = [], []

    def worker_loop():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("connection refused")

    monkeypatch.setattr(workers.Liveness, "hold", lambda self: None)
    monkeypatch.setattr(workers, "orphans_requeue", lambda **kwargs: 0)
    monkeypatch.setattr(workers.Sweeper, "start", lambda self: None)
    workers.keep_running(worker_loop, worker_id="w", sleep=waits.append)
    assert len(calls) == 3  # it did not stop at the first error
    assert waits == [1.0, 2.0]  # and it backed off before trying again


def test_a_living_worker_is_seen_in_the_database_with_its_host():
    # An upgrade refuses while any worker, on any machine, still runs: it finds them by their
    # liveness lock in pg_locks, and names each by the application name of the lock's connection.
    liveness = workers.Liveness("worker-7f3a")
    liveness.hold()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT a.application_name
                   FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                   WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s
                   AND l.objid::bigint = %s::bigint & 4294967295""",
                [workers.LOCK_NAMESPACE, workers.lock_key("worker-7f3a")],
            )
            names = [name for (name,) in cursor.fetchall()]
    finally:
        liveness.release()
    assert names == [f"praktijktafel worker worker-7f3a on {socket.gethostname()}"[:63]]
