"""The rate limits (praktijktafel.ratelimit): one statement per limit checked, the limit holds
from the window's first hit, an ended window starts again, two workers at once never both take
the last slot, a refusal inside a transaction rolls back with it, and ended counters are
pruned."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from praktijktafel.models import RateCounter
from praktijktafel.ratelimit import limit_reached, rate_key


def _hits(n: int, *, who: str = "198.51.100.7", limit: int = 3, window: int = 600) -> list[bool]:
    return [limit_reached("test", who, limit=limit, window=window) for _ in range(n)]


@pytest.mark.django_db
def test_the_limit_refuses_the_hit_after_the_last_slot():
    assert _hits(5) == [False, False, False, True, True]
    assert _hits(1, who="198.51.100.8") == [False]  # someone else has their own count
    counter = RateCounter.objects.get(key=rate_key("test", "198.51.100.7"))
    assert counter.hits == 3  # a refused hit is not counted


@pytest.mark.django_db
def test_each_check_is_one_statement(django_assert_num_queries):
    with django_assert_num_queries(1):
        limit_reached("test", "198.51.100.7", limit=3, window=600)
    with django_assert_num_queries(1):
        limit_reached("test", "198.51.100.7", limit=3, window=600)


@pytest.mark.django_db
def test_the_window_runs_from_its_first_hit_and_later_hits_do_not_stretch_it():
    before = timezone.now()
    _hits(1)
    counter = RateCounter.objects.get()
    ends = counter.window_ends
    assert before + timedelta(seconds=590) < ends <= timezone.now() + timedelta(seconds=600)
    _hits(2)
    counter.refresh_from_db()
    assert (counter.hits, counter.window_ends) == (3, ends)


@pytest.mark.django_db
def test_an_ended_window_starts_again():
    assert _hits(4) == [False, False, False, True]
    RateCounter.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
    assert _hits(4) == [False, False, False, True]
    counter = RateCounter.objects.get()
    assert counter.hits == 3 and counter.window_ends > timezone.now() + timedelta(seconds=590)


@pytest.mark.django_db
def test_a_hit_inside_a_transaction_rolls_back_with_it():
    with transaction.atomic():
        assert _hits(3) == [False, False, False]
        transaction.set_rollback(True)
    assert _hits(3) == [False, False, False]


@pytest.mark.django_db
def test_the_daily_prune_deletes_only_ended_counters():
    _hits(1, who="a")
    _hits(1, who="b")
    RateCounter.objects.filter(key=rate_key("test", "a")).update(
        window_ends=timezone.now() - timedelta(seconds=1)
    )
    call_command("rate_counters_prune", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(RateCounter.objects.values_list("key", flat=True)) == [rate_key("test", "b")]


def _in_threads(count: int, work) -> list:
    """Run `work` in `count` threads at once, each on its own database connection."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.django_db(transaction=True)
def test_workers_at_once_never_take_more_than_the_slots():
    results = _in_threads(8, lambda i: _hits(1, limit=5)[0])
    assert sorted(results) == [False] * 5 + [True] * 3
    assert RateCounter.objects.get().hits == 5


@pytest.mark.django_db(transaction=True)
def test_a_worker_waits_for_the_one_holding_the_last_slot():
    """The first takes the last slot inside its transaction and commits a moment later; the
    second, checking meanwhile, waits for that commit and is refused."""
    taken = threading.Event()

    def work(i: int) -> bool:
        if i == 0:
            with transaction.atomic():
                refused = _hits(1, limit=1)[0]
                taken.set()
                threading.Event().wait(0.3)  # holds the row a moment, as a longer post would
            return refused
        taken.wait(10)
        return _hits(1, limit=1)[0]

    assert _in_threads(2, work) == [False, True]
