from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijktafel.consent import latest_answer
from praktijktafel.dates import PLAN_AHEAD_YEARS, plan_horizon
from praktijktafel.models import Consent, Network, Role, User
from praktijktafel.themes import Theme
from sessions.agenda import MAX_SLOT_MINUTES, PhaseKind
from sessions.models import AgendaTemplate, Invitation, Phase, Session
from sessions.services.sessions import CANCEL_NOTE_MAX, CANCEL_REASONS


class SessionForm(forms.ModelForm):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "sector",
            "theme",
            "theme_other",
            "slot_minutes",
            "venue_name",
            "address",
            "combined_with",
            "kennisexpert",
            "capacity",
            "quorum",
            "series",
        ]
        widgets = {"theme": forms.RadioSelect}
        error_messages = {
            "title": {
                "max_length": _(
                    "The title is %(show_value)d characters; keep it to %(limit_value)d. "
                    "Shorten it, for example by moving details to the theme."
                )
            }
        }

    field_order = [
        "title",
        "theme",
        "theme_other",
        "date",
        "start_time",
        "slot_minutes",
        "venue_name",
        "address",
        "combined_with",
        "sector",
        "kennisexpert",
        "capacity",
        "quorum",
        "series",
    ]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        sectors = list(network.sectors.all())
        self.fields["sector"].queryset = network.sectors.all()
        if len(sectors) == 1:
            self.fields["sector"].initial = sectors[0].pk
        self.fields["kennisexpert"].queryset = User.objects.filter(
            memberships__network=network, memberships__role=Role.KENNISEXPERT
        ).distinct()
        self.fields["series"].queryset = network.series.all()
        self.fields["theme"].required = False
        self.fields["theme"].choices = [("", _("Own theme (below)")), *Theme.choices]
        self.fields["slot_minutes"].widget.attrs.update(min=15, max=MAX_SLOT_MINUTES)
        # No maxlength in the browser: it cut a pasted title mid-word without a word. The
        # form checks the length and says so, keeping the whole title in the box.
        self.fields["title"].widget.attrs.pop("maxlength", None)
        earliest, latest = timezone.localdate(), timezone.localtime(plan_horizon()).date()
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", local.date())
            self.initial.setdefault("start_time", local.time().replace(second=0, microsecond=0))
            # The session's own day stays allowed, also when it has passed.
            earliest, latest = min(earliest, local.date()), max(latest, local.date())
        # The browser's date picker offers the same days as clean_date allows.
        self.fields["date"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())

    def clean_date(self):
        """A day from today up to a few years ahead, checked before it is combined with the
        time: near year 1 or 9999 every sum on the session would fail. An existing session keeps
        its own day, even when that has passed."""
        day = self.cleaned_data["date"]
        if self.instance.pk and day == timezone.localtime(self.instance.starts_at).date():
            return day
        if day < timezone.localdate():
            raise ValidationError(
                _("This moment has passed: choose a date and time in the future.")
            )
        if day > timezone.localtime(plan_horizon()).date():
            raise ValidationError(
                _("Plan a session at most %(years)d years ahead: choose an earlier date."),
                params={"years": PLAN_AHEAD_YEARS},
            )
        return day

    def clean(self):
        data = super().clean()
        if not data.get("theme") and not (data.get("theme_other") or "").strip():
            self.add_error("theme_other", _("Choose one of the four themes or name your own."))
        capacity, quorum = data.get("capacity"), data.get("quorum")
        if capacity and quorum and quorum > capacity:
            self.add_error("quorum", _("The minimum cannot be higher than the maximum."))
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = timezone.make_aware(
                datetime.combine(data["date"], data["start_time"])
            )
        return data

    def plan_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["starts_at"] = self.cleaned_data["starts_at"]
        return data


