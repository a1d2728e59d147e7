"""Calendar files: read back with icalendar, as a calendar program would."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from meetings.models import Registration
from meetings.services import delegate_token

from .factories import MeetingFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def events_of(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_meeting_file_has_the_meeting_all_day_and_each_session_in_its_time_zone(client):
    meeting = MeetingFactory(title_en="Technical meeting", time_zone="America/Panama")
    session = SessionFactory(meeting=meeting, title_en="Opening", starts_at="09:00", ends_at="10:30")

    meeting_event, session_event = events_of(client.get(f"/en/meetings/{meeting.pk}/meeting.ics"))

    assert str(meeting_event["summary"]) == "Technical meeting"
    assert (meeting_event.decoded("dtstart"), meeting_event.decoded("dtend")) == (
        meeting.starts_on,
        meeting.ends_on + timedelta(days=1),
    )
    start = session_event.decoded("dtstart")
    assert (str(session_event["summary"]), start.hour, start.minute, str(start.tzinfo)) == (
        "Opening", 9, 0, "America/Panama",
    )  # fmt: skip
    assert str(session_event["uid"]) == f"meeting-{meeting.pk}-session-{session.pk}@ricomi"


def test_the_public_file_links_back_to_the_page_without_the_online_link(client, settings):
    meeting = MeetingFactory(format="online", online_link="https://meet.example.org/secret-room")

    [event] = events_of(client.get(f"/en/meetings/{meeting.pk}/meeting.ics"))

    assert str(event["url"]) == settings.SITE_URL + meeting.get_absolute_url()
    assert "secret-room" not in str(event["description"])


def test_a_session_file_holds_that_session_only(client):
    session = SessionFactory(title_en="Closing", room="Room B")

    [event] = events_of(client.get(f"/en/meetings/{session.meeting_id}/sessions/{session.pk}.ics"))

    assert str(event["summary"]) == "Closing"
    assert str(event["location"]).startswith("Room B, ")


def test_an_approved_delegates_file_carries_the_online_link(client):
    meeting = MeetingFactory(format="hybrid", online_link="https://meet.example.org/room-42")
    approved = RegistrationFactory(meeting=meeting, status=Registration.Status.APPROVED)
    waiting = RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)

    [approved_event] = events_of(client.get(f"/en/meetings/delegate/{delegate_token(approved)}/meeting.ics"))
    [waiting_event] = events_of(client.get(f"/en/meetings/delegate/{delegate_token(waiting)}/meeting.ics"))

    assert "https://meet.example.org/room-42" in str(approved_event["description"])
    assert "room-42" not in str(waiting_event["description"])
