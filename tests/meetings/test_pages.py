"""The meetings pages: lists, the meeting with its agenda, documents, budget, the delegate's page,
the privacy of delegates' data, and bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import BudgetLine, MeetingDocument, Registration, Session
from meetings.services import delegate_token
from tests.factories import country

from .factories import MeetingFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def registrations_url(meeting):
    return f"/en/meetings/{meeting.pk}/registrations/"


def test_the_list_shows_upcoming_and_past_meetings_apart(client):
    upcoming = MeetingFactory(title_en="Upcoming one")
    past = MeetingFactory(title_en="Past one", starts_on=timezone.localdate() - timedelta(days=40))

    response = client.get("/en/meetings/")

    assert [m.pk for m in response.context["upcoming"]] == [upcoming.pk]
    assert [m.pk for m in response.context["past"]] == [past.pk]


def test_the_meeting_page_shows_the_agenda_per_day_in_time_order(client):
    meeting = MeetingFactory()
    late = SessionFactory(meeting=meeting, starts_at="14:00", ends_at="15:00", title_en="Afternoon")
    early = SessionFactory(meeting=meeting, title_en="Morning")
    second_day = SessionFactory(
        meeting=meeting, day=meeting.starts_on + timedelta(days=1), title_en="Day two"
    )

    response = client.get(meeting.get_absolute_url())

    assert response.context["agenda"] == [
        (meeting.starts_on, [early, late]),
        (meeting.starts_on + timedelta(days=1), [second_day]),
    ]
    assert "Afternoon" in response.content.decode()


def test_a_wrong_slug_redirects_to_the_meeting(client):
    meeting = MeetingFactory()

    response = client.get(f"/en/meetings/{meeting.pk}-wrong/")

    assert (response.status_code, response["Location"]) == (301, meeting.get_absolute_url())


def test_minutes_are_public_only_once_published(client):
    meeting = MeetingFactory()
    minutes = MeetingDocument(meeting=meeting, kind="minutes", language="en", title="Minutes in English")
    minutes.file.save("minutes.txt", ContentFile(b"minutes"), save=True)

    hidden = client.get(meeting.get_absolute_url())
    refused = client.get(minutes.get_absolute_url())
    meeting.minutes_published = True
    meeting.save()
    shown = client.get(meeting.get_absolute_url())
    download = client.get(minutes.get_absolute_url())

    assert "Minutes in English" not in hidden.content.decode()
    assert refused.status_code == 404
    assert "Minutes in English" in shown.content.decode()
    assert b"".join(download.streaming_content) == b"minutes"


def test_the_online_link_is_not_on_the_public_page(client):
    meeting = MeetingFactory(format="online", online_link="https://meet.example.org/secret-room")

    response = client.get(meeting.get_absolute_url())

    assert "secret-room" not in response.content.decode()


# --- privacy of delegates' data ------------------------------------------------------------------


def test_a_focal_point_sees_only_its_own_countrys_delegates(client, focal_point_mx):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, name="Delegada Mexicana", country=country("MX"))
    RegistrationFactory(meeting=meeting, name="Delegado Guatemalteco", country=country("GT"))
    client.force_login(focal_point_mx.user)

    page = client.get(registrations_url(meeting)).content.decode()

    assert "Delegada Mexicana" in page
    assert "Delegado Guatemalteco" not in page


def test_the_secretariat_sees_every_delegate(client, secretariat_user):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, name="Delegada Mexicana", country=country("MX"))
    RegistrationFactory(meeting=meeting, name="Delegado Guatemalteco", country=country("GT"))
    client.force_login(secretariat_user)

    page = client.get(registrations_url(meeting)).content.decode()

    assert "Delegada Mexicana" in page
    assert "Delegado Guatemalteco" in page


@pytest.mark.parametrize("who", ["anonymous", "ceam_user", "focal_point_gt"])
def test_others_never_see_a_delegates_personal_data(client, who, request):
    meeting = MeetingFactory()
    registration = RegistrationFactory(
        meeting=meeting, name="Delegada Mexicana", email="privada@example.org", dietary_needs="Sin gluten",
        status=Registration.Status.APPROVED, attendance="attended", country=country("MX"),
    )  # fmt: skip
    if who != "anonymous":
        user = request.getfixturevalue(who)
        client.force_login(getattr(user, "user", user))
    urls = [
        meeting.get_absolute_url(), registrations_url(meeting), f"/en/meetings/{meeting.pk}/budget/",
        f"/en/meetings/{meeting.pk}/participants.pdf", f"/en/meetings/{meeting.pk}/badges.pdf",
        f"/en/meetings/{meeting.pk}/registrations/{registration.pk}/certificate.pdf",
        f"/en/meetings/{meeting.pk}/meeting.ics", "/en/countries/mx/",
    ]  # fmt: skip

    pages = {url: client.get(url) for url in urls}

    for url, response in pages.items():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for secret in (b"Delegada Mexicana", b"privada@example.org", b"Sin gluten"):
            assert secret not in body, url
    expected = {"anonymous": 302, "ceam_user": 403, "focal_point_gt": 200}[who]  # GT: its own, empty list
    assert pages[registrations_url(meeting)].status_code == expected


def test_a_focal_point_cannot_act_on_another_countrys_registration(client, focal_point_gt):
    registration = RegistrationFactory(country=country("MX"))
    client.force_login(focal_point_gt.user)

    response = client.post(
        f"/en/meetings/{registration.meeting_id}/registrations/{registration.pk}/", {"decision": "withdraw"}
    )

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.status == Registration.Status.PENDING


# --- registering through the page, and bad input ---------------------------------------------------


def form_data(meeting, **extra):
    return {
        "name": "Ana Pérez", "position": "Directora", "institution": "INM", "email": "ana@example.org",
        "language": "es", "arrival_on": (meeting.starts_on - timedelta(days=1)).isoformat(),
        "departure_on": meeting.ends_on.isoformat(), **extra,
    }  # fmt: skip


def test_a_focal_point_registers_a_delegate_of_its_country(client, focal_point_mx):
    meeting = MeetingFactory()
    client.force_login(focal_point_mx.user)

    response = client.post(registrations_url(meeting), form_data(meeting))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.country.code, registration.status) == ("MX", Registration.Status.PENDING)


def test_departure_before_arrival_is_a_message_on_the_field_and_nothing_is_saved(client, focal_point_mx):
    meeting = MeetingFactory()
    client.force_login(focal_point_mx.user)

    response = client.post(
        registrations_url(meeting),
        form_data(meeting, departure_on=(meeting.starts_on - timedelta(days=5)).isoformat()),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["departure_on"] == ["The departure cannot be before the arrival."]
    assert Registration.objects.count() == 0


def test_a_registration_beyond_the_seats_lands_on_the_waiting_list_with_a_message(client, focal_point_mx):
    meeting = MeetingFactory(seats=1)
    RegistrationFactory(meeting=meeting)
    client.force_login(focal_point_mx.user)

    response = client.post(registrations_url(meeting), form_data(meeting), follow=True)

    assert Registration.objects.get(email="ana@example.org").status == Registration.Status.WAITING
    assert "waiting list" in response.content.decode()


def test_an_empty_form_is_refused_with_messages_on_the_fields(client, focal_point_mx):
    meeting = MeetingFactory()
    client.force_login(focal_point_mx.user)

    response = client.post(registrations_url(meeting), {"arrival_on": "not a date"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"name", "institution", "email", "arrival_on"}
    assert Registration.objects.count() == 0


def test_overlapping_sessions_in_the_same_room_are_refused(secretariat_user):
    from django.core.exceptions import ValidationError

    from meetings.services import save_session

    first = SessionFactory()
    clash = Session(
        meeting=first.meeting, day=first.day, starts_at="10:00", ends_at="11:00", title="x", room="sala a"
    )
    other_room = Session(
        meeting=first.meeting, day=first.day, starts_at="10:00", ends_at="11:00", title="y", room="B"
    )

    with pytest.raises(ValidationError, match="Another session takes room"):
        save_session(clash, by=secretariat_user)
    save_session(other_room, by=secretariat_user)

    assert Session.objects.count() == 2


# --- budget ---------------------------------------------------------------------------------------


def test_the_budget_page_shows_committed_costs_of_funded_delegates(client, secretariat_user):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, status=Registration.Status.APPROVED, funded=True)
    RegistrationFactory(
        meeting=meeting, status=Registration.Status.APPROVED, funded=True, ticket_cost=Decimal(800)
    )
    RegistrationFactory(meeting=meeting)  # not approved: commits nothing
    BudgetLine.objects.create(meeting=meeting, category="travel", budget=Decimal(2000), actual=Decimal(1850))
    client.force_login(secretariat_user)

    table = client.get(f"/en/meetings/{meeting.pk}/budget/").context["table"]

    rows = {row.category: (row.budget, row.committed, row.actual, row.variance) for row in table.rows}
    assert rows == {
        "travel": (Decimal(2000), Decimal("1800.00"), Decimal(1850), Decimal("150.00")),
        "per_diem": (Decimal(0), Decimal("2100.00"), None, None),
    }
    assert table.committed == Decimal("3900.00")


def test_a_negative_budget_is_refused_on_the_field_and_nothing_is_saved(client, secretariat_user):
    meeting = MeetingFactory()
    client.force_login(secretariat_user)
    data = {f"budget_{c}": "100" for c in ["travel", "per_diem", "interpretation", "equipment", "coffee",
                                             "printing", "contingency", "other"]}  # fmt: skip

    response = client.post(f"/en/meetings/{meeting.pk}/budget/", {**data, "actual_travel": "-5"})

    assert response.status_code == 400
    assert response.context["form"].errors["actual_travel"] == ["A cost cannot be negative."]
    assert BudgetLine.objects.count() == 0


def test_the_budget_exports_to_xlsx_with_totals(client, secretariat_user, tmp_path):
    meeting = MeetingFactory()
    BudgetLine.objects.create(meeting=meeting, category="printing", budget=Decimal(200), actual=Decimal(180))
    client.force_login(secretariat_user)

    response = client.get(f"/en/meetings/{meeting.pk}/budget.xlsx")
    path = tmp_path / "budget.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))

    assert rows[2] == ("Category", "Budget", "Committed", "Actual", "Variance (budget minus actual)")
    assert rows[3] == ("Printing", 200, 0, 180, 20)
    assert rows[-1] == ("Total", 200, 0, 180, 20)


def test_the_budget_is_the_secretariats_only(client, focal_point_mx):
    meeting = MeetingFactory()
    client.force_login(focal_point_mx.user)

    assert client.get(f"/en/meetings/{meeting.pk}/budget/").status_code == 403
    assert client.get(f"/en/meetings/{meeting.pk}/budget.xlsx").status_code == 403


# --- the delegate's own page ------------------------------------------------------------------------


def test_a_funded_delegate_gives_travel_details_through_the_link(client):
    registration = RegistrationFactory(status=Registration.Status.APPROVED, funded=True)
    url = f"/en/meetings/delegate/{delegate_token(registration)}/"

    bad = client.post(url, {"itinerary": "PTY", "ticket_cost": "-3"})
    good = client.post(url, {"itinerary": "PTY 08:00", "ticket_cost": "812.40"})

    registration.refresh_from_db()
    assert bad.status_code == 400
    assert bad.context["form"].errors["ticket_cost"] == ["A cost cannot be negative."]
    assert good.status_code == 302
    assert registration.ticket_cost == Decimal("812.40")


def test_the_delegate_page_shows_the_online_link_once_approved(client):
    meeting = MeetingFactory(format="hybrid", online_link="https://meet.example.org/room-42")
    pending = RegistrationFactory(meeting=meeting)
    approved = RegistrationFactory(meeting=meeting, status=Registration.Status.APPROVED)

    pending_page = client.get(f"/en/meetings/delegate/{delegate_token(pending)}/").content.decode()
    approved_page = client.get(f"/en/meetings/delegate/{delegate_token(approved)}/").content.decode()

    assert "room-42" not in pending_page
    assert "room-42" in approved_page


def test_a_forged_delegate_link_is_not_found(client):
    assert client.get("/en/meetings/delegate/forged:token/").status_code == 404


def test_the_country_page_lists_the_meetings_its_delegates_attended(client):
    attended = MeetingFactory(title_en="Attended meeting")
    RegistrationFactory(meeting=attended, country=country("MX"), status="approved", attendance="attended")
    absent = MeetingFactory(title_en="Missed meeting")
    RegistrationFactory(meeting=absent, country=country("MX"), status="approved", attendance="absent")

    page = client.get("/en/countries/mx/").content.decode()

    assert "Attended meeting" in page
    assert "Missed meeting" not in page


# --- query counts ---------------------------------------------------------------------------------


def test_the_meeting_page_reads_a_fixed_number_of_queries_whatever_the_agenda(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # the page built, not served from the whole-page cache
    meeting = MeetingFactory()
    for hour in range(8, 18):
        SessionFactory(meeting=meeting, starts_at=f"{hour:02d}:00", ends_at=f"{hour:02d}:45")
    client.get(meeting.get_absolute_url())  # warm the per-process caches (sessions, vocabularies)

    with django_assert_num_queries(4):
        client.get(meeting.get_absolute_url())


def test_the_registrations_page_reads_a_fixed_number_of_queries(
    client, secretariat_user, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    for n in range(12):
        RegistrationFactory(meeting=meeting, country=country("MX" if n % 2 else "GT"))
    client.force_login(secretariat_user)
    client.get(registrations_url(meeting))

    with django_assert_max_num_queries(12):
        response = client.get(registrations_url(meeting))

    assert len(response.context["registrations"]) == 12


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "   "), ("arrival_on", "²⁰²⁶-01-01"), ("email", "a@b.c\nBcc: x@y.z"), ("language", "xx"),
     ("departure_on", "9" * 40), ("institution", "x" * 5000)],
)  # fmt: skip
def test_odd_registration_input_is_a_message_on_the_field_never_a_server_error(
    client, focal_point_mx, field, value
):
    meeting = MeetingFactory()
    client.force_login(focal_point_mx.user)

    response = client.post(registrations_url(meeting), form_data(meeting, **{field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("decision", ["", "APPROVE", "nonsense", "attended"])
def test_odd_decisions_change_nothing(client, focal_point_mx, decision):
    registration = RegistrationFactory(country=country("MX"))
    client.force_login(focal_point_mx.user)

    response = client.post(
        f"/en/meetings/{registration.meeting_id}/registrations/{registration.pk}/", {"decision": decision}
    )

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.status, registration.attendance) == (Registration.Status.PENDING, "")
