"""What the registrations page says after a decision on a delegate: the delegate by name and what
became of the registration, never a bare "Done."."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Registration

from .factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def decide(client, registration, decision, language="en"):
    return client.post(
        f"/{language}/meetings/{registration.meeting_id}/registrations/{registration.pk}/",
        {"decision": decision},
        follow=True,
    )


def said(response) -> list[str]:
    assert response.redirect_chain, "the decision answers with a redirect"
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("decision", "expected", "status", "funded"),
    [
        ("approve", "The registration of Ana Pérez was approved, without funding.", Status.APPROVED, False),
        ("approve_funded", "The registration of Ana Pérez was approved and funded.", Status.APPROVED, True),
        ("decline", "The registration of Ana Pérez was declined.", Status.DECLINED, False),
        ("withdraw", "The registration of Ana Pérez was withdrawn.", Status.WITHDRAWN, False),
    ],
)
def test_the_secretariats_decision_names_the_delegate(
    client, secretariat_user, decision, expected, status, funded
):
    registration = RegistrationFactory(name="Ana Pérez")
    client.force_login(secretariat_user)

    response = decide(client, registration, decision)

    assert said(response) == [expected]
    registration.refresh_from_db()
    assert (registration.status, registration.funded) == (status, funded)


def test_a_focal_point_withdrawing_its_delegate_is_told_so(client, focal_point_mx):
    registration = RegistrationFactory(name="Luis Gómez")
    client.force_login(focal_point_mx.user)

    response = decide(client, registration, "withdraw")

    assert said(response) == ["The registration of Luis Gómez was withdrawn."]


@pytest.mark.parametrize(
    ("attendance", "expected"),
    [
        ("attended", "Ana Pérez is recorded as having attended."),
        ("absent", "Ana Pérez is recorded as absent."),
        ("excused", "Ana Pérez is recorded as excused."),
    ],
)
def test_recording_attendance_names_the_delegate(client, secretariat_user, attendance, expected):
    meeting = MeetingFactory(starts_on=timezone.localdate() - timedelta(days=1))
    registration = RegistrationFactory(meeting=meeting, name="Ana Pérez", status=Status.APPROVED)
    client.force_login(secretariat_user)

    response = decide(client, registration, attendance)

    assert said(response) == [expected]
    registration.refresh_from_db()
    assert registration.attendance == attendance


def test_a_refused_or_impossible_decision_says_why_and_nothing_else(client, focal_point_mx, secretariat_user):
    registration = RegistrationFactory(name="Ana Pérez")
    client.force_login(focal_point_mx.user)
    refused = decide(client, registration, "approve")
    client.force_login(secretariat_user)
    decide(client, registration, "decline")
    closed = decide(client, registration, "withdraw")

    assert said(refused) == ["You are not allowed to do this."]
    assert said(closed) == ["This registration is already closed."]


@pytest.mark.parametrize(
    ("language", "decision", "expected"),
    [
        ("es", "approve", "La inscripción de Ana Pérez fue aprobada, sin financiamiento."),
        ("fr", "decline", "L'inscription de Ana Pérez a été refusée."),
        ("pt", "withdraw", "A inscrição de Ana Pérez foi retirada."),
    ],
)
def test_the_message_is_in_the_pages_language(client, secretariat_user, language, decision, expected):
    registration = RegistrationFactory(name="Ana Pérez")
    client.force_login(secretariat_user)

    response = decide(client, registration, decision, language=language)

    assert said(response) == [expected]
