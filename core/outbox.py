"""The outbox: every email of the platform becomes a row before it is sent, and workers send the rows.

Queueing (`queue_emails`) renders each message in its recipient's language inside the caller's
transaction, so a notice exists exactly when the change it announces was committed. Sending
(`send_due_emails`, run by `core.tasks.send_outbox_task`) claims rows with
`SELECT ... FOR UPDATE SKIP LOCKED`, sends a batch over one connection and marks each row on its
own as soon as the server has answered for it. Temporary failures (4xx, a refused or dropped
connection) are retried with growing delays up to a cap; permanent ones (5xx) fail the row with the
server's answer. Rows left claimed by a dead worker go back to the queue (`recover_stuck_emails`).

Delivery is at least once by default: a worker killed after the end of a message's data (which the server
goes on to accept) and before the row is marked sent leaves the row claimed, and it is sent again
with the same Message-ID (derived from the notice and the recipient), so the receiving side can
recognise the repeat. The window is kept to one UPDATE on our side (see `mark_sent`).

Rows queued `at_most_once` (the bulletins) trade that window the other way: the row is marked
"handed over" just before the line that ends the message's data is written, so a worker that
dies from then on leaves a row that `recover_stuck_emails` marks uncertain instead of sending it
again (see docs/bulletins.md). Such rows may carry one stored file as an attachment, and
`queue_prepared_emails` writes thousands of them in a few bulk INSERTs.
"""

import contextlib
import hashlib
import re
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation

from .models import OutboundEmail
from .smtp_errors import connection_lost, describe_error, is_temporary

Status = OutboundEmail.Status


@dataclass(frozen=True)
class Recipient:
    """Who receives a notice and in which language; `context` and `headers` carry only what differs
    from one person to the next (an unsubscribe link, a List-Unsubscribe header)."""

    address: str
    language: str
    context: dict = field(default_factory=dict, compare=False)
    headers: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    html_body: str = ""


