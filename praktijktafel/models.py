"""Core data shared by every app: people, firms, sectors, networks and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class SizeClass(models.TextChoices):
    """Company-size classes as CBS uses them (werkzame personen)."""

    XS = "2-4", _("2 to 4 employees")
    S = "5-9", _("5 to 9 employees")
    M = "10-19", _("10 to 19 employees")
    L = "20-49", _("20 to 49 employees")


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sbi_codes = ArrayField(
        models.CharField(max_length=10),
        verbose_name=_("SBI 2008 codes"),
        default=list,
        blank=True,
        help_text=_("SBI 2008 sections or divisions that belong to this sector, e.g. F, 43."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    class Kind(models.TextChoices):
        COOPERATIE = "cooperative", _("Cooperative")
        BRANCHEVERENIGING = "trade_association", _("Trade association")
        REGIO = "region", _("Region")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="networks", verbose_name=_("sectors"))
    shares_kennisbank = models.BooleanField(
        _("shares the kennisbank"),
        default=True,
        help_text=_("Members of this network can read the published kennisbank."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before"),
        default=3,
        help_text=_("Send a reminder this many days before a session; 0 for none."),
    )
    reminder_same_day = models.BooleanField(
        _("reminder on the day"),
        default=True,
        help_text=_("Send a reminder on the morning of the day."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


def network_pk(network: Network | int) -> int:
    """The id of a network given as itself or as its id (callers hold either)."""
    return network if isinstance(network, int) else network.pk


class Organisation(models.Model):
    """A firm; one person's employer. Kept small: ondernemers hate admin."""

    name = models.CharField(_("name"), max_length=150)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector")
    )
    size_class = models.CharField(
        _("company size"), max_length=10, choices=SizeClass.choices, blank=True
    )
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FACILITATOR = "facilitator", _("Facilitator")
    KENNISEXPERT = "kennisexpert", _("Knowledge expert")
    ONDERNEMER = "ondernemer", _("Entrepreneur")


class Membership(models.Model):
    """A person's role in a network. One person can hold several roles."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["network", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "role"], name="membership_unique_role"
            ),
        ]
        indexes = [models.Index(fields=["network", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.network}"


class Consent(models.Model):
    """A person's answer to a consent question, kept as a history (the latest one counts)."""

    class Kind(models.TextChoices):
        SHARE_CONTACT = "share_contact", _("My contact details may be shared in the kennisbank")
        RECORDING = "recording", _("The session may be recorded")
        PHONE = "phone", _("My network may call or app me on my phone number")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    # The network the answer is about (its use of the phone number, its kennisbank, its
    # sessions): a yes given to one network counts for no other. Empty for an answer tied to
    # no network; such an answer counts for none.
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("question"), max_length=20, choices=Kind.choices)
    granted = models.BooleanField(_("granted"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    source = models.CharField(_("where"), max_length=100, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["user", "network", "kind", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.granted}"


class PrivacyRequest(models.Model):
    """A log of exports and erasures. It keeps the person's former id, never their name."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Data exported")
        ERASE = "erase", _("Person erased")
        RETENTION = "retention", _("Erased after the retention period")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject_id = models.PositiveIntegerField(_("person (former id)"))
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_self = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self) -> str:
        return f"{self.kind} #{self.subject_id} {self.at:%Y-%m-%d}"


class RateCounter(models.Model):
    """Hits of one rate limit key in its current window (praktijktafel.ratelimit). The key is
    a scope and a keyed hash: it names no address or device. Rows whose window has ended are
    dead weight, removed by `manage.py rate_counters_prune` (daily). No index beyond the key:
    a count then changes in place (a HOT update) without touching an index."""

    key = models.CharField(max_length=100, primary_key=True)
    hits = models.PositiveIntegerField()
    window_ends = models.DateTimeField()

    class Meta:
        db_table = "praktijktafel_ratecounter"

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
