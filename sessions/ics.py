"""Calendar files (.ics) for one invited person (RFC 5545, with the methods of RFC 5546).

- UID: one per person and session, the same in every file about that event, so a calendar
  app updates the event it has instead of adding a second one.
- SEQUENCE: the invitation's own counter, raised (and stored) on every change of the
  session's time or place, of its status and of the person's answer; an app ignores a file
  whose SEQUENCE is not higher than the one it has.
- METHOD:CANCEL with STATUS:CANCELLED when the session is cancelled or the person signs off;
  METHOD:REQUEST (with ORGANIZER and ATTENDEE, as RFC 5546 asks) for everything else.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from sessions.models import Invitation, Session

PRODID = "-//Praktijktafel//praktijktafel.nl//NL"
ALARM_BEFORE = timedelta(hours=2)
CONTENT_TYPE = "text/calendar; charset=utf-8; method={method}"

PARTSTAT: dict[str, str] = {
    Invitation.Status.INVITED: "NEEDS-ACTION",
    Invitation.Status.CONFIRMED: "ACCEPTED",
    Invitation.Status.WAITLISTED: "TENTATIVE",
    Invitation.Status.DECLINED: "DECLINED",
}


def event_uid(invitation: Invitation) -> str:
    """Stable per person and session (the session's public uid and the person's id)."""
    return f"{invitation.session.uid}-{invitation.person_id}@praktijktafel"


def is_cancelled(invitation: Invitation) -> bool:
    """Whether this person's event is off: the session is cancelled or they signed off."""
    return (
        invitation.session.status == Session.Status.CANCELLED
        or invitation.status == Invitation.Status.DECLINED
    )


def method_for(*, cancel: bool) -> str:
    return "CANCEL" if cancel else "REQUEST"


def calendar_for(
    invitation: Invitation,
    *,
    link: str = "",
    cancel: bool | None = None,
    sequence: int | None = None,
) -> bytes:
    """The calendar file of `invitation`'s event. `cancel` and `sequence` default to the
    invitation's present state; a mail passes the ones it was queued with, so files that
    arrive late still carry the order in which things happened."""
    session = invitation.session
    if cancel is None:
        cancel = is_cancelled(invitation)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method_for(cancel=cancel))

    event = Event()
    event.add("uid", event_uid(invitation))
    event.add("sequence", invitation.ics_sequence if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"Praktijktafel: {session.title}")
    event.add("location", vText(f"{session.venue_name}, {session.address}"))
    description = [session.title]
    if session.combined_with:
        description.append(session.combined_with)
    if link:
        description.append(link)
        event.add("url", link)
    event.add("description", "\n".join(description))
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].strip('> ')}")
    organizer.params["cn"] = vText("Praktijktafel")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invitation.person.email}")
    attendee.params["cn"] = vText(invitation.person.get_short_name() or invitation.person.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText(PARTSTAT.get(invitation.status, "NEEDS-ACTION"))
    # Answers go through the personal link, not as calendar replies to a no-reply address.
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    if cancel:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Praktijktafel: {session.title}")
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
