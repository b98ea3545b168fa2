"""Gunicorn's settings: one file for the deployment and the load bench.

    gunicorn -c praktijktafel/gunicorn_conf.py praktijktafel.wsgi

The server's unit (deploy/systemd/praktijktafel-web.service) runs this file too and adds
only its socket (`--bind`); the bench adds its port and its own access log.

gthread: a live session polls every 2–3 s from the console, the projector and its preview,
and each poll mostly waits on PostgreSQL; a thread per request lets a worker serve the next
poll while one waits, without a process per connection. Keep-alive connections wait in the
worker's poller, not in a thread, so a room of idle phones holds no thread. One worker per
core plus one: the GIL lets a worker use one core, and PostgreSQL needs the rest.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The quarterly PDF and a large sector-data import (~16 s per million rows) run inside a
# request: as long as nginx waits (proxy_read_timeout in deploy/nginx/praktijktafel.conf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
# On a restart a request in flight gets this long to finish, within the unit's TimeoutStopSec.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "60"))
# Each request a line on stdout (the journal on a server); errors go to stderr by default.
accesslog = "-"
# Longer than the 2–3 s between a screen's polls, so a poll reuses its connection instead of
# racing the server's close of it.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))


def post_fork(server, worker) -> None:
    """Keep a worker's memory from creeping up under a long live load. glibc gives each
    thread that allocates its own arena (up to 8 per core) and serves big blocks (a console's
    lists answer is a few hundred KB) from the heap once such a block has been freed, so the
    freed memory stays with the process, fragmented. Two arenas and a fixed mmap threshold
    hand big blocks back to the system when freed. glibc only: elsewhere nothing changes."""
    import ctypes

    m_mmap_threshold, m_arena_max = -3, -8  # mallopt's parameter numbers (malloc.h)
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(m_arena_max, 2)
        libc.mallopt(m_mmap_threshold, 128 * 1024)
    except (OSError, AttributeError):
        pass
