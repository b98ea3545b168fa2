"""Mail tasks that meet a mail server that is down or slow try again later, three times.
Every app's mail tasks share this, so they all wait and give up the same way."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.utils import timezone

RETRY_WAITS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAIL_ERRORS = (smtplib.SMTPException, OSError)
log = logging.getLogger(__name__)


def retry_later(task_obj, args: tuple, attempt: int, error: Exception) -> bool:
    """Schedule the same task again after a wait (the task takes `attempt` as a keyword);
    after the last try, log and give up. Returns False: this attempt did not send."""
    if attempt >= len(RETRY_WAITS):
        log.error("%s%r failed for good: %s", task_obj.name, args, error)
        return False
    log.warning("%s%r failed, trying again: %s", task_obj.name, args, error)
    task_obj.using(run_after=timezone.now() + RETRY_WAITS[attempt]).enqueue(
        *args, attempt=attempt + 1
    )
    return False
