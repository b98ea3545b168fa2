"""Form helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form.

    Each error goes on the form field of the same name, or on the field that
    ``fields`` maps the service's argument to (a service takes ``sector_ids``
    where the form has ``sectors``); anything else shows above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)
