"""Forms for turnout: a contact moment, a person's phone number, asking for a personal link."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijktafel.dates import CALL_BACK_AHEAD_DAYS
from praktijktafel.models import Consent
from sessions.models import ContactMoment

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ContactMomentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What came of it?"),
        choices=ContactMoment.Outcome.choices,
        widget=forms.RadioSelect,
    )
    call_back_on = forms.DateField(
        label=_("Call back on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)
    answer_rsvp = forms.BooleanField(
        label=_("Also answer the invitation for them (they get the confirmation by mail)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, prefix_pk: int, **kwargs):
        super().__init__(*args, prefix=f"c{prefix_pk}", **kwargs)
        # The same days the service allows: from today up to a year ahead.
        today = timezone.localdate()
        self.fields["call_back_on"].widget.attrs.update(
            min=today.isoformat(),
            max=(today + timedelta(days=CALL_BACK_AHEAD_DAYS)).isoformat(),
        )


class PhoneForm(forms.Form):
    consent = forms.ChoiceField(
        label=Consent.Kind.PHONE.label, choices=YES_NO, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    prefers_call = forms.BooleanField(
        label=_("I would rather be called or apped than only mailed"), required=False
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
