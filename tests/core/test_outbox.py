"""The outbox: rows written once, sent over one connection, retried on temporary failures only."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from core.outbox import Recipient, queue_email, queue_emails, send_due_emails
from tests.conftest import free_port
from tests.factories import FocalPointFactory

Status = OutboundEmail.Status


def queue_test_email(to="ana@example.org", key="tests.notice:1", language="es"):
    return queue_email(to, language=language, subject="Aviso de prueba", body="Hola.", about=key, key=key)


def test_the_same_notice_is_never_queued_twice_for_the_same_person(db):
    first = queue_test_email()
    again = queue_test_email()
    other_person = queue_test_email(to="bruno@example.org")

    assert (first, again, other_person) == (1, 0, 1)
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "ana@example.org",
        "bruno@example.org",
    ]


def test_message_id_is_derived_from_the_notice_and_the_recipient(db):
    queue_test_email()
    row = OutboundEmail.objects.get()

    assert row.message_id == outbox.message_id_for("tests.notice:1", "ana@example.org")
    assert row.message_id == outbox.message_id_for("tests.notice:1", "ANA@example.org")
    assert row.message_id != outbox.message_id_for("tests.notice:2", "ana@example.org")
    assert re.fullmatch(r"<[0-9a-f]{40}@ricomi\.example\.org>", row.message_id)


def test_a_batch_goes_over_one_connection_and_each_row_is_marked_sent(smtp_outbox, smtp_server, db):
    queue_emails(
        [Recipient(f"person{i}@example.org", "pt") for i in range(5)],
        subject="Aviso",
        body="Olá.",
        about="tests.notice:1",
        key="tests.notice:1",
    )
    greetings_before = smtp_server.handler.greetings

    sent = send_due_emails()

    rows = OutboundEmail.objects.order_by("to")
    assert sent == 5
    assert smtp_server.handler.greetings - greetings_before == 1
    assert [row.status for row in rows] == [Status.SENT] * 5
    assert [row.attempts for row in rows] == [1] * 5
    assert sorted(m["Message-ID"] for m in smtp_outbox) == sorted(row.message_id for row in rows)
    assert {m["Content-Language"] for m in smtp_outbox} == {"pt"}


def test_a_550_fails_the_row_with_the_servers_answer_and_it_is_not_tried_again(smtp_outbox, smtp_server, db):
    smtp_server.rcpt_replies["nobody@example.org"] = ["550 5.1.1 No such user"]
    queue_test_email(to="nobody@example.org")

    first_run = send_due_emails()
    second_run = send_due_emails()

    row = OutboundEmail.objects.get()
    assert (first_run, second_run) == (0, 0)
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert row.last_error == "nobody@example.org: 550 5.1.1 No such user"
    assert smtp_outbox == []


def test_a_451_puts_the_row_back_with_a_growing_delay(smtp_outbox, smtp_server, db, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    smtp_server.rcpt_replies["busy@example.org"] = ["451 4.3.0 Try again later"] * 2
    queue_test_email(to="busy@example.org")

    send_due_emails()
    first_delay = OutboundEmail.objects.get().next_attempt_at - timezone.now()
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    send_due_emails()
    second_delay = OutboundEmail.objects.get().next_attempt_at - timezone.now()

    row = OutboundEmail.objects.get()
    assert (row.status, row.attempts, row.last_error) == (
        Status.QUEUED,
        2,
        "busy@example.org: 451 4.3.0 Try again later",
    )
    assert timedelta(seconds=50) < first_delay <= timedelta(seconds=60)
    assert timedelta(seconds=110) < second_delay <= timedelta(seconds=120)
    assert smtp_outbox == []


def test_retry_delays_double_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 60, 600

    delays = [outbox.retry_delay(attempt).total_seconds() for attempt in range(1, 7)]

    assert delays == [60, 120, 240, 480, 600, 600]


def test_a_temporary_failure_on_the_last_allowed_attempt_fails_the_row(
    smtp_outbox, smtp_server, db, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    smtp_server.rcpt_replies["busy@example.org"] = ["451 4.3.0 Try again later"]
    queue_test_email(to="busy@example.org")

    send_due_emails()

    assert OutboundEmail.objects.get().status == Status.FAILED


def test_a_refused_connection_puts_the_whole_batch_back_for_later(db, settings):
    settings.OUTBOX_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    queue_test_email(to="ana@example.org")
    queue_test_email(to="bruno@example.org")

    sent = send_due_emails()

    rows = list(OutboundEmail.objects.all())
    assert sent == 0
    assert [(row.status, row.attempts) for row in rows] == [(Status.QUEUED, 1)] * 2
    assert all(row.last_error.startswith("ConnectionRefusedError") for row in rows)
    assert all(row.next_attempt_at > timezone.now() for row in rows)


def test_a_claimed_row_is_not_claimed_again(db):
    queue_test_email()

    first = outbox.claim_due_emails(10)
    second = outbox.claim_due_emails(10)

    assert [row.to for row in first] == ["ana@example.org"]
    assert second == []
    assert OutboundEmail.objects.get().status == Status.SENDING


def test_rows_left_claimed_by_a_dead_worker_are_queued_again(db, settings):
    settings.OUTBOX_CLAIM_TIMEOUT_SECONDS = 600
    queue_test_email(to="old@example.org")
    queue_test_email(to="recent@example.org")
    OutboundEmail.objects.update(status=Status.SENDING, claimed_at=timezone.now() - timedelta(minutes=1))
    OutboundEmail.objects.filter(to="old@example.org").update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )

    recovered = outbox.recover_stuck_emails()

    assert recovered == 1
    assert dict(OutboundEmail.objects.values_list("to", "status")) == {
        "old@example.org": Status.QUEUED,
        "recent@example.org": Status.SENDING,
    }


def test_the_secretariat_sees_failed_emails_with_the_servers_answer_and_retries_them(
    admin_client_for, secretariat_user
):
    queue_test_email(to="nobody@example.org")
    OutboundEmail.objects.update(status=Status.FAILED, attempts=1, last_error="550 5.1.1 No such user")
    row = OutboundEmail.objects.get()
    client = admin_client_for(secretariat_user)

    listing = client.get("/admin/core/outboundemail/", {"status__exact": "failed"})
    detail = client.get(f"/admin/core/outboundemail/{row.pk}/change/")
    response = client.post(
        "/admin/core/outboundemail/", {"action": "retry", "_selected_action": [row.pk]}, follow=True
    )

    row.refresh_from_db()
    assert listing.status_code == 200
    assert "550 5.1.1 No such user" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="subject"' not in detail.content.decode()  # read-only: nothing to edit by hand
    assert response.status_code == 200
    assert (row.status, row.attempts) == (Status.QUEUED, 0)
    assert [str(m) for m in response.context["messages"]] == [
        "Se volvió a poner en cola 1 correo fallido."
    ]  # the admin speaks Spanish


def test_a_focal_point_does_not_see_the_outbox(admin_client_for, db):
    focal_point = FocalPointFactory()

    response = admin_client_for(focal_point.user).get("/admin/core/outboundemail/")

    assert response.status_code == 403


# --- with a real worker ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_451_then_an_accept_is_delivered_once_by_the_worker(celery_worker, smtp_server):
    smtp_server.messages.clear()
    smtp_server.rcpt_replies["busy@example.org"] = ["451 4.3.0 Try again later"]

    queue_test_email(to="busy@example.org")

    row = wait_for_row(lambda r: r.status == Status.SENT)
    assert [m["To"] for m in smtp_server.messages] == ["busy@example.org"]
    assert smtp_server.messages[0]["Message-ID"] == row.message_id
    assert (row.attempts, row.last_error) == (2, "busy@example.org: 451 4.3.0 Try again later")


@pytest.mark.django_db(transaction=True)
def test_a_550_is_failed_by_the_worker_and_not_retried(celery_worker, smtp_server):
    smtp_server.messages.clear()
    smtp_server.rcpt_replies["nobody@example.org"] = ["550 5.1.1 No such user"]

    queue_test_email(to="nobody@example.org", key="tests.notice:550")
    failed = wait_for_row(lambda r: r.status == Status.FAILED, to="nobody@example.org")
    queue_test_email(to="later@example.org", key="tests.notice:later")  # the worker moved on
    wait_for_row(lambda r: r.status == Status.SENT, to="later@example.org")

    failed.refresh_from_db()
    assert [m["To"] for m in smtp_server.messages] == ["later@example.org"]
    assert (failed.status, failed.attempts) == (Status.FAILED, 1)
    assert failed.last_error == "nobody@example.org: 550 5.1.1 No such user"


def wait_for_row(condition, timeout=30, **lookup):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = OutboundEmail.objects.filter(**lookup).first()
        if row is not None and condition(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"no outbox row {lookup} reached the expected state: {row and row.status}")


def test_a_421_ends_the_batch_and_puts_the_untried_rows_back_without_an_attempt(smtp_outbox, smtp_server, db):
    smtp_server.rcpt_replies["b@example.org"] = ["421 4.3.2 Shutting down"]
    for address in ["a@example.org", "b@example.org", "c@example.org"]:
        queue_test_email(to=address)

    send_due_emails()

    rows = OutboundEmail.objects.order_by("to")
    assert [(row.to, row.status, row.attempts) for row in rows] == [
        ("a@example.org", Status.SENT, 1),
        ("b@example.org", Status.QUEUED, 1),
        ("c@example.org", Status.QUEUED, 0),
    ]
    assert all(row.next_attempt_at > timezone.now() for row in rows[1:])
    assert [m["To"] for m in smtp_outbox] == ["a@example.org"]


def test_djangos_own_mail_goes_through_the_outbox_in_the_active_language(
    client, smtp_outbox, settings, django_user_model
):
    settings.EMAIL_BACKEND = "core.mail_backend.OutboxEmailBackend"  # the project's setting
    django_user_model.objects.create_user("focal", email="focal@example.org", password="x-long-passphrase-1")

    client.post("/en/accounts/password-reset/", {"email": "focal@example.org"})
    queued = OutboundEmail.objects.get()
    send_due_emails()

    [message] = smtp_outbox
    assert (queued.to, queued.language, queued.about) == ("focal@example.org", "en", "django.core.mail")
    assert message["Subject"] == "RICOMI: choose a new password"
    assert message["Message-ID"] == queued.message_id


def test_per_recipient_headers_and_context_reach_each_message(smtp_outbox, db):
    queue_emails(
        [
            Recipient("ana@example.org", "es", headers={"List-Unsubscribe": "<https://x/u/ana>"}),
            Recipient("bruno@example.org", "es", headers={"List-Unsubscribe": "<https://x/u/bruno>"}),
        ],
        subject="Boletín",
        body="Texto.",
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        about="tests.bulletin:1",
        key="tests.bulletin:1",
    )

    send_due_emails()

    headers = sorted((m["To"], m["List-Unsubscribe"], m["List-Unsubscribe-Post"]) for m in smtp_outbox)
    assert headers == [
        ("ana@example.org", "<https://x/u/ana>", "List-Unsubscribe=One-Click"),
        ("bruno@example.org", "<https://x/u/bruno>", "List-Unsubscribe=One-Click"),
    ]


def test_beat_recovers_stuck_emails_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-recover-stuck-emails"]

    assert entry == {"task": "core.tasks.recover_stuck_emails_task", "schedule": 60}
