"""Calendar files (.ics) for invitations: one UID per session, SEQUENCE raised on changes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from sessions.models import Session

PRODID = "-//Praktijktafel//praktijktafel.nl//NL"
ALARM_BEFORE = timedelta(hours=2)


def session_uid(session: Session) -> str:
    return f"{session.uid}@praktijktafel"


def calendar_for(session: Session, *, link: str = "", cancel: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")

    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.ics_sequence)
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
