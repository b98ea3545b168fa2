from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Sector


class UploadForm(forms.Form):
    # Text fields first: the browser sends fields in this order, so when an oversize upload
    # is cut off at its first file, what was typed still arrives and is shown again.
    table_id = forms.CharField(
        label=_("Table id (optional)"),
        max_length=100,
        required=False,
        help_text=_("e.g. 80472NED; taken from the metadata file when there is one."),
    )
    source = forms.CharField(
        label=_("Source (optional)"),
        max_length=150,
        required=False,
        help_text=_("e.g. UWV or your own survey; CBS StatLine for CBS files."),
    )

    data = forms.FileField(
        label=_("File with figures"),
        help_text=_(
            "A CBS StatLine CSV (TypedDataSet) or our own table as CSV or XLSX. "
            "See the description of both shapes below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    metadata = forms.FileField(
        label=_("CBS metadata file (optional)"),
        required=False,
        help_text=_("Gives labels, units and decimals. Download it from StatLine with the data."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class MappingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=100)
    sector = forms.ModelChoiceField(
        label=_("Our sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("— not one of our sectors —"),
    )
