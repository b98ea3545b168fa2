"""Reads of the sessions app. Planning lives in `planning`, running a session in `live`."""

from sessions.selectors.planning import *  # noqa: F403
from sessions.selectors.planning import __all__ as _planning_all

__all__ = list(_planning_all)
