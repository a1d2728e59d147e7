"""Celery tasks of the outbox: thin wrappers around `core.outbox`."""

from celery import shared_task

from . import outbox


@shared_task
def send_outbox_task() -> int:
    """Send every due email of the outbox; returns how many were sent.

    Any number may run at once and re-running is harmless: rows are claimed with SKIP LOCKED and
    only rows in the queue are sent.
    """
    return outbox.send_due_emails()


@shared_task
def recover_stuck_emails_task() -> int:
    """Run by beat: requeue rows left claimed by a dead worker, then wake a sender if anything is due."""
    recovered = outbox.recover_stuck_emails()
    outbox.wake_sender_if_due()
    return recovered
