"""Persona fixtures: the people the app is for, each in a realistic network."""

from __future__ import annotations

import pytest

from praktijktafel.models import Role
from tests.factories import NetworkFactory, SectorFactory, UserFactory, member, session_for


@pytest.fixture(autouse=True)
def _empty_query_log():
    """Query counts read Django's query log, which keeps at most 9,000 entries: start every
    test with it empty, so no count can come out as 0 because the log was already full."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.queries_log.clear()


@pytest.fixture(autouse=True)
def _dutch_to_start():
    """Start every test in the site's language. The language middleware activates the chosen
    language for the thread and leaves it; a test that sent the English cookie made a later
    test that reads a message without a request (the PvE rules) see English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def sector(db):
    return SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F", "41"])


@pytest.fixture
def network(db, sector):
    return NetworkFactory(name="Bouwcoöperatie De Vallei", sectors=[sector])


@pytest.fixture
def other_network(db):
    return NetworkFactory(name="Installatiekring Elders")


@pytest.fixture
def ondernemer(network):
    return member(network, Role.ONDERNEMER, full_name="Henk Hendriks")


@pytest.fixture
def other_ondernemer(other_network):
    return member(other_network, Role.ONDERNEMER, full_name="Olga Elders")


@pytest.fixture
def facilitator(network):
    return member(network, Role.FACILITATOR, full_name="Sander Bos")


@pytest.fixture
def other_facilitator(network):
    """A facilitator in the same network who does not run this session."""
    return member(network, Role.FACILITATOR, full_name="Frank Anders")


@pytest.fixture
def kennisexpert(network):
    return member(network, Role.KENNISEXPERT, full_name="Joost Verhoeven")


@pytest.fixture
def coordinator(network):
    return member(network, Role.COORDINATOR, full_name="Marieke van Dijk")


@pytest.fixture
def other_coordinator(other_network):
    return member(other_network, Role.COORDINATOR, full_name="Carla Elders")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Beheerder")


@pytest.fixture
def session(network, facilitator, kennisexpert):
    return session_for(network, facilitator, kennisexpert=kennisexpert)


@pytest.fixture
def run_tasks():
    """Run queued django-tasks rows the way a db_worker does: claim, call, record.

    `due_only=False` also runs deferred tasks (reminders), as if time had passed.
    Returns the results that ran, so tests can see what was queued and when.
    """
    from django_tasks_db.models import DBTaskResult

    def run(*, due_only: bool = True) -> list:
        ran = []
        while True:
            queued = (
                DBTaskResult.objects.ready()
                if due_only
                else DBTaskResult.objects.filter(status="READY")
            )
            result = queued.order_by("run_after", "enqueued_at").first()
            if result is None:
                return ran
            result.claim("test-worker")
            task_result = result.task_result
            try:
                value = result.task.call(*task_result.args, **task_result.kwargs)
            except Exception as exc:
                result.set_failed(exc)
                raise
            result.set_successful(value)
            ran.append(result)

    return run
