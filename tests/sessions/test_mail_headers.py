"""A session title with a line break in it cannot add a mail header, nor fail the mail task
for everyone invited (issue 19, low): every sessions subject is one line."""

from __future__ import annotations

import pytest
from django.core import mail

from sessions.emails import action_message, invitation_message, team_message
from sessions.models import Invitation, Session

pytestmark = pytest.mark.django_db

TITLE = "Vakmensen\r\nBcc: iedereen@voorbeeld.example\nvasthouden"


def test_every_sessions_subject_is_one_line(session, ondernemer):
    Session.objects.filter(pk=session.pk).update(title=TITLE)
    session.refresh_from_db()
    invitation = Invitation.objects.create(session=session, person=ondernemer)
    messages = [
        invitation_message(invitation, "invitation"),
        team_message(session, "quorum", ["team@voorbeeld.example"]),
        action_message(session, "Bellen", "ik@voorbeeld.example"),
    ]
    for message in messages:
        message.send()
    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        assert "\n" not in sent.subject and "\r" not in sent.subject
        assert "Vakmensen Bcc: iedereen@voorbeeld.example vasthouden" in sent.subject
        assert sent.bcc == []
