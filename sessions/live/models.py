"""Running a session live: the server-side timer, what is captured, and what comes after.

Anonymity by construction: a Knelpunt has no field that points at a person, not even the
facilitator who typed it (the session's facilitator is known, not who said it).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Network
from praktijktafel.themes import Theme
from sessions.models.planning import Phase, Session


class Question(models.Model):
    """A starter question (phase 1) or an action question (phase 5) from the library."""

    class Kind(models.TextChoices):
        START = "start", _("Starter question")
        ACTION = "action", _("Action question")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    theme = models.CharField(_("HR theme"), max_length=20, choices=Theme.choices, blank=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("network"),
        help_text=_("Empty: available to every network."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "text"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class LiveState(models.Model):
    """One per session once it has started. `version` rises with every live write, so a
    console tab can tell whether anything changed; `screen_version` only with those the
    projector shows (not with an item held for the facilitator's check)."""

    class CaseStep(models.TextChoices):
        CHOOSE = "choose", _("Choose the case")
        EXPLAIN = "explain", _("The case owner explains")
        QUESTIONS = "questions", _("Information round: only questions")
        DIAGNOSIS = "diagnosis", _("Diagnosis: what is going on?")
        SOLUTIONS = "solutions", _("Solutions from the group")
        CHOICE = "choice", _("The case owner chooses")

    # Share of the case phase per step of the incident method (adds up to 35 = the default).
    CASE_STEP_WEIGHTS = {
        "choose": 3,
        "explain": 5,
        "questions": 8,
        "diagnosis": 7,
        "solutions": 8,
        "choice": 4,
    }

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="live")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    current_phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    screen_version = models.PositiveIntegerField(default=0)
    starter_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    knowledge_note = models.TextField(_("note for the knowledge input"), blank=True)
    shown_chart = models.PositiveSmallIntegerField(_("chart on the projector"), default=0)
    case_step = models.CharField(max_length=12, choices=CaseStep.choices, blank=True)
    case_step_started_at = models.DateTimeField(null=True, blank=True)
    phones_enabled = models.BooleanField(_("phones may join"), default=False)
    phone_code = models.CharField(max_length=8, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"live: {self.session}"


class PhaseRun(models.Model):
    """One stretch of time in a phase. Going back to a phase opens a new run; a phase's
    actual minutes are the sum of its runs, pauses excluded."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="phase_runs")
    # A phase that ran keeps its timing: it cannot be deleted on its own, only with its session.
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="runs")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    extended_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(ended_at__isnull=True),
                name="phase_run_one_open_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase} from {self.started_at}"


def this_minute():
    """Now, to the minute: a bottleneck sent from a phone 80 ms after an own action (whose mail
    names an address) could be linked to it by a time in microseconds."""
    return timezone.now().replace(second=0, microsecond=0)


class Knelpunt(models.Model):
    """A bottleneck, noted briefly and anonymously. Deliberately no link to any person."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="knelpunten")
    client_id = models.UUIDField(default=uuid.uuid4)
    text = models.CharField(_("bottleneck"), max_length=300)
    theme = models.CharField(_("HR theme"), max_length=20, choices=Theme.choices, blank=True)
    recognition = models.PositiveSmallIntegerField(
        _("recognised by"), default=1, validators=[MinValueValidator(0), MaxValueValidator(99)]
    )
    from_phone = models.BooleanField(default=False)
    approved = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=this_minute, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bottleneck")
        verbose_name_plural = _("bottlenecks")
        constraints = [
            models.UniqueConstraint(fields=["session", "client_id"], name="knelpunt_client_once"),
        ]

    def __str__(self) -> str:
        return self.text


class Capture(models.Model):
    """Everything else said at the table that is worth keeping."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        TIP = "tip", _("Tip")
        SOLUTION = "solution", _("Solution")
        GROUP_ACTION = "insight", _("Group action")  # stored as "insight" since 0004
        ACTION = "action", _("Own action")
        SOURCE = "source", _("Source")
        CONTACT = "contact", _("Contact")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="captures")
    client_id = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    theme = models.CharField(_("HR theme"), max_length=20, choices=Theme.choices, blank=True)
    owner = models.CharField(
        _("owner"),
        max_length=150,
        blank=True,
        help_text=_(
            "Who does it (an action) or who brings it (a case): shown in the console only."
        ),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a contact: the person who agreed to share their details."),
    )
    from_phone = models.BooleanField(default=False)
    approved = models.BooleanField(default=True)
    promoted_at = models.DateTimeField(_("promoted to the kennisbank"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        constraints = [
            models.UniqueConstraint(fields=["session", "client_id"], name="capture_client_once"),
        ]
        indexes = [models.Index(fields=["session", "kind"])]

    def __str__(self) -> str:
        return self.text


class ActionFollowUp(models.Model):
    """A group action of an earlier session, looked back on at the next session of the series."""

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly")
        NOT = "not", _("Not")

    action = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="followups")
    reviewed_in = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="followups")
    status = models.CharField(max_length=10, choices=Status.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "reviewed_in"], name="followup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.status}"


class Evaluation(models.Model):
    """The three-question anonymous evaluation. No link to who answered."""

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    useful = models.PositiveSmallIntegerField(
        _("How useful was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    come_again = models.CharField(_("Would you come again?"), max_length=5, choices=Again.choices)
    remark = models.CharField(_("One remark"), max_length=500, blank=True)
    created_at = models.DateField(auto_now_add=True)  # a day, not a moment: harder to link

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.session}: {self.useful}"


class EvaluationLink(models.Model):
    """An evaluation link that was sent: a hash of its random token, the session and the day.

    Nothing names the invitation it went to, and the hash is not the receipt's: without the
    token itself, no link can be matched to a receipt, and so to an answer (issue 19).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    issued_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"evaluation link for {self.session_id}"


class EvaluationReceipt(models.Model):
    """Marks an evaluation link as used (another hash of its token), kept apart from the
    answers: a random id and no time, so neither order nor moment ties it to an evaluation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"receipt for {self.session_id}"


class PhoneActionMail(models.Model):
    """An own action to mail to the address typed on the phone, until it is sent.

    The mail task gets only this row's random id and deletes the row once the mail is sent
    or given up: the address never reaches the task table or a log.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    email = models.EmailField()

    def __str__(self) -> str:
        return f"own action mail for {self.session_id}"


# A knelpunt is its own model (anonymous by construction, with a recognition count); every
# other thing the group shares is a Capture of one of Capture.Kind. Forms, the console's item
# URLs and the phone page name a knelpunt by this kind, next to the capture kinds.
KNELPUNT = "knelpunt"
ITEM_KIND_CHOICES = [(KNELPUNT, _("Bottleneck (anonymous)")), *Capture.Kind.choices]


def item_model(kind: str) -> type[Knelpunt] | type[Capture]:
    """The model of an item of this kind (KNELPUNT, or any capture kind or "capture")."""
    return Knelpunt if kind == KNELPUNT else Capture


def item_kind(item: Knelpunt | Capture) -> str:
    """KNELPUNT for a knelpunt, else "capture": the kind segment of the console's item URLs."""
    return KNELPUNT if isinstance(item, Knelpunt) else "capture"
