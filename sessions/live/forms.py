"""Forms of the live console, the phone page and the evaluation."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from praktijktafel.themes import Theme
from sessions.live.limits import CAPTURE_MAX, NOTE_MAX, OWNER_MAX, PHONE_TEXT_MAX
from sessions.models import ITEM_KIND_CHOICES, KNELPUNT, Capture, Evaluation, LiveState

THEME_CHOICES = [("", _("No theme")), *Theme.choices]


class CaptureForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    kind = forms.ChoiceField(label=_("Kind"), choices=ITEM_KIND_CHOICES)
    text = forms.CharField(label=_("Text"), max_length=CAPTURE_MAX)
    owner = forms.CharField(label=_("Who (optional)"), max_length=OWNER_MAX, required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=THEME_CHOICES, required=False)
    person = forms.IntegerField(required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the knowledge input"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseStepForm(forms.Form):
    step = forms.ChoiceField(choices=LiveState.CaseStep.choices)


class PhoneForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    kind = forms.ChoiceField(
        label=_("What do you want to add?"),
        choices=[
            (KNELPUNT, _("A bottleneck (anonymous)")),
            (Capture.Kind.ACTION, _("My own action")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("In one line"), max_length=PHONE_TEXT_MAX)
    email = forms.EmailField(
        label=_("Email me my action (optional)"),
        required=False,
        help_text=_("Only to the address you were invited with for this session; not stored."),
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["useful", "come_again", "remark"]
        widgets = {
            "useful": forms.RadioSelect(choices=[(i, str(i)) for i in range(1, 6)]),
            "come_again": forms.RadioSelect,
            "remark": forms.TextInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the real answers: no pre-selected "---------" (the field is still required).
        field = self.fields["come_again"]
        field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
