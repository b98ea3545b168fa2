"""Each attendee's summary mail is a task of its own: it checks that one attendee, not the
whole group again (n mails reading n attendees each)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Invitation, Session
from sessions.tasks import send_summary_mail
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _group(session, size: int) -> list[Invitation]:
    return [
        InvitationFactory(session=session, status=Invitation.Status.CONFIRMED) for _i in range(size)
    ]


def test_a_summary_mail_reads_its_own_attendee_only(session, django_assert_num_queries):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
    first, *_rest = _group(session, 3)
    with CaptureQueriesContext(connection) as queries:
        assert send_summary_mail.call(first.pk) is True
    reads = [q["sql"] for q in queries if 'FROM "tafels_invitation"' in q["sql"]]
    assert reads and all(f'"tafels_invitation"."id" = {first.pk}' in sql for sql in reads), reads
    # The same number of queries for a group twice as large.
    second = _group(session, 6)[0]
    with django_assert_num_queries(len(queries)):
        assert send_summary_mail.call(second.pk) is True
    assert len(mail.outbox) == 2


def test_no_summary_for_someone_marked_absent(session):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
    came, absent, unmarked = _group(session, 3)
    Invitation.objects.filter(pk=came.pk).update(attendance=Invitation.Attendance.PRESENT)
    Invitation.objects.filter(pk=absent.pk).update(attendance=Invitation.Attendance.ABSENT)
    assert send_summary_mail.call(came.pk) is True
    # Once the check-in list is used, only who it marks as there counts.
    assert send_summary_mail.call(absent.pk) is False
    assert send_summary_mail.call(unmarked.pk) is False