@dataclass
class SendReport:
    """What one batch did: rows claimed, sent, put back for a later try, failed for good, released."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    uncertain: int = 0
    server_unreachable: bool = False


@dataclass(frozen=True)
class StoredAttachment:
    """A file already in the default storage (a bulletin's PDF), attached to every row that names it."""

    name: str
    filename: str
    size: int
    mimetype: str = "application/pdf"


@dataclass(frozen=True)
class PreparedEmail:
    """One recipient's message, rendered by the caller (who substitutes per-person links itself)."""

    address: str
    language: str
    subject: str
    body: str
    html_body: str = ""
    headers: dict = field(default_factory=dict)


# --- queueing ---------------------------------------------------------------------------------


def render_email(template: str, context: dict, *, language: str) -> RenderedEmail:
    """Render `<template>_subject.txt`, `<template>.txt` and, if it exists, `<template>.html`.

    Plain-text parts are rendered with autoescaping off (an apostrophe stays an apostrophe); the
    subject is one line.
    """
    context = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject = one_line(render_plain_text(f"{template}_subject.txt", context))
        body = render_plain_text(f"{template}.txt", context)
        try:
            html_body = get_template(f"{template}.html").render(context)
        except TemplateDoesNotExist:
            html_body = ""
    return RenderedEmail(subject=subject, body=body, html_body=html_body)


def render_plain_text(template_name: str, context: dict) -> str:
    return get_template(template_name).template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    """Lines joined by one space; other spacing (a French non-breaking space) is kept."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def message_id_for(notice_key: str, address: str) -> str:
    """The same notice to the same address always gets the same Message-ID."""
    digest = hashlib.sha256(f"{notice_key}\n{address.lower()}".encode()).hexdigest()[:40]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or str(DNS_NAME)
    return f"<{digest}@{domain}>"


def queue_emails(
    recipients: Iterable[Recipient],
    *,
    about: str,
    key: str,
    template: str = "",
    context: dict | None = None,
    subject: str = "",
    body: str = "",
    html_body: str = "",
    headers: dict | None = None,
    from_email: str = "",
) -> int:
    """Write one outbox row per recipient not yet queued for the notice `key`; wakes the sender on commit.

    Give a `template` (rendered once per language, or per recipient who brings a context of their
    own) or a ready `subject` and `body`. Re-running with the same key queues nothing new. Returns
    the number of rows written.
    """
    shared: dict[str, RenderedEmail] = {}  # one rendering per language for what all recipients share
    written = 0
    with transaction.atomic():
        for recipient in recipients:
            if template:
                rendered = _render_for(recipient, template, context or {}, shared)
            else:
                rendered = RenderedEmail(subject=one_line(subject), body=body, html_body=html_body)
            row = {
                "language": recipient.language,
                "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
                "subject": rendered.subject,
                "body": rendered.body,
                "html_body": rendered.html_body,
                "headers": {**(headers or {}), **recipient.headers},
                "about": about,
            }
            written += _queue_one(checked_address(recipient.address), key=key, row=row)
        if written:
            transaction.on_commit(wake_sender)
    return written


def queue_email(to: str, *, language: str, about: str, key: str, **content) -> int:
    """Queue one email (see `queue_emails`); returns 1 if written, 0 if that notice was already queued."""
    return queue_emails([Recipient(to, language)], about=about, key=key, **content)


def queue_prepared_emails(
    emails: Iterable[PreparedEmail],
    *,
    about: str,
    key: str,
    attachment: StoredAttachment | None = None,
    at_most_once: bool = False,
    chunk_size: int = 1000,
) -> int:
    """Bulk-write one row per prepared email not yet queued for `key`; wakes the sender on commit.

    For large mailings: rows go in by INSERTs of `chunk_size` that skip an address already
    queued for the notice (addresses must be given as stored, lower case). Returns rows written.
    """
    check_attachment(attachment)
    queued = OutboundEmail.objects.filter(notice_key=key)
    with transaction.atomic():
        before = queued.count()
        chunk = []
        for email in emails:
            chunk.append(
                _prepared_row(email, key=key, about=about, attachment=attachment, at_most_once=at_most_once)
            )
            if len(chunk) >= chunk_size:
                OutboundEmail.objects.bulk_create(chunk, ignore_conflicts=True)
                chunk = []
        OutboundEmail.objects.bulk_create(chunk, ignore_conflicts=True)
        written = queued.count() - before
        # One sender per full batch, up to OUTBOX_PARALLEL_SENDERS: every free worker takes part
        # (SKIP LOCKED hands each its own rows).
        for _ in range(min(settings.OUTBOX_PARALLEL_SENDERS, -(-written // settings.OUTBOX_BATCH_SIZE))):
            transaction.on_commit(wake_sender)
    return written


def _prepared_row(email: PreparedEmail, *, key, about, attachment, at_most_once) -> OutboundEmail:
    address = checked_address(email.address)
    return OutboundEmail(
        to=address,
        language=email.language,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=one_line(email.subject),
        body=email.body,
        html_body=email.html_body,
        headers=email.headers,
        about=about,
        notice_key=key,
        message_id=message_id_for(key, address),
        attachment=attachment.name if attachment else "",
        attachment_name=attachment.filename if attachment else "",
        at_most_once=at_most_once,
    )


def check_attachment(attachment: StoredAttachment | None) -> None:
    """Refuse a file over OUTBOX_ATTACHMENT_MAX_BYTES: the caller links to it instead."""
    if attachment and attachment.size > settings.OUTBOX_ATTACHMENT_MAX_BYTES:
        raise ValueError(
            f"{attachment.filename} is {attachment.size} bytes, over OUTBOX_ATTACHMENT_MAX_BYTES: link to it."
        )


def _render_for(recipient: Recipient, template: str, context: dict, shared: dict) -> RenderedEmail:
    if recipient.context:
        return render_email(template, {**context, **recipient.context}, language=recipient.language)
    if recipient.language not in shared:
        shared[recipient.language] = render_email(template, context, language=recipient.language)
    return shared[recipient.language]


def checked_address(address: str) -> str:
    """`address` as one bare email address, or ValueError.

    A line break or a second address in `to` would otherwise reach the message's To header (where
    Django refuses it only at sending time, failing the row) or a NUL the database (which refuses
    the whole batch); one wrong address is the caller's mistake, said at once.
    """
    address = address.strip()
    try:
        validate_email(address)
        if len(address) > OutboundEmail._meta.get_field("to").max_length:  # the validator allows 320
            raise ValidationError("too long")
    except ValidationError as error:
        raise ValueError(f"The outbox sends to one email address at a time, not {address!r}.") from error
    return address


def _queue_one(address: str, *, key: str, row: dict) -> int:
    # Case-insensitive, as the Message-ID is: "Ana@…" and "ana@…" are one person, and two rows
    # would collide on the Message-ID and fail the whole batch.
    _, created = OutboundEmail.objects.get_or_create(
        notice_key=key,
        to__iexact=address,
        defaults={**row, "to": address, "message_id": message_id_for(key, address)},
    )
    return int(created)


def wake_sender(countdown: float | None = None) -> None:
    """Ask a worker to send what is due (now, or after `countdown` seconds)."""
    from .tasks import send_outbox_task

    if countdown and send_outbox_task.app.conf.task_always_eager:
        return  # eager tasks ignore countdowns: a retry would loop at once; the next queueing sends it
    send_outbox_task.apply_async(countdown=countdown)


# --- sending ----------------------------------------------------------------------------------


def send_due_emails(*, batch_size: int | None = None, max_batches: int = 100) -> int:
    """Send every due row, batch after batch; schedule a wake-up for the earliest retry. Returns rows sent.

    Safe to run in several workers at once: each batch claims its rows with SKIP LOCKED.
    """
    batch_size = batch_size or settings.OUTBOX_BATCH_SIZE
    sent, put_back = 0, False
    for _ in range(max_batches):
        report = send_queued_emails(batch_size=batch_size)
        sent += report.sent
        put_back = put_back or bool(report.retrying or report.released)
        if report.claimed < batch_size or report.server_unreachable:
            break
    else:
        wake_sender()  # more is due: continue in a fresh task rather than hold this one
    if put_back:  # only the run that put rows back schedules their retry; beat catches the rest
        _schedule_next_retry()
    return sent


def send_queued_emails(*, batch_size: int) -> SendReport:
    """Claim up to `batch_size` due rows and send them over one connection, marking each row on its own.

    Must run outside a transaction, so that each row's outcome is committed as soon as it is known.
    """
    with commits_not_flushed():
        return _send_batch(batch_size)


@contextlib.contextmanager
def commits_not_flushed():
    """On PostgreSQL, commit without waiting for the disk flush (`synchronous_commit = off`).

    A commit then costs a round trip instead of an fsync (0.3 ms against 3 ms here), which shortens
    the window between the end of a message's data and the row's mark. A worker's crash loses nothing
    (the database has the commit); only a crash of PostgreSQL itself may lose the last few hundred
    milliseconds of marks, and those messages are sent again with the same Message-ID.
    """
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _send_batch(batch_size: int) -> SendReport:
    rows = claim_due_emails(batch_size)
    report = SendReport(claimed=len(rows))
    if not rows:
        return report
    connection = get_connection(settings.OUTBOX_TRANSPORT, fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # no connection (or a refused login): the batch waits for a later try
        report.server_unreachable = True
        for row in rows:
            _count(report, record_failure(row, error, temporary=True))
        return report
    try:
        _send_rows(rows, connection, report)
    finally:
        _close_quietly(connection)
    return report


def claim_due_emails(limit: int) -> list[OutboundEmail]:
    """Mark up to `limit` due rows as being sent by this worker; rows locked by another are skipped."""
    now = timezone.now()
    with transaction.atomic():
        due = OutboundEmail.objects.due(now).select_for_update(skip_locked=True)
        rows = list(due.order_by("next_attempt_at", "pk")[:limit])
        claimed = OutboundEmail.objects.filter(pk__in=[row.pk for row in rows])
        claimed.update(status=Status.SENDING, claimed_at=now)
    for row in rows:
        row.status, row.claimed_at = Status.SENDING, now
    return rows


def _send_rows(rows: list[OutboundEmail], connection, report: SendReport) -> None:
    # Stop well before the claim expires, so `recover_stuck_emails` never hands a row of a live
    # batch to another worker.
    stop_at = time.monotonic() + settings.OUTBOX_CLAIM_TIMEOUT_SECONDS / 2
    files: dict[str, bytes] = {}  # a stored attachment is read once per batch, not once per message
    for index, row in enumerate(rows):
        if time.monotonic() > stop_at:
            report.released += release_claimed(rows[index:])
            return
        try:
            send_row(row, connection, files)
        except Exception as error:
            if row.handed_over_at and not isinstance(error, smtplib.SMTPResponseException):
                mark_uncertain(row, error)  # the server may have it: at most once means not again
                report.uncertain += 1
            else:
                _count(report, record_failure(row, error))
            if connection_lost(error):
                report.server_unreachable = True
                report.released += release_claimed(rows[index + 1 :], delay=retry_delay(1))
                return
        else:
            mark_sent(row)
            report.sent += 1


def send_row(row: OutboundEmail, connection, files: dict[str, bytes]) -> None:
    """Send one row's message; an at-most-once row is marked handed over before the data's end."""
    message = build_message(row, files)
    if not row.at_most_once:
        connection.send_messages([message])
        return
    smtp = getattr(connection, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        transmit(smtp, message, before_end=lambda: mark_handed_over(row))
    else:  # another transport (a file, memory): nothing to split, the mark comes first
        mark_handed_over(row)
        connection.send_messages([message])


def transmit(smtp: smtplib.SMTP, message: EmailMultiAlternatives, *, before_end) -> None:
    """smtplib's `sendmail` for one recipient, calling `before_end` just before the final "." line.

    Up to that line the server keeps nothing (RFC 5321: a transaction without its end is
    dropped), so a crash before it never delivers; after it, the server may have the message.
    Raises smtplib's exceptions as `sendmail` does.
    """
    sender = sanitize_address(message.from_email, message.encoding)
    recipient = sanitize_address(message.to[0], message.encoding)
    data = message.message().as_bytes(linesep="\r\n")
    smtp.ehlo_or_helo_if_needed()
    code, answer = smtp.mail(sender)
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = smtp.rcpt(recipient)
    if code not in (250, 251):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    code, answer = smtp.docmd("data")
    if code != 354:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, answer)
    smtp.send(dot_stuffed(data))
    before_end()
    smtp.send(b".\r\n")
    code, answer = smtp.getreply()
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, answer)


def dot_stuffed(data: bytes) -> bytes:
    """The message's lines as DATA carries them: a leading "." doubled, ending with CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    if code == 421:  # the server is closing the channel, as smtplib's sendmail handles it
        smtp.close()
    else:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.rset()


