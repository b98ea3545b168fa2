"""Every limit of the live session, in one place. Services and forms import them; templates
get `LIVE_LIMITS` as `limits` and hand what the browser needs to live.js as data attributes,
so a limit changed here changes everywhere."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Text
KNELPUNT_MAX = 300  # a bottleneck: one line
CAPTURE_MAX = 500  # a tip, solution, case, ...
PHONE_TEXT_MAX = KNELPUNT_MAX  # what a phone sends is one line too
OWNER_MAX = 150
NOTE_MAX = 2000  # the note on the projector in the knowledge phase

# The timer turns amber at this share of the phase left, red at this one (live.js reads them
# from the timer's data attributes).
WARN_SHARE = 0.20
CRITICAL_SHARE = 0.05
EXTEND_MINUTES = 5  # the "+5 minutes" button

# What fits on a beamer: the most recognised bottlenecks, the group's actions (the agenda asks
# for three; a few more still fit, live.js folds the rest into "+N more").
PROJECTOR_KNELPUNTEN = 12
PROJECTOR_GROUP_ACTIONS = 6
GROUP_ACTIONS_GOAL = 3  # the appendix: the group closes with three concrete actions
# Held items the console shows at once, oldest first: a room of phones can send more than
# anyone checks at a glance; the rest wait, counted, and move up as these are handled.
HELD_SHOWN = 20

# Phones: items per device and per IP address per window; own actions mailed per address and
# per session (a group is 8–12 people).
PHONE_RATE_DEVICE = 20
PHONE_RATE_IP = 300
PHONE_RATE_WINDOW = 600  # seconds
PHONE_MAILS_PER_ADDRESS = 3
PHONE_MAILS_PER_SESSION = 40
PHONE_MAIL_WINDOW = 24 * 3600  # longer than any session


@dataclass(frozen=True)
class LiveLimits:
    """What the console's template and live.js need of the limits above."""

    knelpunt: int = KNELPUNT_MAX
    capture: int = CAPTURE_MAX
    owner: int = OWNER_MAX
    note: int = NOTE_MAX
    phone_text: int = PHONE_TEXT_MAX
    warn_share: float = WARN_SHARE
    critical_share: float = CRITICAL_SHARE
    extend_minutes: int = EXTEND_MINUTES
    warn_percent: int = round(WARN_SHARE * 100)

    def as_dict(self) -> dict:
        return asdict(self)


LIVE_LIMITS = LiveLimits()
