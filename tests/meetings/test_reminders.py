"""Reminders before a meeting: each seated delegate once, sent by a real Celery worker over SMTP."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from meetings.models import Registration
from meetings.tasks import send_meeting_reminders_task

from .factories import MeetingFactory, RegistrationFactory


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.mark.django_db(transaction=True)
def test_each_seated_delegate_is_reminded_once_by_the_worker(celery_worker, smtp_outbox, settings):
    settings.MEETING_REMINDER_DAYS = 7
    soon = MeetingFactory(title_en="Soon meeting", starts_on=timezone.localdate() + timedelta(days=5))
    later = MeetingFactory(starts_on=timezone.localdate() + timedelta(days=40))
    approved = RegistrationFactory(meeting=soon, status=Registration.Status.APPROVED, email="a@example.org")
    pending = RegistrationFactory(meeting=soon, email="p@example.org", language="en")
    RegistrationFactory(meeting=soon, status=Registration.Status.WAITING, email="w@example.org")
    RegistrationFactory(meeting=later, status=Registration.Status.APPROVED, email="l@example.org")

    first = send_meeting_reminders_task.delay().get(timeout=30)
    second = send_meeting_reminders_task.delay().get(timeout=30)
    wait_for(lambda: len(smtp_outbox) == 2)

    assert (first, second) == (2, 0)
    assert sorted(m["To"] for m in smtp_outbox) == ["a@example.org", "p@example.org"]
    english = next(m for m in smtp_outbox if m["To"] == "p@example.org")
    assert english["Subject"] == "Reminder: Soon meeting"
    keys = set(OutboundEmail.objects.values_list("notice_key", flat=True))
    assert keys == {f"meetings.reminder:{approved.pk}", f"meetings.reminder:{pending.pk}"}


def test_a_cancelled_meeting_sends_no_reminder(db):
    meeting = MeetingFactory(status="cancelled", starts_on=timezone.localdate() + timedelta(days=2))
    RegistrationFactory(meeting=meeting, status=Registration.Status.APPROVED)

    assert send_meeting_reminders_task.apply().get() == 0
