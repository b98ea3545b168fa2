"""A service's errors land on the form field they are about."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from praktijktafel.forms import add_service_errors


class _Form(forms.Form):
    title = forms.CharField()
    sectors = forms.CharField()


def _bound() -> _Form:
    form = _Form(data={"title": "x", "sectors": "y"})
    assert form.is_valid()
    return form


def test_a_field_error_goes_on_the_field_of_that_name():
    form = _bound()
    add_service_errors(form, ValidationError({"title": "Te lang."}))
    assert form.errors == {"title": ["Te lang."]}


def test_an_error_about_an_unknown_field_shows_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError({"network": "Geen toegang."}))
    assert form.non_field_errors() == ["Geen toegang."]


def test_a_service_argument_maps_to_the_form_field_that_holds_it():
    form = _bound()
    add_service_errors(
        form, ValidationError({"sector_ids": "Kies een sector."}), fields={"sector_ids": "sectors"}
    )
    assert form.errors == {"sectors": ["Kies een sector."]}


def test_an_error_without_fields_shows_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError(["Een.", "Twee."]))
    assert form.non_field_errors() == ["Een.", "Twee."]
