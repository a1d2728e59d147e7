"""Celery tasks of the bulletins: thin wrappers around the services; safe to run again."""

from celery import chord, shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .models import Bulletin
from .pdf import build_bulletin_pdf


@shared_task
def build_bulletin_task(bulletin_pk: int, build_number: int) -> None:
    """Render the four languages in parallel (a chord of one task per language), then mark the build."""
    languages = [code for code, _name in settings.LANGUAGES]
    chord(build_bulletin_language_task.si(bulletin_pk, build_number, code) for code in languages)(
        finish_build_task.si(bulletin_pk, build_number)
    )


@shared_task
def build_bulletin_language_task(bulletin_pk: int, build_number: int, language: str) -> int | None:
    """Store one language's PDF of that build (skipped if a newer build started); returns its size."""
    bulletin = Bulletin.objects.get(pk=bulletin_pk)
    if bulletin.build_number != build_number:
        return None
    return build_bulletin_pdf(bulletin, language).size


@shared_task
def finish_build_task(bulletin_pk: int, build_number: int) -> bool:
    return services.finish_build(Bulletin.objects.get(pk=bulletin_pk), build_number)


@shared_task
def create_annual_draft_task() -> int | None:
    """Run by beat: create last year's draft from BULLETINS_DRAFT_DATE on (once; re-runs find it)."""
    bulletin = services.create_annual_draft_if_due(timezone.localdate())
    return bulletin.year if bulletin else None


@shared_task
def finish_sending_task() -> int:
    """Run by beat: mark sent the bulletins whose deliveries have all left the queue."""
    sending = Bulletin.objects.filter(status=Bulletin.Status.SENDING)
    return sum(services.finish_sending(bulletin) for bulletin in sending)
