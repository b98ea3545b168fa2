"""Calendar files follow RFC 5545/5546: one UID per person and session, a SEQUENCE that
rises on every change of the event or of the person's answer, METHOD:CANCEL with
STATUS:CANCELLED for a cancellation and METHOD:REQUEST for the rest.

Each file is checked twice: an icalendar round trip, and vobject, an independent parser.
"""

from __future__ import annotations

import pytest
import vobject
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from sessions.services.invitations import invitations_send, rsvp_respond
from sessions.services.sessions import session_cancel, session_update
from sessions.tokens import rsvp_token

pytestmark = pytest.mark.django_db


def _read(ics: bytes) -> dict:
    """What a calendar app reads from one file; both parsers must agree on it."""
    calendar = Calendar.from_ical(ics)
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()  # round trip
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    parsed = vobject.readOne(ics.decode("utf-8"))
    assert parsed.version.value == "2.0" and parsed.prodid.value
    found = {
        "method": str(calendar["method"]),
        "uid": str(event["uid"]),
        "sequence": int(event["sequence"]),
        "status": str(event["status"]),
        "attendee": str(event["attendee"]).lower(),
    }
    other = parsed.vevent
    assert {
        "method": parsed.method.value,
        "uid": other.uid.value,
        "sequence": int(other.sequence.value),
        "status": other.status.value,
        "attendee": other.attendee.value.lower(),
    } == found
    assert other.dtstart.value.utcoffset() is not None  # a moment, not a floating time
    assert other.organizer.value.lower().startswith("mailto:")
    assert other.dtstamp.value
    # RFC 5545: lines are CRLF-terminated and folded at 75 octets.
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    assert b"\r\n" in ics and b"\n" not in ics.replace(b"\r\n", b"")
    return found


def _calendars(outbox) -> list[dict]:
    found = []
    for message in outbox:
        for _name, content, mimetype in message.attachments:
            if mimetype.startswith("text/calendar"):
                info = _read(content if isinstance(content, bytes) else content.encode())
                assert f"method={info['method']}".lower() in mimetype.lower()
                found.append(info)
    return found


def _mails(capture, run_tasks, action) -> list[dict]:
    mail.outbox.clear()
    with capture(execute=True):
        action()
    run_tasks()
    return _calendars(mail.outbox)


def test_yes_no_yes_gives_rising_sequences_and_a_cancel_in_between(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    capture = django_capture_on_commit_callbacks
    invited = _mails(
        capture, run_tasks, lambda: invitations_send(session=session, people=[ondernemer])
    )
    invitation = session.invitations.get()
    files = invited
    for attend in (True, False, True):
        files += _mails(
            capture, run_tasks, lambda a=attend: rsvp_respond(invitation=invitation, attend=a)
        )
        invitation.refresh_from_db()
    assert [f["method"] for f in files] == ["REQUEST", "REQUEST", "CANCEL", "REQUEST"]
    assert [f["status"] for f in files] == ["CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert len({f["uid"] for f in files}) == 1
    sequences = [f["sequence"] for f in files]
    assert sequences == sorted(set(sequences)), sequences  # strictly rising
    assert all(ondernemer.email.lower() in f["attendee"] for f in files)
    assert invitation.ics_sequence == sequences[-1]


def test_one_uid_per_person_and_a_move_or_cancel_raises_each_sequence(
    session, ondernemer, kennisexpert, django_capture_on_commit_callbacks, run_tasks
):
    capture = django_capture_on_commit_callbacks
    people = [ondernemer, kennisexpert]
    first = _mails(capture, run_tasks, lambda: invitations_send(session=session, people=people))
    assert len({f["uid"] for f in first}) == 2  # each person's event is their own
    moved = _mails(
        capture, run_tasks, lambda: session_update(session=session, venue_name="Zaal De Ark")
    )
    cancelled = _mails(
        capture, run_tasks, lambda: session_cancel(session=session, reason="too_few")
    )
    for before, after, gone in zip(
        sorted(first, key=lambda f: f["uid"]),
        sorted(moved, key=lambda f: f["uid"]),
        sorted(cancelled, key=lambda f: f["uid"]),
        strict=True,
    ):
        assert before["uid"] == after["uid"] == gone["uid"]
        assert before["sequence"] < after["sequence"] < gone["sequence"]
        assert (after["method"], gone["method"]) == ("REQUEST", "CANCEL")
        assert gone["status"] == "CANCELLED"


def test_the_rsvp_page_offers_the_calendar_file_to_a_confirmed_person(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    invitations_send(session=session, people=[ondernemer])
    invitation = session.invitations.get()
    token = rsvp_token(invitation)
    client = Client()
    page = client.get(reverse("sessions:rsvp", args=[token])).text
    download = reverse("sessions:rsvp_ics", args=[token])
    assert download not in page  # not signed up yet: nothing to put in the calendar
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_respond(invitation=invitation, attend=True)
    run_tasks()
    mailed = _calendars(mail.outbox)[-1]
    page = client.get(reverse("sessions:rsvp", args=[token])).text
    assert download in page and "Zet in je agenda" in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    got = _read(response.content)
    # The same event as the mail's: downloading it again changes nothing in the calendar.
    assert (got["uid"], got["sequence"], got["method"]) == (
        mailed["uid"], mailed["sequence"], "REQUEST",
    )  # fmt: skip
    rsvp_respond(invitation=invitation, attend=False)
    assert _read(client.get(download).content)["method"] == "CANCEL"
    assert client.get(reverse("sessions:rsvp_ics", args=["nep"])).status_code == 404
