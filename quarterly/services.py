"""Writes for the quarterly update: ask for one (made by a worker), send it, opt out."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from praktijktafel.dates import quarter_bounds
from praktijktafel.models import Network, Sector, User
from quarterly import tasks
from quarterly.models import Delivery, OptOut, QuarterlyUpdate
from quarterly.selectors import recipients


def quarter_check(year: int | None, quarter: int | None, *, now=None) -> tuple[int, int]:
    """A quarter that exists and has begun, or an error (in the reader's language) that says
    what to choose."""
    if quarter not in (1, 2, 3, 4) or year is None or not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a quarter from the list."))
    if quarter_bounds(year, quarter)[0] > (now or timezone.now()):
        raise ValidationError(_("This quarter has not begun yet: choose one that has."))
    return year, quarter


def update_request(
    *,
    network: Network,
    sector: Sector | None,
    year: int,
    quarter: int,
    user: User | None,
    automatic: bool = False,
    now=None,
) -> tuple[QuarterlyUpdate, bool]:
    """Ask for the update of a quarter; a worker makes the PDF. Returns (update, started):
    a second click while one is being made starts nothing new."""
    quarter_check(year, quarter, now=now)
    if sector is not None and not network.sectors.filter(pk=sector.pk).exists():
        raise ValidationError(_("This sector is not one of the network's sectors."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                update, created = QuarterlyUpdate.objects.get_or_create(
                    network=network,
                    sector=sector,
                    year=year,
                    quarter=quarter,
                    defaults={"created_by": user, "automatic": automatic},
                )
        except IntegrityError:  # two requests in the same instant
            update, created = (
                QuarterlyUpdate.objects.get(
                    network=network, sector=sector, year=year, quarter=quarter
                ),
                False,
            )
        update = QuarterlyUpdate.objects.select_for_update().get(pk=update.pk)
        if not created and update.busy:
            return update, False
        if not created and automatic:
            return update, False  # the automatic draft never replaces anybody's work
        if not created and update.sending_started_at is not None:
            # What the ondernemers received stays in the archive exactly as it was sent.
            raise ValidationError(
                _(
                    "This update was already sent on %(date)s: its PDF stays as it was sent. "
                    "New solutions go into the next quarter's update."
                )
                % {"date": formats.date_format(timezone.localtime(update.sending_started_at))}
            )
        update.status = QuarterlyUpdate.Status.QUEUED
        update.progress = 0
        update.error = ""
        if not created:
            update.created_by = user
        update.save(update_fields=["status", "progress", "error", "created_by"])
        transaction.on_commit(lambda: tasks.generate_update.enqueue(update.pk))
    return update, True


@transaction.atomic
def update_send(*, update: QuarterlyUpdate) -> int:
    """Send the update to everyone connected who has not had it; returns how many are queued.
    Sending again never mails anyone twice."""
    locked = QuarterlyUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.status != QuarterlyUpdate.Status.READY:
        raise ValidationError(_("The PDF is not ready yet."))
    people = recipients(locked)
    Delivery.objects.bulk_create(
        [Delivery(update=locked, person=p) for p in people], ignore_conflicts=True
    )
    pending = list(
        Delivery.objects.filter(
            update=locked, status=Delivery.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    if locked.sending_started_at is None:
        locked.sending_started_at = timezone.now()
        locked.save(update_fields=["sending_started_at"])

    for pk in pending:
        transaction.on_commit(functools.partial(tasks.deliver_update.enqueue, pk))
    return len(pending)


def opt_out(*, person_id: int, network_id: int) -> None:
    OptOut.objects.get_or_create(person_id=person_id, network_id=network_id)
