"""Site-wide Celery tasks."""

from celery import shared_task


@shared_task
def ping_task(payload: str = "ping") -> str:
    """Answer with the payload reversed: proves a worker picked the task up and ran our code."""
    return payload[::-1]