def mark_handed_over(row: OutboundEmail) -> None:
    """Commit that the message's end is about to reach the server: from now on it is never sent again."""
    row.handed_over_at = timezone.now()
    with db_connection.cursor() as cursor:
        cursor.execute(MARK_HANDED_OVER_SQL, [row.handed_over_at, row.pk])


MARK_HANDED_OVER_SQL = "UPDATE core_outboundemail SET handed_over_at = %s WHERE id = %s"


def mark_uncertain(row: OutboundEmail, error: Exception) -> None:
    """An at-most-once row whose server never answered after the hand-over: kept out of the queue."""
    row.status, row.claimed_at = Status.UNCERTAIN, None
    row.attempts += 1
    row.last_error = f"No answer after the message was handed over ({describe_error(error)})"[:2000]
    row.save(update_fields=["status", "claimed_at", "attempts", "last_error"])


def build_message(row: OutboundEmail, files: dict[str, bytes] | None = None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=[row.to],
        headers={
            **row.headers,
            "Message-ID": row.message_id,
            "Auto-Submitted": "auto-generated",
            "Content-Language": row.language,
        },
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    if row.attachment:
        files = {} if files is None else files
        if row.attachment not in files:
            with default_storage.open(row.attachment, "rb") as stored:
                files[row.attachment] = stored.read()
        message.attach(row.attachment_name, files[row.attachment], "application/pdf")
    return message


def mark_sent(row: OutboundEmail) -> None:
    """Commit the row as sent at once, in the shortest way we have: the window in which a crash
    causes a repeat lasts as long as this statement (one prepared UPDATE by primary key; the ORM's
    query building would more than double it, 1.2 ms against 0.5 ms under load here)."""
    with db_connection.cursor() as cursor:
        cursor.execute(MARK_SENT_SQL, [Status.SENT, timezone.now(), row.pk])


MARK_SENT_SQL = (
    "UPDATE core_outboundemail SET status = %s, sent_at = %s, attempts = attempts + 1, "
    "claimed_at = NULL WHERE id = %s"
)


def record_failure(row: OutboundEmail, error: Exception, *, temporary: bool | None = None) -> str:
    """Put the row back for a later try (temporary failure, attempts left) or fail it; returns its status."""
    row.attempts += 1
    row.last_error = describe_error(error)[:2000]
    row.claimed_at = row.handed_over_at = None  # a refused message was not delivered: it may go again
    if temporary is None:
        temporary = is_temporary(error)
    if temporary and row.attempts < settings.OUTBOX_MAX_ATTEMPTS:
        row.status = Status.QUEUED
        row.next_attempt_at = timezone.now() + retry_delay(row.attempts)
    else:
        row.status = Status.FAILED
    row.save(
        update_fields=["attempts", "last_error", "claimed_at", "handed_over_at", "status", "next_attempt_at"]
    )
    return row.status


def release_claimed(rows: list[OutboundEmail], *, delay: timedelta = timedelta(0)) -> int:
    """Hand claimed rows that were not tried back to the queue, without counting an attempt."""
    return OutboundEmail.objects.filter(pk__in=[row.pk for row in rows], status=Status.SENDING).update(
        status=Status.QUEUED, claimed_at=None, next_attempt_at=timezone.now() + delay
    )


def retry_delay(attempts: int) -> timedelta:
    """Doubles with each attempt, from OUTBOX_RETRY_BASE_SECONDS up to OUTBOX_RETRY_MAX_SECONDS."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _count(report: SendReport, status: str) -> None:
    if status == Status.QUEUED:
        report.retrying += 1
    else:
        report.failed += 1


def _close_quietly(connection) -> None:
    with contextlib.suppress(Exception):  # the outcome of every row is already recorded
        connection.close()


def _schedule_next_retry() -> None:
    next_at = OutboundEmail.objects.filter(status=Status.QUEUED).aggregate(at=Min("next_attempt_at"))["at"]
    if next_at is not None:
        wake_sender(countdown=max((next_at - timezone.now()).total_seconds(), 0) + 0.1)


# --- recovery and the secretariat's retry -----------------------------------------------------


def recover_stuck_emails() -> int:
    """Put back in the queue rows claimed longer than OUTBOX_CLAIM_TIMEOUT_SECONDS ago (their worker died).

    A row whose message the server accepted just before the crash is sent again, with the same
    Message-ID; an at-most-once row already handed over is marked uncertain instead. Returns the
    number of rows put back.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
    stuck = OutboundEmail.objects.stuck(cutoff)
    stuck.filter(at_most_once=True, handed_over_at__isnull=False).update(
        status=Status.UNCERTAIN,
        claimed_at=None,
        last_error="The worker stopped after handing the message over; not sent again (at most once).",
    )
    return stuck.update(status=Status.QUEUED, claimed_at=None, next_attempt_at=now)


def wake_sender_if_due() -> bool:
    due = OutboundEmail.objects.due().exists()
    if due:
        wake_sender()
    return due


def retry_failed_emails(emails) -> int:
    """Queue failed rows of `emails` again with a fresh count of attempts; wakes the sender on commit."""
    with transaction.atomic():
        count = emails.filter(status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
        )
        if count:
            transaction.on_commit(wake_sender)
    return count
