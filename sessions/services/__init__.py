"""Writes of the sessions app. Planning lives in `planning`, running a session in `live`."""

from sessions.services.charts import *  # noqa: F403
from sessions.services.charts import __all__ as _charts_all
from sessions.services.live import *  # noqa: F403
from sessions.services.live import __all__ as _live_all
from sessions.services.planning import *  # noqa: F403
from sessions.services.planning import __all__ as _planning_all

__all__ = [*_planning_all, *_live_all, *_charts_all]
