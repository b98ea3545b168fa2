"""The login session store: Django's database sessions, read with one SQL statement written
once instead of a query the ORM builds on every request."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone


def _store():
    """The store the site is configured with."""
    return import_module(settings.SESSION_ENGINE).SessionStore


@pytest.mark.django_db
def test_loading_a_login_session_builds_no_orm_query(monkeypatch):
    SessionStore = _store()
    stored = SessionStore()
    stored["who"] = "facilitator"
    stored.save()

    def refuse(*args, **kwargs):
        raise AssertionError("the ORM compiled a query to load the session")

    monkeypatch.setattr(SQLCompiler, "as_sql", refuse)
    assert SessionStore(stored.session_key).load() == {"who": "facilitator"}


@pytest.mark.django_db
def test_an_expired_or_unknown_session_loads_empty_and_loses_its_key():
    SessionStore = _store()
    stored = SessionStore()
    stored["who"] = "facilitator"
    stored.save()
    Session.objects.filter(session_key=stored.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(stored.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_a_logged_in_person_stays_logged_in(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == facilitator
