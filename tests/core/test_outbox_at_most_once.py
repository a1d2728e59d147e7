"""The outbox's at-most-once rows (bulletins): bulk queueing, attachments, the hand-over mark and
what recovery does with a row whose worker died before or after it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.models import OutboundEmail
from core.outbox import (
    PreparedEmail,
    StoredAttachment,
    queue_prepared_emails,
    recover_stuck_emails,
    send_due_emails,
)

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


def prepared(address, body="Texto.\n"):
    return PreparedEmail(address=address, language="es", subject="Boletín", body=body)


def test_bulk_queueing_skips_addresses_already_queued_for_the_notice():
    first = queue_prepared_emails(
        [prepared("a@example.org"), prepared("b@example.org")], about="t", key="t:1"
    )
    again = queue_prepared_emails(
        [prepared("b@example.org"), prepared("c@example.org")], about="t", key="t:1"
    )

    assert (first, again) == (2, 1)
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "a@example.org", "b@example.org", "c@example.org",
    ]  # fmt: skip


def test_an_attachment_over_the_limit_is_refused(settings):
    settings.OUTBOX_ATTACHMENT_MAX_BYTES = 10

    with pytest.raises(ValueError, match="link to it"):
        queue_prepared_emails(
            [prepared("a@example.org")],
            about="t",
            key="t:1",
            attachment=StoredAttachment("x.pdf", "x.pdf", 11),
        )
    assert OutboundEmail.objects.count() == 0


def test_an_at_most_once_row_goes_over_smtp_with_its_attachment_and_dotted_lines_intact(
    smtp_outbox, settings
):
    name = default_storage.save("tests/outbox/attached.pdf", ContentFile(b"%PDF-1.4 test"))
    body = "First line.\n.A line that starts with a dot.\n..two\n"
    queue_prepared_emails(
        [prepared("a@example.org", body)], about="t", key="t:1", at_most_once=True,
        attachment=StoredAttachment(name, "boletin.pdf", 13),
    )  # fmt: skip

    sent = send_due_emails()

    row = OutboundEmail.objects.get()
    assert (sent, row.status, row.attempts) == (1, Status.SENT, 1)
    assert row.handed_over_at is not None
    [message] = smtp_outbox
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == body
    [attachment] = message.iter_attachments()
    assert (attachment.get_filename(), attachment.get_content()) == ("boletin.pdf", b"%PDF-1.4 test")
    default_storage.delete(name)


def test_a_refused_at_most_once_row_is_retried_or_failed_like_any_other(smtp_outbox, smtp_server):
    smtp_server.rcpt_replies["busy@example.org"] = ["451 4.3.0 Try again later"]
    smtp_server.rcpt_replies["nobody@example.org"] = ["550 5.1.1 No such user"]
    queue_prepared_emails(
        [prepared("busy@example.org"), prepared("nobody@example.org")],
        about="t",
        key="t:1",
        at_most_once=True,
    )

    send_due_emails()

    rows = dict(OutboundEmail.objects.values_list("to", "status"))
    assert rows == {"busy@example.org": Status.QUEUED, "nobody@example.org": Status.FAILED}
    assert list(OutboundEmail.objects.values_list("handed_over_at", flat=True)) == [None, None]


def test_recovery_marks_a_handed_over_row_uncertain_and_queues_the_others(settings):
    queue_prepared_emails(
        [prepared(f"{name}@example.org") for name in ("handed", "claimed", "plain")],
        about="t", key="t:1", at_most_once=True,
    )  # fmt: skip
    long_ago = timezone.now() - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS + 1)
    OutboundEmail.objects.update(status=Status.SENDING, claimed_at=long_ago)
    OutboundEmail.objects.filter(to="handed@example.org").update(handed_over_at=long_ago)
    OutboundEmail.objects.filter(to="plain@example.org").update(at_most_once=False, handed_over_at=long_ago)

    recover_stuck_emails()

    rows = dict(OutboundEmail.objects.values_list("to", "status"))
    assert rows == {
        "handed@example.org": Status.UNCERTAIN,
        "claimed@example.org": Status.QUEUED,
        "plain@example.org": Status.QUEUED,  # the other emails stay at least once
    }
