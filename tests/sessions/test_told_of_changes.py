"""Who hears of a move, a cancellation or a new facilitator: one rule for the mails and
for the number the confirmation question shows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sessions.models import Invitation
from sessions.selectors.sessions import told_of_changes
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_everyone_invited_and_not_declined_once_the_invitations_went_out(session):
    for status in Invitation.Status.values:
        InvitationFactory(session=session, status=status)
    assert told_of_changes(session).count() == 0  # nobody was invited by mail yet
    session.invitations_sent_at = timezone.now()
    assert sorted(told_of_changes(session).values_list("status", flat=True)) == sorted(
        s for s in Invitation.Status.values if s != Invitation.Status.DECLINED
    )
