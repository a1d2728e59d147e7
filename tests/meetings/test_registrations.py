"""Registration, the waiting list and its promotion, approval and funding, travel details."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from core.models import OutboundEmail
from meetings import services
from meetings.models import Registration
from tests.factories import country

from .factories import MeetingFactory, RegistrationFactory

Status = Registration.Status
pytestmark = pytest.mark.django_db


def delegate_data(n: int, meeting, **extra) -> dict:
    return {
        "name": f"Delegado {n}", "position": "Director", "institution": "Migración",
        "email": f"d{n}@example.org", "language": "es",
        "arrival_on": meeting.starts_on - timedelta(days=1), "departure_on": meeting.ends_on,
        "dietary_needs": "", "accessibility_needs": "", **extra,
    }  # fmt: skip


def test_a_registration_takes_a_seat_while_seats_are_free(focal_point_mx):
    meeting = MeetingFactory(seats=2)

    registration = services.register_delegate(
        meeting, country=focal_point_mx.country, by=focal_point_mx.user, data=delegate_data(1, meeting)
    )

    assert registration.status == Status.PENDING
    assert OutboundEmail.objects.get().notice_key == f"meetings.registered:{registration.pk}"


def test_more_registrations_than_seats_go_to_the_waiting_list_in_order(focal_point_mx):
    meeting = MeetingFactory(seats=1)
    by, mx = focal_point_mx.user, focal_point_mx.country

    statuses = [
        services.register_delegate(meeting, country=mx, by=by, data=delegate_data(n, meeting)).status
        for n in range(3)
    ]

    assert statuses == [Status.PENDING, Status.WAITING, Status.WAITING]
    assert [r.name for r in meeting.registrations.waiting()] == ["Delegado 1", "Delegado 2"]


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list_who_is_emailed(focal_point_mx):
    meeting = MeetingFactory(seats=1)
    by, mx = focal_point_mx.user, focal_point_mx.country
    seated, first, second = (
        services.register_delegate(meeting, country=mx, by=by, data=delegate_data(n, meeting))
        for n in range(3)
    )

    services.withdraw_registration(seated, by=by)

    statuses = dict(meeting.registrations.values_list("name", "status"))
    assert statuses == {
        "Delegado 0": Status.WITHDRAWN,
        "Delegado 1": Status.PENDING,
        "Delegado 2": Status.WAITING,
    }
    promoted = OutboundEmail.objects.get(notice_key=f"meetings.promoted:{first.pk}")
    assert promoted.to == "d1@example.org"
    assert not OutboundEmail.objects.filter(notice_key=f"meetings.promoted:{second.pk}").exists()


def test_declining_a_registration_also_promotes_the_waiting_list(focal_point_mx, secretariat_user):
    meeting = MeetingFactory(seats=1)
    seated = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=Status.WAITING)

    services.decline_registration(seated, by=secretariat_user)

    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING
    declined = OutboundEmail.objects.get(notice_key=f"meetings.declined:{seated.pk}")
    assert declined.to == seated.email


def test_more_seats_go_to_the_waiting_list_in_order(secretariat_user):
    meeting = MeetingFactory(seats=1)
    RegistrationFactory(meeting=meeting)
    first = RegistrationFactory(meeting=meeting, status=Status.WAITING)
    second = RegistrationFactory(meeting=meeting, status=Status.WAITING)

    services.change_seats(meeting, seats=2, by=secretariat_user)

    assert list(meeting.registrations.waiting()) == [second]
    first.refresh_from_db()
    assert first.status == Status.PENDING


def test_a_focal_point_cannot_register_another_countrys_delegate(focal_point_gt):
    meeting = MeetingFactory()

    with pytest.raises(PermissionDenied):
        services.register_delegate(
            meeting, country=country("MX"), by=focal_point_gt.user, data=delegate_data(1, meeting)
        )

    assert Registration.objects.count() == 0


def test_departure_before_arrival_is_refused_and_nothing_is_saved(focal_point_mx):
    meeting = MeetingFactory()
    data = delegate_data(1, meeting, departure_on=meeting.starts_on - timedelta(days=3))

    with pytest.raises(ValidationError) as error:
        services.register_delegate(meeting, country=focal_point_mx.country, by=focal_point_mx.user, data=data)

    assert error.value.message_dict["departure_on"] == ["The departure cannot be before the arrival."]
    assert (Registration.objects.count(), OutboundEmail.objects.count()) == (0, 0)


def test_the_same_delegate_cannot_be_registered_twice(focal_point_mx):
    meeting = MeetingFactory()
    by, mx = focal_point_mx.user, focal_point_mx.country
    services.register_delegate(meeting, country=mx, by=by, data=delegate_data(1, meeting))

    with pytest.raises(ValidationError, match="already registered"):
        services.register_delegate(meeting, country=mx, by=by, data=delegate_data(1, meeting, name="Otro"))


def test_registration_is_refused_when_it_is_not_open(focal_point_mx):
    meeting = MeetingFactory(status="planned")

    with pytest.raises(ValidationError, match="not open"):
        services.register_delegate(
            meeting, country=focal_point_mx.country, by=focal_point_mx.user, data=delegate_data(1, meeting)
        )


def test_approving_and_funding_asks_the_delegate_for_travel_details(secretariat_user):
    registration = RegistrationFactory()

    services.approve_registration(registration, by=secretariat_user, funded=True)

    registration.refresh_from_db()
    assert (registration.status, registration.funded) == (Status.APPROVED, True)
    assert registration.travel_requested_at is not None
    email = OutboundEmail.objects.get(notice_key=f"meetings.travel:{registration.pk}")
    assert "/meetings/delegate/" in email.body


def test_a_country_gets_no_more_funded_seats_than_the_meeting_gives(secretariat_user):
    meeting = MeetingFactory(funded_seats_per_country=1)
    first, second = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    services.approve_registration(first, by=secretariat_user, funded=True)

    with pytest.raises(ValidationError, match="funded seat"):
        services.approve_registration(second, by=secretariat_user, funded=True)

    second.refresh_from_db()
    assert (second.status, second.funded) == (Status.PENDING, False)


def test_a_focal_point_cannot_approve(focal_point_mx):
    registration = RegistrationFactory()

    with pytest.raises(PermissionDenied):
        services.approve_registration(registration, by=focal_point_mx.user, funded=True)


def test_a_waiting_delegate_cannot_be_approved(secretariat_user):
    registration = RegistrationFactory(status=Status.WAITING)

    with pytest.raises(ValidationError, match="seat"):
        services.approve_registration(registration, by=secretariat_user, funded=False)


def test_travel_details_come_back_through_the_signed_link(secretariat_user):
    registration = RegistrationFactory(status=Status.APPROVED, funded=True)
    token = services.delegate_token(registration)

    found = services.registration_from_token(token)
    services.submit_travel_details(found, itinerary="PTY 08:00", ticket_cost=Decimal("812.40"))

    registration.refresh_from_db()
    assert (registration.itinerary, registration.ticket_cost) == ("PTY 08:00", Decimal("812.40"))


def test_a_forged_or_outdated_link_names_no_registration():
    registration = RegistrationFactory()
    token = services.delegate_token(registration)
    Registration.objects.filter(pk=registration.pk).update(email="someone.else@example.org")

    assert services.registration_from_token(token) is None
    assert services.registration_from_token(token[:-2] + "xx") is None


def test_a_negative_ticket_cost_is_refused():
    registration = RegistrationFactory(status=Status.APPROVED, funded=True)

    with pytest.raises(ValidationError):
        services.submit_travel_details(registration, itinerary="x", ticket_cost=Decimal("-1"))

    registration.refresh_from_db()
    assert registration.ticket_cost is None


def test_attendance_is_recorded_for_approved_delegates_once_the_meeting_began(secretariat_user):
    from django.utils import timezone

    meeting = MeetingFactory(starts_on=timezone.localdate() - timedelta(days=1))
    approved = RegistrationFactory(meeting=meeting, status=Status.APPROVED)
    future = RegistrationFactory(status=Status.APPROVED)

    services.record_attendance(approved, by=secretariat_user, attendance="attended")
    with pytest.raises(ValidationError, match="begun"):
        services.record_attendance(future, by=secretariat_user, attendance="attended")

    approved.refresh_from_db()
    assert approved.attendance == "attended"


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_the_same_moment_cannot_both_take_the_last_seat(focal_point_mx):
    meeting = MeetingFactory(seats=1)
    start = threading.Barrier(2)
    results = []

    def register(n):
        start.wait()
        try:
            data = delegate_data(n, meeting)
            results.append(
                services.register_delegate(
                    meeting, country=focal_point_mx.country, by=focal_point_mx.user, data=data
                ).status
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [Status.PENDING, Status.WAITING]
