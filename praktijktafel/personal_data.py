"""A person's data across the apps: export it (JSON) and erase it (AVG art. 15, 17).

Each app knows its own tables, so each registers what it holds about a person
(`register(...)` in its AppConfig.ready); the core only collects. Dependencies keep pointing
one way. Erasing deletes the account: contact details and consented contact entries go with
it; anonymous contributions (bottlenecks, evaluations) were never linked to the person and
stay as they are. The firm goes too when nobody else works there.

Text that others typed can name the person without a link (a tip "van Henk Hendriks", an
admin log line, a mail error quoting the address): every text field of every model is
searched for the name and the address, shown in the export ("mentions") and replaced by
SCRUBBED on erasure. The name counts only when no other account has the same name (a
namesake's data must not change) and it has at least MIN_NAME characters ("Jan" would hit
"Januari"); the address always counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Func, ProtectedError, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.models import Organisation, PrivacyRequest, User


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[User], Any]
    before_erase: Callable[[User], None] | None = None


SECTIONS: list[Section] = []


def register(name: str, export: Callable[[User], Any], before_erase=None) -> None:
    if all(s.name != name for s in SECTIONS):
        SECTIONS.append(Section(name, export, before_erase))


# The networks an export may show, while one is made for a coordinator (None: the person's
# own export, or the beheerder's, which shows everything). A coordinator acts for the person
# but reads only what their own networks hold; the rest only the person sees, under "Mijn
# gegevens". Sections that hold network data filter with `in_scope`.
_SCOPE: ContextVar[frozenset[int] | None] = ContextVar("export_scope", default=None)


def in_scope(queryset, network_field: str):
    """`queryset` limited to the networks the export being made may show."""
    scope = _SCOPE.get()
    if scope is None:
        return queryset
    return queryset.filter(**{f"{network_field}__in": scope})


def export_scope() -> frozenset[int] | None:
    return _SCOPE.get()


SCRUBBED = "[…]"
MIN_NAME = 5


def _escaped(text: str) -> str:
    """A literal for a regular expression that Python and PostgreSQL read alike: every ASCII
    character that is not a letter or digit behind a backslash."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() else c for c in text)


def mention_pattern(person: User) -> str | None:
    """The regular expression (case ignored) for the person's address and, when it tells
    them apart, their name."""
    needles = [person.email] if person.email else []
    name = " ".join(person.full_name.split())
    namesake = User.objects.filter(full_name__iexact=name).exclude(pk=person.pk).exists()
    if len(name) >= MIN_NAME and not namesake:
        needles.append(name)
    return "|".join(_escaped(n) for n in needles) or None


def _text_fields(model: type[models.Model]) -> Iterator[models.Field]:
    """Free text of a model: not keys, unique values (a change could collide) or choices."""
    for field in model._meta.concrete_fields:
        if field.primary_key or field.unique or field.choices:
            continue
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            yield field


def _searched_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        # The account itself is deleted; another account's own name is theirs.
        if model is not User and model._meta.managed and not model._meta.proxy:
            yield model


def _matches(model: type[models.Model], field: models.Field, pattern: str) -> models.QuerySet:
    return (
        model._default_manager.annotate(_text=Cast(field.name, models.TextField()))
        .filter(_text__iregex=pattern)
        .order_by("pk")
    )


def mentions_rows(*, model: type[models.Model], pattern: str) -> list[Any]:
    """The primary keys of the rows of `model` with a text field that matches."""
    found: set[Any] = set()
    for field in _text_fields(model):
        found.update(_matches(model, field, pattern).values_list("pk", flat=True))
    return sorted(found)


def _mentions(person: User) -> list[dict]:
    pattern = mention_pattern(person)
    if pattern is None:
        return []
    found = []
    for model in _searched_models():
        for field in _text_fields(model):
            for text in _matches(model, field, pattern).values_list("_text", flat=True):
                found.append({"table": model._meta.label, "field": field.name, "text": text})
    return found


