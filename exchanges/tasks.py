"""Celery tasks of cooperation projects (autodiscovered; the offers' tasks are in offer_tasks.py)."""

from celery import shared_task
from django.utils import timezone

from .project_notifications import queue_due_followups


@shared_task
def send_project_followups_task() -> int:
    """Queue the 6- and 12-month follow-up questionnaires that are due (see `queue_due_followups`).

    Run daily by beat; re-running queues nothing twice (the project records which were sent, and the
    outbox key names the project and period).
    """
    return queue_due_followups(timezone.localdate())
