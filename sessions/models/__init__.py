"""Models of the sessions app: planning (sessions, agenda, invitations) and live running."""

from sessions.live.models import (  # noqa: F401
    ITEM_KIND_CHOICES,
    KNELPUNT,
    ActionFollowUp,
    Capture,
    Evaluation,
    EvaluationLink,
    EvaluationReceipt,
    Knelpunt,
    LiveState,
    PhaseRun,
    PhoneActionMail,
    Question,
    item_kind,
    item_model,
)
from sessions.models.charts import SessionChart  # noqa: F401
from sessions.models.followups import ActionCheck, ActionCheckOptOut  # noqa: F401
from sessions.models.invitations import Invitation, ReminderLog  # noqa: F401
from sessions.models.planning import (  # noqa: F401
    AgendaTemplate,
    Phase,
    Series,
    Session,
)
from sessions.models.turnout import ContactMoment, ContactPreference  # noqa: F401
