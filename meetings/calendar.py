"""Calendar files (.ics) of a meeting and of its sessions, written with `icalendar`.

The online link goes only into a registered delegate's file (from their signed page); the public
file links back to the meeting's page.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting, Session

PRODUCT = "-//RICOMI//Meetings//EN"


def new_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    return calendar


def meeting_zone(meeting: Meeting):
    try:
        return ZoneInfo(meeting.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def location_of(meeting: Meeting) -> str:
    place = ", ".join(
        p for p in (meeting.venue, meeting.city, meeting.country.name if meeting.country else "") if p
    )
    return place or str(meeting.get_format_display())


def description_of(meeting: Meeting, *, online_link: bool) -> str:
    lines = [settings.SITE_URL + meeting.get_absolute_url()]
    if online_link and meeting.has_online_part:
        lines.append(meeting.online_link)
    return "\n".join(lines)


def base_event(meeting: Meeting, uid: str, summary: str, *, online_link: bool) -> Event:
    event = Event()
    event.add("uid", f"{uid}@ricomi")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("location", location_of(meeting))
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    event.add("description", description_of(meeting, online_link=online_link))
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def meeting_event(meeting: Meeting, *, online_link: bool) -> Event:
    event = base_event(meeting, f"meeting-{meeting.pk}", meeting.title, online_link=online_link)
    event.add("dtstart", meeting.starts_on)
    event.add("dtend", meeting.ends_on + timedelta(days=1))  # all-day events end the day after
    return event


def session_event(meeting: Meeting, session: Session, *, online_link: bool) -> Event:
    zone = meeting_zone(meeting)
    event = base_event(
        meeting, f"meeting-{meeting.pk}-session-{session.pk}", session.title, online_link=online_link
    )
    event.add("dtstart", datetime.combine(session.day, session.starts_at, tzinfo=zone))
    event.add("dtend", datetime.combine(session.day, session.ends_at, tzinfo=zone))
    if session.room:
        event["location"] = f"{session.room}, {location_of(meeting)}"
    return event


def meeting_calendar(meeting: Meeting, *, online_link: bool = False) -> bytes:
    """The meeting as one all-day event, and each of its sessions."""
    calendar = new_calendar()
    calendar.add_component(meeting_event(meeting, online_link=online_link))
    for session in meeting.sessions.all():
        calendar.add_component(session_event(meeting, session, online_link=online_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_calendar(meeting: Meeting, session: Session, *, online_link: bool = False) -> bytes:
    calendar = new_calendar()
    calendar.add_component(session_event(meeting, session, online_link=online_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()
