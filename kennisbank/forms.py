from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kennisbank.facets import CONTROL, FACETS, SOURCES, TAG_MAX
from kennisbank.models import BODY_MAX, LINKS_MAX, SUMMARY_MAX, TITLE_MAX, Level, Solution
from kennisbank.search import SearchParams
from praktijktafel.models import Sector, SizeClass, User
from praktijktafel.numbers import int_or_none
from praktijktafel.themes import Theme

TAGS_MAX = 12  # as many as an item keeps (`services.clean_tags`)


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
        max_length=LINKS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a title, then the address."),
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Shown only while this person consents to sharing their contact details."),
    )
    # A checkbox's label reads as a statement next to the box: no colon after it.
    is_public = forms.BooleanField(
        label=_("Public: readable without logging in"), required=False, label_suffix=""
    )
    privacy_confirmed = forms.BooleanField(
        label=_("I have checked these details: they may be published"),
        required=False,
        label_suffix="",
    )

    # The filters' fields this form names itself; any other filter (`kennisbank.facets`) gets
    # its model field's own form field, after the company sizes.
    OWN_FILTER_FIELDS = {"themes", "sector_ids", "tags", "sizes"}

    def __init__(self, *args, network=None, moderator=False, published=False, **kwargs):
        """`moderator`: the person may publish in this network. Only then is 'public' offered
        (a forged value of it is not read); `published` with `moderator`: a change goes
        straight to readers, so the privacy check's confirmation is offered too."""
        super().__init__(*args, **kwargs)
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "sizes":
                for source in self.other_filter_fields():
                    fields[source] = self._filter_field(source)
        self.fields = fields
        if not moderator:
            del self.fields["is_public"]
        if not (moderator and published):
            del self.fields["privacy_confirmed"]
        if network is not None:
            self.fields["contact"].queryset = (
                User.objects.filter(memberships__network=network).distinct().order_by("full_name")
            )

    def clean_tags(self) -> str:
        """The tags as typed, when each fits and there are not too many: the service would
        otherwise cut them, and nothing is cut without saying so."""
        value = self.cleaned_data.get("tags") or ""
        tags = {" ".join(t.lower().split()) for t in value.split(",")} - {""}
        for tag in sorted(tags):
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(
                    _("A tag is at most %(max)d characters. Shorten '%(tag)s'.")
                    % {"max": TAG_MAX, "tag": tag}
                )
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(
                _("At most %(max)d tags: you gave %(n)d. Keep the ones that matter most.")
                % {"max": TAGS_MAX, "n": len(tags)}
            )
        return value

    @staticmethod
    def _filter_field(source: str) -> forms.Field:
        """The model field's own form field, its empty choice written as effort's and cost's."""
        field = Solution._meta.get_field(source).formfield()
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "—"), *[c for c in field.choices if c[0] != ""]]
        return field

    @classmethod
    def other_filter_fields(cls) -> list[str]:
        return [s for s in dict.fromkeys(SOURCES) if s not in cls.OWN_FILTER_FIELDS]

    @classmethod
    def initial_for(cls, solution: Solution) -> dict:
        return {
            **{source: getattr(solution, source) for source in cls.other_filter_fields()},
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
        fields = {
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
            **{source: data[source] for source in self.other_filter_fields()},
        }
        if "is_public" in self.fields:
            fields["is_public"] = data["is_public"]
        return fields


class PublishForm(forms.Form):
    privacy_confirmed = forms.BooleanField(
        label=_("I have checked these details: they may be published"),
        required=False,
        label_suffix="",
    )


class SearchForm(forms.Form):
    """The search page's GET parameters (`?q=…&thema=…&sector=…&tag=…&grootte=…&sorteer=…
    &pagina=…`; one parameter for each filter of `kennisbank.facets`). Every parameter is
    checked; the form is always valid: a value it cannot use is left out (and `ignored` says
    so), so an odd or hostile address shows a page, never an error. Control characters (a
    NUL, which PostgreSQL refuses) never reach the database."""

    SORTS = {"": "relevance", "relevantie": "relevance", "nieuw": "new"}

    # Plain fields: the checks are in the clean methods below, which drop rather than fail.
    q = forms.Field(required=False)
    sorteer = forms.Field(required=False)
    pagina = forms.Field(required=False)
    # "Search for what I typed after all": no correction of a word that finds nothing.
    letterlijk = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ignored: list[str] = []  # the parameters a value was left out of
        for facet in FACETS:  # one field for each filter, named by its address parameter
            self.fields[facet.param] = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    @staticmethod
    def _list(value) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value]

    def clean(self) -> dict:
        data = super().clean()
        for facet in FACETS:
            values = self._list(data.get(facet.param))
            kept = facet.clean(values) if values else []
            if facet.limit is not None:
                kept = kept[: facet.limit]
            if len(kept) != len(values):
                self.ignored.append(facet.param)
            data[facet.param] = kept
        return data

    def clean_q(self) -> str:
        return CONTROL.sub(" ", str(self.cleaned_data.get("q") or ""))

    def clean_sorteer(self) -> str:
        value = str(self.cleaned_data.get("sorteer") or "")
        if value not in self.SORTS:
            self.ignored.append("sorteer")
            value = ""
        return self.SORTS[value]

    def clean_pagina(self) -> int:
        # A page past the end shows the last one, a page before the first the first one.
        return max(1, int_or_none(self.cleaned_data.get("pagina")) or 1)

    @property
    def message(self) -> str:
        if not self.ignored:
            return ""
        return str(_("Part of the address could not be used as a filter and was left out."))

    def params(self) -> SearchParams:
        """The checked search; call after is_valid() (which is always true)."""
        data = self.cleaned_data
        return SearchParams(
            q=data["q"],
            filters={f.name: data[f.param] for f in FACETS if data[f.param]},
            sort=data["sorteer"],
            page=data["pagina"],
            literal=data["letterlijk"],
        )
