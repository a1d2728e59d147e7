"""Celery tasks of offers and requests: thin wrappers that call one function."""

from celery import shared_task

from .matching import match_record, recompute_all
from .models import CooperationOffer, CooperationRequest

MODELS = {"offer": CooperationOffer, "request": CooperationRequest}


@shared_task
def match_record_task(kind: str, pk: int) -> int:
    """Recompute one offer's or request's suggestions after it was saved; returns new pairs."""
    record = MODELS[kind].objects.filter(pk=pk).first()
    if record is None:
        return 0
    return match_record(record).created


@shared_task
def recompute_matches_task() -> int:
    """Recompute every suggestion (nightly, see CELERY_BEAT_SCHEDULE); returns new pairs."""
    return recompute_all().created