class NewSessionForm(SessionForm):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        empty_label=None,
        help_text=_("Plans and runs the session. Gets an email when you plan it for them."),
    )
    template = forms.ModelChoiceField(
        label=_("Agenda"),
        queryset=AgendaTemplate.objects.none(),
        required=False,
        empty_label=_("Default agenda (10/15/10/35/10 minutes)"),
    )

    field_order = ["facilitator", *SessionForm.field_order]

    def __init__(self, data=None, *args, network: Network, user: User, candidates, **kwargs):
        if data is not None and "facilitator" not in data:
            # A page opened before this field existed plans for the one who sends it, as that
            # page said; a field sent empty is an error like any other.
            data = data.copy()
            data["facilitator"] = str(user.pk)
        super().__init__(data, *args, network=network, **kwargs)
        self.fields["template"].queryset = network.agenda_templates.all()
        self.fields["facilitator"].queryset = candidates
        self.fields["facilitator"].initial = user.pk

    def plan_fields(self) -> dict:
        data = super().plan_fields()
        data["template"] = self.cleaned_data.get("template")
        data["facilitator"] = self.cleaned_data["facilitator"]
        return data


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the template"), max_length=150)


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title", "kind", "minutes", "is_landing", "is_own_input", "is_knowledge_input"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].widget.attrs.update(min=1, max=MAX_SLOT_MINUTES)
        self.fields["kind"].initial = PhaseKind.OTHER


class PhaseMinutesForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=MAX_SLOT_MINUTES)


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Members of the network"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_people = forms.CharField(
        label=_("New people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: email address, name, firm. For example: "
            "jan@bouwbedrijf.nl, Jan de Boer, De Boer Bouw"
        ),
    )
    warning_reason = forms.CharField(
        label=_("Why invite despite the warnings?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates
        self.fields["people"].label_from_instance = lambda u: (
            f"{u.full_name or u.email} ({u.organisation.name})" if u.organisation else str(u)
        )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class RsvpForm(forms.Form):
    attend = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[("yes", _("Yes, I will come")), ("no", _("No, I cannot come"))],
        widget=forms.RadioSelect,
    )
    brings_case = forms.BooleanField(label=_("I would like to bring in a case"), required=False)
    case_summary = forms.CharField(
        label=_("My case in one line"),
        required=False,
        max_length=200,
        help_text=_("For example: my best mechanic wants to work fewer hours."),
    )
    share_contact = forms.ChoiceField(
        label=Consent.Kind.SHARE_CONTACT.label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
    )
    recording = forms.ChoiceField(
        label=Consent.Kind.RECORDING.label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
    )

    CONSENT_FIELDS = {
        "share_contact": Consent.Kind.SHARE_CONTACT,
        "recording": Consent.Kind.RECORDING,
    }

    @classmethod
    def consent_initial(cls, person: User, network: Network | int) -> dict[str, str]:
        """The person's current answers for this network, so the page shows them
        (never-answered shows no)."""
        answers = {}
        for field, kind in cls.CONSENT_FIELDS.items():
            answers[field] = "yes" if latest_answer(person, kind, network=network) else "no"
        return answers

    def consents(self) -> dict[str, bool]:
        """Only the answers the person changed on the page: an unchanged answer, or the
        default shown to someone who never answered, records nothing."""
        return {
            kind: self.cleaned_data[field] == "yes"
            for field, kind in self.CONSENT_FIELDS.items()
            if field in self.changed_data
        }


class HandoverForm(forms.Form):
    facilitator = forms.ModelChoiceField(label=_("New facilitator"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = candidates


class CancelForm(forms.Form):
    """Why a session does not go ahead: the programme report counts the reasons."""

    reason = forms.ChoiceField(
        label=_("Why is the session not going ahead?"),
        choices=[(str(r), r.label) for r in CANCEL_REASONS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Choose why the session is not going ahead: too few sign-ups, or another reason."
            ),
            "invalid_choice": _(
                "Choose why the session is not going ahead: too few sign-ups, or another reason."
            ),
        },
    )
    note = forms.CharField(
        label=_("Explanation (optional, with another reason)"),
        max_length=CANCEL_NOTE_MAX,
        required=False,
        help_text=_("A few words for the programme report, e.g. “facilitator ill”. No names."),
        error_messages={"max_length": _("Keep the explanation to %(limit_value)d characters.")},
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args, invitations: list[Invitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"a{invitation.pk}"] = forms.ChoiceField(
                label=invitation.shown_name,  # as typed until they join
                choices=Invitation.Attendance.choices,
                required=False,
                initial=invitation.attendance,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[int, str]:
        return {inv.pk: self.cleaned_data.get(f"a{inv.pk}") or "" for inv in self.invitations}
