from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kennisbank.models import BODY_MAX, SUMMARY_MAX, TITLE_MAX, Level, Solution
from praktijktafel.models import Sector, SizeClass, User
from praktijktafel.themes import Theme


class SolutionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "max_length": _("The title is at most %(limit_value)d characters (now %(show_value)d).")
        },
    )
    summary = forms.CharField(
        label=_("Summary in one line"),
        max_length=SUMMARY_MAX,
        error_messages={
            "max_length": _(
                "The summary is at most %(limit_value)d characters (now %(show_value)d)."
            )
        },
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX,
        help_text=_(
            "What was the problem, what did they do, what did it bring? "
            "Markdown works: **bold**, lists with -."
        ),
        error_messages={
            "max_length": _(
                "The text is at most %(limit_value)d characters (now %(show_value)d). Shorten it."
            )
        },
    )
    themes = forms.MultipleChoiceField(
        label=_("HR themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. onboarding, buddy."),
    )
    sizes = forms.MultipleChoiceField(
        label=_("Company sizes it fits"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effort = forms.ChoiceField(
        label=_("Effort"), choices=[("", "—"), *Level.choices], required=False
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=[("", "—"), *Level.choices], required=False)
    links = forms.CharField(
        label=_("Links and sources"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a title, then the address."),
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Shown only while this person consents to sharing their contact details."),
    )
    is_public = forms.BooleanField(label=_("Public: readable without logging in"), required=False)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["contact"].queryset = (
                User.objects.filter(memberships__network=network).distinct().order_by("full_name")
            )

    @staticmethod
    def initial_for(solution: Solution) -> dict:
        return {
            "title": solution.title,
            "summary": solution.summary,
            "body": solution.body,
            "themes": solution.themes,
            "sectors": Sector.objects.filter(pk__in=solution.sector_ids),
            "tags": ", ".join(solution.tags),
            "sizes": solution.sizes,
            "effort": solution.effort,
            "cost": solution.cost,
            "links": solution.links,
            "contact": solution.contact_id,
            "is_public": solution.is_public,
        }

    def solution_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "summary": data["summary"].strip(),
            "body": data["body"],
            "themes": list(data["themes"]),
            "sector_ids": sorted(s.pk for s in data["sectors"]),
            "tags": data["tags"].split(","),
            "sizes": list(data["sizes"]),
            "effort": data["effort"],
            "cost": data["cost"],
            "links": data["links"],
            "contact": data["contact"],
            "is_public": data["is_public"],
        }


class PublishForm(forms.Form):
    privacy_confirmed = forms.BooleanField(
        label=_("I have checked these details: they may be published"), required=False
    )
