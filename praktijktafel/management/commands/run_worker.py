"""`manage.py run_worker`: django-tasks-db's `db_worker`, made to last (see praktijktafel.workers).

Same options as `db_worker`. Use it for every worker, on every machine: a plain `db_worker`
holds no liveness lock, so the others would take its running task for a dead worker's.
"""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from praktijktafel.workers import keep_running


class Command(db_worker.Command):
    help = (
        "Run a background worker that survives database outages and takes over dead workers' tasks"
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = db_worker.Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )

        def run() -> None:
            keep_running(worker.run, worker_id=worker_id)

        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child that runs the tasks
            run_with_reloader(run)
        else:
            worker.configure_signals()
            run()
