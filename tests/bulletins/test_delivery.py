"""Sending a bulletin through the outbox, a real Celery worker and a real SMTP server on loopback:
one email per confirmed subscriber in their language with their PDF, retries, failures."""

import time
from collections import Counter

import pytest
from django.test import Client

from bulletins import services
from bulletins.models import Bulletin, Delivery, Subscriber
from bulletins.selectors import DeliveryCounts, delivery_counts
from core.models import OutboundEmail
from core.outbox import send_due_emails

from .helpers import LANGUAGES, SubscriberFactory, built_bulletin, initiative_of

Status = OutboundEmail.Status


def wait_until_delivered(bulletin, timeout=60):
    deadline = time.monotonic() + timeout
    waiting = OutboundEmail.objects.filter(
        bulletin_delivery__bulletin=bulletin, status__in=[Status.QUEUED, Status.SENDING]
    )
    while waiting.exists():
        assert time.monotonic() < deadline, f"still waiting: {list(waiting.values_list('to', 'status'))}"
        time.sleep(0.2)


def pdf_bytes(bulletin, language) -> bytes:
    with bulletin.stored_pdfs()[language].file.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db(transaction=True)
def test_every_confirmed_subscriber_gets_one_email_in_their_language_with_their_pdf(
    celery_worker, smtp_server, settings
):
    smtp_server.messages.clear()
    initiative_of(2025, "MX")
    readers = {f"{code}{n}@example.org": code for code in LANGUAGES for n in range(2)}
    for email, language in readers.items():
        SubscriberFactory(email=email, language=language)
    SubscriberFactory(email="waiting@example.org", status=Subscriber.Status.UNCONFIRMED)
    SubscriberFactory(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    bulletin = built_bulletin(2025)

    queued = services.send_bulletin(bulletin)
    wait_until_delivered(bulletin)

    assert queued == 8
    received = {message["To"]: message for message in smtp_server.messages}
    assert Counter(message["To"] for message in smtp_server.messages) == dict.fromkeys(readers, 1)
    for address, message in received.items():
        language = readers[address]
        assert message["Content-Language"] == language
        assert "2025" in message["Subject"]
        attachments = list(message.iter_attachments())
        assert [a.get_filename() for a in attachments] == [f"ricomi-bulletin-2025-{language}.pdf"]
        assert attachments[0].get_content() == pdf_bytes(bulletin, language)
        assert message.get_body(("html",)) is not None
        assert f"/{language}/bulletins/unsubscribe/" in message.get_body(("plain",)).get_content()
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = f"<{settings.SITE_URL}/{language}/bulletins/unsubscribe/"
        assert str(message["List-Unsubscribe"]).strip().startswith(unsubscribe)  # long headers are folded
    assert Delivery.objects.filter(bulletin=bulletin).count() == 8
    assert services.finish_sending(bulletin)
    assert Bulletin.objects.get().status == Bulletin.Status.SENT
    assert delivery_counts(bulletin) == DeliveryCounts(sent=8, pending=0, failed=0, uncertain=0)


@pytest.mark.django_db(transaction=True)
def test_the_list_unsubscribe_header_works_as_a_one_click_post(celery_worker, smtp_server, settings):
    smtp_server.messages.clear()
    SubscriberFactory(email="ana@example.org", language="pt")
    bulletin = built_bulletin(2025)
    services.send_bulletin(bulletin)
    wait_until_delivered(bulletin)

    header = str(smtp_server.messages[0]["List-Unsubscribe"]).strip()
    url = header.strip("<>").removeprefix(settings.SITE_URL)
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_a_451_then_an_accept_delivers_the_bulletin_on_retry(celery_worker, smtp_server):
    smtp_server.messages.clear()
    smtp_server.rcpt_replies["busy@example.org"] = ["451 4.3.0 Try again later"]
    SubscriberFactory(email="busy@example.org")
    bulletin = built_bulletin(2025)

    services.send_bulletin(bulletin)
    wait_until_delivered(bulletin)

    email = OutboundEmail.objects.get(to="busy@example.org")
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert [m["To"] for m in smtp_server.messages] == ["busy@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_550_is_recorded_as_failed_with_the_servers_answer(celery_worker, smtp_server):
    smtp_server.messages.clear()
    smtp_server.rcpt_replies["nobody@example.org"] = ["550 5.1.1 No such user"]
    SubscriberFactory(email="nobody@example.org")
    SubscriberFactory(email="somebody@example.org")
    bulletin = built_bulletin(2025)

    services.send_bulletin(bulletin)
    wait_until_delivered(bulletin)

    failed = OutboundEmail.objects.get(to="nobody@example.org")
    assert (failed.status, failed.attempts) == (Status.FAILED, 1)
    assert failed.last_error == "nobody@example.org: 550 5.1.1 No such user"
    assert [m["To"] for m in smtp_server.messages] == ["somebody@example.org"]
    assert delivery_counts(bulletin) == DeliveryCounts(sent=1, pending=0, failed=1, uncertain=0)


def test_a_pdf_over_the_size_limit_is_linked_instead_of_attached(smtp_outbox, db, settings):
    settings.OUTBOX_ATTACHMENT_MAX_BYTES = 1000
    SubscriberFactory(email="ana@example.org", language="fr")
    bulletin = built_bulletin(2025)

    services.send_bulletin(bulletin)
    send_due_emails()

    [message] = smtp_outbox
    assert list(message.iter_attachments()) == []
    assert "/fr/bulletins/2025/ricomi-fr.pdf" in message.get_body(("plain",)).get_content()
    assert OutboundEmail.objects.get().attachment == ""


def test_sending_twice_queues_nobody_twice_and_a_new_subscriber_once(db):
    SubscriberFactory(email="first@example.org")
    bulletin = built_bulletin(2025)

    first = services.send_bulletin(bulletin)
    again = services.send_bulletin(bulletin)
    SubscriberFactory(email="late@example.org")
    late = services.send_bulletin(bulletin)

    assert (first, again, late) == (1, 0, 1)
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "first@example.org",
        "late@example.org",
    ]


def test_a_draft_is_not_sent(db):
    SubscriberFactory()
    bulletin = Bulletin.objects.create(year=2025)

    with pytest.raises(ValueError, match="built"):
        services.send_bulletin(bulletin)
    assert OutboundEmail.objects.count() == 0


def test_queueing_two_thousand_subscribers_takes_bulk_inserts_not_a_query_each(
    db, django_assert_max_num_queries
):
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n:05}@example.org", language=LANGUAGES[n % 4], status="confirmed")
        for n in range(2000)
    )
    bulletin = built_bulletin(2025)

    with django_assert_max_num_queries(60):
        queued = services.send_bulletin(bulletin)

    assert queued == 2000
    assert OutboundEmail.objects.filter(at_most_once=True).count() == 2000


def test_beats_task_marks_the_bulletin_sent_once_no_delivery_waits(smtp_outbox, db):
    from bulletins.tasks import finish_sending_task

    SubscriberFactory(email="ana@example.org")
    bulletin = built_bulletin(2025)
    services.send_bulletin(bulletin)

    before = finish_sending_task()
    send_due_emails()
    after = finish_sending_task()

    assert (before, after) == (0, 1)
    assert Bulletin.objects.get().status == Bulletin.Status.SENT
