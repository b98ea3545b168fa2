"""Sector-data charts for phase 3: attach (a frozen copy is taken at once) and remove while
planning. Which one the projector shows is a live write (sessions.live.services.run)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from praktijktafel.models import User
from sectordata.charts import ChartSpec, chart_data
from sessions.models import Session, SessionChart


@transaction.atomic
def session_chart_attach(*, session: Session, key: str, user: User | None) -> SessionChart:
    """Attach a chart; attaching the same chart twice (a retried request) returns the one
    already there."""
    Session.objects.select_for_update().filter(pk=session.pk).first()  # one attach at a time
    existing = SessionChart.objects.filter(session=session, key=key).first()
    if existing is not None:
        return existing
    if SessionChart.objects.filter(session=session).count() >= SessionChart.MAX_PER_SESSION:
        raise ValidationError(
            _("A session has at most %(n)d charts; remove one first.")
            % {"n": SessionChart.MAX_PER_SESSION}
        )
    if len(key) > SessionChart._meta.get_field("key").max_length:  # type: ignore[operator]
        raise ValidationError(
            _("This chart cannot be attached: the names of its table and codes are too long.")
        )
    spec = ChartSpec.from_key(key)
    data = chart_data(spec) if spec else None
    if data is None:
        raise ValidationError(_("This chart has no figures (any more); choose another one."))
    position = (
        SessionChart.objects.filter(session=session).aggregate(top=Max("position"))["top"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return SessionChart.objects.create(
                session=session, key=key, data=data.as_json(), attached_by=user, position=position
            )
    except IntegrityError:
        return SessionChart.objects.get(session=session, key=key)


@transaction.atomic
def session_chart_detach(*, session: Session, chart_pk: int) -> None:
    SessionChart.objects.filter(session=session, pk=chart_pk).delete()
