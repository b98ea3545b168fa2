"""Writing checked figures: one PostgreSQL COPY stream fed by a parsing thread, dimension
values and indicators with ids reserved up front, and the new version made current.

The producer (checking a file, in a thread of its own) never touches the database: it turns
rows into COPY text and hands it over through a small bounded queue. The caller's thread
writes that text into one COPY, so PostgreSQL stores figures while the next rows are parsed
(libpq releases the GIL while it sends). When the producer meets a dimension value or
indicator it has no id for, it takes one from a pool of ids reserved from the table's
sequence; when a pool runs dry the COPY is closed, more ids are reserved and a new COPY is
opened. The rows for those values are inserted after the figures, in the same transaction
(figures carry no foreign-key checks; see `Figure`).
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from sectordata.importing.problems import ImportRefused, Problems
from sectordata.models import Dataset, DimensionValue, Figure, Indicator
from sectordata.periods import parse_period

FIGURE_COLUMNS = (
    "dataset_id",
    "indicator_id",
    "period",
    "period_kind",
    "period_start",
    "dim1_id",
    "dim2_id",
    "dim3_id",
    "dim4_id",
    "value",
)
COPY_SQL = f"COPY {Figure._meta.db_table} ({', '.join(FIGURE_COLUMNS)}) FROM STDIN"
QUEUE_CHUNKS = 8  # chunks of COPY text in flight: memory stays flat whatever the file
ID_BLOCK = 1024
POLL_SECONDS = 0.5


def copy_text(value: str) -> str:
    """A text value in COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def ids_reserve(*, model: type[Model], count: int) -> list[int]:
    """`count` fresh ids from the model's sequence (never handed out twice, even if this
    transaction rolls back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Outcome:
    """What a producer found: rows with at least one figure, rows skipped, periods used."""

    rows: int = 0
    figures: int = 0
    skipped: list[str] = field(default_factory=list)
    periods: set[str] = field(default_factory=set)
    new_values: list[DimensionValue] = field(default_factory=list)
    new_indicators: list[Indicator] = field(default_factory=list)


class Stopped(Exception):
    """The writing side gave up (a database error): the producer stops too."""


class IdPool:
    """Ids for new rows of one model, taken by the producer while the COPY runs."""

    def __init__(self, model: type[Model], refill: Callable[[type[Model]], list[int]]):
        self.model = model
        self._ids: deque[int] = deque()
        self._refill = refill

    def add(self, ids: list[int]) -> None:
        self._ids.extend(ids)

    def take(self) -> int:
        if not self._ids:
            self._ids.extend(self._refill(self.model))
        return self._ids.popleft()


class Channel:
    """What the producer gets: `emit` COPY text, and id pools that refill through the
    writing side."""

    def __init__(self) -> None:
        self.items: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
        self.replies: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.figures = 0

    def _put(self, item: tuple) -> None:
        while True:
            if self.stop.is_set():
                raise Stopped
            try:
                self.items.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue

    def emit(self, text: str, figures: int) -> None:
        self.figures += figures
        self._put(("data", text))

    def refill(self, model: type[Model]) -> list[int]:
        self._put(("ids", model))
        while True:
            if self.stop.is_set():
                raise Stopped
            try:
                return self.replies.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue

    def pool(self, model: type[Model], ids: list[int] | None = None) -> IdPool:
        pool = IdPool(model, self.refill)
        pool.add(ids or [])
        return pool


def figures_stream(*, produce: Callable[[Channel], Any], channel: Channel) -> Any:
    """Run `produce(channel)` in a thread and write what it emits with COPY, in the caller's
    transaction. Returns what `produce` returns; re-raises what it raises."""
    outcome: list = []
    language = translation.get_language()  # the producer's messages in the reader's language

    def run() -> None:
        try:
            with translation.override(language):
                outcome.append(("done", produce(channel)))
        except Stopped:
            return
        except BaseException as exc:
            outcome.append(("error", exc))
        try:
            channel._put(("end", None))
        except Stopped:
            return

    thread = threading.Thread(target=run, name="sectordata-import", daemon=True)
    thread.start()
    try:
        with connection.cursor() as wrapper, connection.wrap_database_errors:
            cursor = wrapper.cursor
            copy_cm = cursor.copy(COPY_SQL)
            copy = copy_cm.__enter__()
            try:
                while True:
                    kind, payload = channel.items.get()
                    if kind == "data":
                        copy.write(payload)
                    elif kind == "ids":
                        copy_cm.__exit__(None, None, None)
                        channel.replies.put(ids_reserve(model=payload, count=ID_BLOCK))
                        copy_cm = cursor.copy(COPY_SQL)
                        copy = copy_cm.__enter__()
                    else:
                        break
            except BaseException as exc:
                copy_cm.__exit__(type(exc), exc, exc.__traceback__)
                raise
            copy_cm.__exit__(None, None, None)
    except BaseException:
        channel.stop.set()
        thread.join()
        raise
    thread.join()
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def dataset_finish(*, dataset: Dataset, problems: Problems, outcome: Outcome) -> None:
    """Refuse the lot if anything was wrong; else insert the new dimension values and
    indicators, record the counts and make this version the current one (the old version's
    figures go)."""
    if not problems.ok:
        raise ImportRefused(problems)
    if outcome.figures == 0:
        problems.error(_("There is not a single figure in the file."))
        raise ImportRefused(problems)
    DimensionValue.objects.bulk_create(outcome.new_values, batch_size=2000)
    Indicator.objects.bulk_create(outcome.new_indicators, batch_size=2000)
    ordered = sorted(
        outcome.periods, key=lambda p: (parse_period(p)[1] is None, parse_period(p)[1], p)
    )
    # The range a reader sees runs over the periods with a date: a code without one (2010X000,
    # a figure by an older method at a series break) would otherwise be "the last period".
    dated = [p for p in ordered if parse_period(p)[1] is not None] or ordered
    dataset.period_from, dataset.period_to = (dated[0], dated[-1]) if dated else ("", "")
    dataset.row_count, dataset.figure_count = outcome.rows, outcome.figures
    dataset.warnings = problems.warnings
    previous = Dataset.objects.filter(table_id=dataset.table_id, is_current=True).exclude(
        pk=dataset.pk
    )
    for old in previous.select_for_update():
        old.is_current = False
        old.save(update_fields=["is_current"])
        with connection.cursor() as cursor:  # the newer version replaces the old figures
            table = Figure._meta.db_table
            cursor.execute(f"DELETE FROM {table} WHERE dataset_id = %s", [old.pk])  # noqa: S608
    dataset.is_current = True
    dataset.save()
