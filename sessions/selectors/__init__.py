"""Reads of the sessions app. Planning lives in `planning`, running a session in `live`."""

from sessions.selectors.live import *  # noqa: F403
from sessions.selectors.live import __all__ as _live_all
from sessions.selectors.planning import *  # noqa: F403
from sessions.selectors.planning import __all__ as _planning_all

__all__ = [*_planning_all, *_live_all]
