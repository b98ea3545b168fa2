"""The stored session status values (English since 0009) and the mail subjects (gettext)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail

from praktijktafel.models import Role
from sessions.emails import KINDS, invitation_message
from sessions.models import Session
from tests.factories import InvitationFactory, member

pytestmark = pytest.mark.django_db

rewrite = import_module("sessions.migrations.0009_session_status_rewrite_rows")


def test_status_data_migration_rewrites_dutch_values_and_back(session):
    Session.objects.filter(pk=session.pk).update(status="afgerond")
    rewrite.forwards(apps, None)
    assert Session.objects.get(pk=session.pk).status == Session.Status.DONE == "done"
    rewrite.backwards(apps, None)
    assert Session.objects.get(pk=session.pk).status == "afgerond"


def test_stored_status_values_are_english():
    assert set(Session.Status.values) == {"concept", "invited", "live", "done", "cancelled"}


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        ("invitation", "Uitnodiging Praktijktafel: "),
        ("confirmed", "Je bent aangemeld: "),
        ("waitlisted", "Je staat op de wachtlijst: "),
        ("promoted", "Er is een plek vrij voor je: "),
        ("declined", "Je bent afgemeld: "),
        ("updated", "Gewijzigd: "),
        ("cancelled", "Gaat niet door: "),
        ("reminder_days", "Herinnering: "),
        ("reminder_day", "Vandaag of morgen: "),
    ],
)
def test_mail_subjects_are_dutch_through_gettext(session, network, kind, subject):
    assert set(KINDS) >= {kind}
    person = member(network, Role.ONDERNEMER)
    invitation = InvitationFactory(session=session, person=person)
    message = invitation_message(invitation, kind)
    assert message.subject == subject + session.title
    assert not mail.outbox  # built, not sent


def test_the_title_comes_early_in_every_subject(session, network):
    """A phone's inbox shows about 40 characters: 'Er is een plek vrij: je bent aangemeld voor'
    left no room for the session's title."""
    person = member(network, Role.ONDERNEMER)
    invitation = InvitationFactory(session=session, person=person)
    for kind in KINDS:
        subject = invitation_message(invitation, kind).subject
        assert subject.index(session.title) <= 30, (kind, subject)
