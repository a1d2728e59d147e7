"""Celery tasks of the meetings app: thin wrappers that call one service."""

from celery import shared_task
from django.utils import timezone

from .services import queue_meeting_reminders


@shared_task
def send_meeting_reminders_task() -> int:
    """Queue a reminder to each seated delegate of meetings starting soon (see `queue_meeting_reminders`).

    Each delegate is reminded once: re-running queues nothing new. Returns the number queued.
    """
    return queue_meeting_reminders(timezone.localdate())
