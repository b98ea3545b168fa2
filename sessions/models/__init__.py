"""Models of the sessions app: planning (sessions, agenda, invitations) and live running."""

from sessions.models.live import (  # noqa: F401
    ActionFollowUp,
    Capture,
    Evaluation,
    EvaluationReceipt,
    Knelpunt,
    LiveState,
    PhaseRun,
    Question,
)
from sessions.models.planning import (  # noqa: F401
    AgendaTemplate,
    Invitation,
    Phase,
    ReminderLog,
    Series,
    Session,
    SessionChart,
)
