"""Celery tasks of the initiatives app: thin wrappers that call one function."""

from celery import shared_task
from django.utils import timezone

from .notifications import queue_stale_reminders


@shared_task
def send_stale_reminders_task() -> int:
    """Queue in the outbox one reminder per country listing its out-of-date records (see
    `queue_stale_reminders`); the outbox sends them. Re-running the same day queues nothing new."""
    return queue_stale_reminders(timezone.localdate())


@shared_task
def render_bodies_task(initiative_id: int) -> int:
    """Render the public page body of a changed initiative in every language (see public_detail)."""
    from .public_detail import render_bodies

    return render_bodies(initiative_id)
