"""The secretariat writes meetings and their agenda in the admin: overlaps refused, nothing half-saved."""

import pytest

from meetings.models import Meeting, Session

from .factories import MeetingFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]


def meeting_form(meeting: Meeting, sessions: list[dict], initial: int = 0) -> dict:
    data = {
        "title_es": meeting.title_es, "kind": meeting.kind, "format": meeting.format,
        "time_zone": meeting.time_zone, "starts_on": meeting.starts_on.isoformat(),
        "ends_on": meeting.ends_on.isoformat(), "working_languages": ["es", "en"], "status": meeting.status,
        "seats": meeting.seats, "funded_seats_per_country": 1, "travel_allowance": "1000", "currency": "USD",
        "city": meeting.city, "venue": meeting.venue, "country": meeting.country_id,
    }  # fmt: skip
    for prefix in ("service_lines", "budget_lines", "documents"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {"sessions-TOTAL_FORMS": len(sessions), "sessions-INITIAL_FORMS": initial}
    for index, session in enumerate(sessions):
        data |= {f"sessions-{index}-{key}": value for key, value in session.items()}
        data[f"sessions-{index}-meeting"] = meeting.pk
    return data


def session(meeting, start, end, room="Sala A", **extra):
    return {"day": meeting.starts_on.isoformat(), "starts_at": start, "ends_at": end, "title_es": "S",
            "room": room, "interpretation_pairs": "es-en, es-fr", **extra}  # fmt: skip


def test_the_secretariat_writes_the_agenda_with_its_interpretation_pairs(admin_client_for, secretariat_user):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        meeting_form(meeting, [session(meeting, "09:00", "10:00"), session(meeting, "10:00", "11:00")]),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Session.objects.values_list("interpretation_pairs", flat=True)) == [["es-en", "es-fr"]] * 2
    assert Meeting.objects.get(pk=meeting.pk).working_languages == ["es", "en"]


def test_two_new_sessions_in_one_room_at_once_are_refused_and_nothing_is_saved(
    admin_client_for, secretariat_user
):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        meeting_form(
            meeting, [session(meeting, "09:00", "10:30"), session(meeting, "10:00", "11:00", "sala a")]
        ),
    )

    assert response.status_code == 200
    assert "Two sessions take room Sala A at the same time." in response.content.decode()
    assert Session.objects.count() == 0


def test_a_session_overlapping_a_stored_one_is_refused_on_its_field(admin_client_for, secretariat_user):
    stored = SessionFactory(starts_at="09:00", ends_at="10:30")
    meeting = stored.meeting
    client = admin_client_for(secretariat_user)
    kept = session(meeting, "09:00", "10:30", id=stored.pk)

    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        meeting_form(meeting, [kept, session(meeting, "10:00", "11:00")], initial=1),
    )

    assert response.status_code == 200
    assert "Another session takes room Sala A at that time." in response.content.decode()
    assert Session.objects.count() == 1


def test_a_bad_interpretation_pair_is_refused(admin_client_for, secretariat_user):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        meeting_form(meeting, [session(meeting, "09:00", "10:00", interpretation_pairs="es-es, klingon")]),
    )

    assert response.status_code == 200
    assert "Write pairs as two language codes" in response.content.decode()
    assert Session.objects.count() == 0
