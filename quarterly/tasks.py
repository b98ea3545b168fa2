"""Background work for the quarterly update: make the PDF, deliver it (with retries)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from quarterly.models import Delivery, QuarterlyUpdate

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


@task(queue_name="exports")
def generate_update(update_id: int) -> bool:
    from quarterly import pdf
    from quarterly.selectors import quarter_content

    with transaction.atomic():
        update = (
            QuarterlyUpdate.objects.select_for_update(skip_locked=True, of=("self",))
            # RENDERING too: a worker that died mid-PDF leaves it so, and only then does the
            # same task run a second time (praktijktafel.workers requeues a dead worker's task).
            .filter(
                pk=update_id,
                status__in=[QuarterlyUpdate.Status.QUEUED, QuarterlyUpdate.Status.RENDERING],
            )
            .select_related("network", "sector")
            .first()
        )
        if update is None:
            return False  # made already, or another worker has it
        if update.sending_started_at is not None and update.pdf:
            # Sent already: the archived PDF is what the ondernemers got and stays so.
            update.status = QuarterlyUpdate.Status.READY
            update.save(update_fields=["status"])
            return False
        update.status = QuarterlyUpdate.Status.RENDERING
        update.progress = 10
        update.started_at = timezone.now()
        update.save(update_fields=["status", "progress", "started_at"])

    def progress(percent: int) -> None:
        QuarterlyUpdate.objects.filter(pk=update_id).update(progress=percent)

    try:
        content = quarter_content(
            network=update.network, sector=update.sector, year=update.year, quarter=update.quarter
        )
        progress(25)
        data, pages = pdf.render_pdf(content, progress=progress)
    except Exception as exc:
        log.exception("quarterly update %s failed", update_id)
        QuarterlyUpdate.objects.filter(pk=update_id).update(
            status=QuarterlyUpdate.Status.FAILED, error=str(exc)[:500], progress=0
        )
        raise
    QuarterlyUpdate.objects.filter(pk=update_id).update(
        status=QuarterlyUpdate.Status.READY,
        progress=100,
        pdf=data,
        pages=pages,
        finished_at=timezone.now(),
    )
    return True


@task(queue_name="mail")
def deliver_update(delivery_id: int) -> bool:
    """Mail one person their copy. A failure is tried again later (1, then 4 minutes), and
    after three tries it is reported on the coordinator's page."""
    from quarterly import emails

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .select_related("update", "update__network", "update__sector", "person")
            .first()
        )
        if delivery is None:
            return False  # sent already (or another worker is on it)
        delivery.attempts += 1
        try:
            emails.update_message(delivery.update, delivery.person).send()
        except Exception as exc:
            delivery.error = str(exc)[:300]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            else:
                wait = timedelta(minutes=4 ** (delivery.attempts - 1))
                transaction.on_commit(
                    lambda: deliver_update.using(run_after=timezone.now() + wait).enqueue(
                        delivery_id
                    )
                )
            delivery.save(update_fields=["attempts", "error", "status"])
            return False
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.error = ""
        delivery.save(update_fields=["attempts", "error", "status", "sent_at"])
    return True


@task(queue_name="mail")
def mail_draft_ready(update_id: int, person_id: int | None = None, attempt: int = 0) -> int:
    """Tell the coordinators a draft is ready: one task per coordinator, so a mail that has
    to be tried again never goes twice to the others."""
    from praktijktafel.mail_retries import MAIL_ERRORS, retry_later
    from praktijktafel.models import Membership, Role, User
    from quarterly import emails

    update = QuarterlyUpdate.objects.select_related("network", "sector").get(pk=update_id)
    if person_id is None:
        people = Membership.objects.filter(
            network=update.network, role=Role.COORDINATOR
        ).values_list("user_id", flat=True)
        for pk in people:
            mail_draft_ready.enqueue(update_id, pk)
        return len(people)
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return 0
    try:
        emails.draft_ready_message(update, person).send()
    except MAIL_ERRORS as error:
        retry_later(mail_draft_ready, (update_id, person_id), attempt, error)
        return 0
    return 1
