"""Fixtures shared by the console's row-store tests."""

from __future__ import annotations

import pytest

from sessions.live.services.run import live_start
from sessions.templatetags import row_cache


@pytest.fixture
def empty_row_store():
    """The worker's row and list stores, empty before and after: a test sees its own rows."""
    row_cache.ROWS.clear()
    row_cache.LISTS.clear()
    yield
    row_cache.ROWS.clear()
    row_cache.LISTS.clear()


@pytest.fixture
def running(session):
    live_start(session=session)
    return session