def mentions_scrub(
    *, person: User, model: type[models.Model], pattern: str | None = None
) -> list[Any]:
    """Replace the person's address and name in every text field of `model` by SCRUBBED;
    returns the primary keys of the rows that changed."""
    pattern = pattern or mention_pattern(person)
    if pattern is None:
        return []
    changed: set[Any] = set()
    for field in _text_fields(model):
        rows = _matches(model, field, pattern)
        if isinstance(field, models.JSONField):
            for pk, value in rows.values_list("pk", field.name):
                text = re.sub(pattern, SCRUBBED, json.dumps(value, ensure_ascii=False), flags=re.I)
                model._default_manager.filter(pk=pk).update(**{field.name: json.loads(text)})
                changed.add(pk)
            continue
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            replaced = Func(
                F(field.name),
                Value(pattern),
                Value(SCRUBBED),
                Value("gi"),
                function="REGEXP_REPLACE",
                output_field=models.TextField(),
            )
            model._default_manager.filter(pk__in=pks).update(**{field.name: replaced})
            changed.update(pks)
    return sorted(changed)


def _core(user: User) -> dict:
    from allauth.account.models import EmailAddress

    from praktijktafel.models import Consent, Membership

    firm = user.organisation
    return {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": firm.name if firm else None,
        "organisation_details": (
            {
                "name": firm.name,
                "sector": firm.sector.name,
                "size_class": firm.size_class,
                "place": firm.place,
            }
            if firm
            else None
        ),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "memberships": [
            {"network": m.network.name, "role": m.role}
            for m in in_scope(
                Membership.objects.filter(user=user).select_related("network"), "network"
            )
        ],
        "consents": [
            {
                "question": c.kind,
                "network": c.network.name if c.network else None,
                "granted": c.granted,
                "recorded": c.recorded_at.isoformat(),
            }
            for c in in_scope(
                Consent.objects.filter(user=user).select_related("network"), "network"
            )
        ],
    }


register("account", _core)
# Last: what the explicit sections do not hold, text that names the person.
MENTIONS = "mentions"


def _scope_for(person: User, requested_by: User | None) -> frozenset[int] | None:
    from praktijktafel.models import Role
    from praktijktafel.permissions import network_ids_with

    if requested_by is None or requested_by.pk == person.pk or requested_by.is_superuser:
        return None
    return frozenset(network_ids_with(requested_by, Role.COORDINATOR))


def person_export(*, person: User, requested_by: User | None) -> dict:
    scope = _scope_for(person, requested_by)
    token = _SCOPE.set(scope)
    try:
        data = {
            "exported_at": timezone.now().isoformat(),
            **{s.name: s.export(person) for s in SECTIONS},
        }
    finally:
        _SCOPE.reset(token)
    if scope is None:
        data[MENTIONS] = _mentions(person)
    else:
        # Free text of every table cannot be told apart by network: only in the own export.
        data["scope"] = _(
            "Made by a coordinator: only what their networks hold. Everything, including text "
            "of other networks that names you, is in your own export under 'My data'."
        )
    PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.EXPORT, subject_id=person.pk, requested_by=requested_by
    )
    return data


@transaction.atomic
def person_erase(
    *, person: User, requested_by: User | None, kind: str = PrivacyRequest.Kind.ERASE
) -> None:
    """Delete the person and everything that names them, and their firm when nobody else
    works there. Refused (with the reason, nothing changed) while they still lead sessions:
    hand those over first."""
    subject_id = person.pk
    by_self = requested_by is not None and requested_by.pk == subject_id
    firm_id = person.organisation_id
    for section in SECTIONS:
        if section.before_erase:
            section.before_erase(person)
    pattern = mention_pattern(person)
    for model in _searched_models():
        mentions_scrub(person=person, model=model, pattern=pattern)
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This person still leads sessions. Hand those sessions over first, then erase.")
        ) from exc
    if firm_id is not None:
        Organisation.objects.filter(pk=firm_id, people__isnull=True).delete()
    PrivacyRequest.objects.create(
        kind=kind,
        subject_id=subject_id,
        requested_by=None if by_self else requested_by,
        by_self=by_self,
    )
