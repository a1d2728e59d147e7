"""Celery tasks of the initiatives app: thin wrappers that load rows and call one function."""

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Initiative, StateChange, stale_after
from .notifications import country_recipients, send_in_languages

TEMPORARY_ERRORS = (ConnectionError, TimeoutError, OSError)


@shared_task(autoretry_for=TEMPORARY_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=5)
def notify_state_change_task(state_change_id: int) -> int:
    """Email the country's focal points (and the author) that an initiative was published or returned."""
    change = StateChange.objects.select_related("initiative__lead_country", "initiative__created_by").get(
        pk=state_change_id
    )
    recipients = country_recipients(change.initiative.lead_country_id, also=change.initiative.created_by)
    return send_in_languages(recipients, f"initiatives/email/{change.to_state}", {"change": change})


@shared_task(autoretry_for=TEMPORARY_ERRORS, retry_backoff=60, max_retries=3)
def send_stale_reminders_task() -> int:
    """One email per country listing its out-of-date records; each record at most once per period.

    Rows are claimed under a lock and marked in the same transaction as the sending, so a failure
    leaves them for the next run and a re-run sends nothing twice.
    """
    today = timezone.localdate()
    due = Initiative.objects.stale(today).filter(
        Q(stale_reminder_sent_on__isnull=True) | Q(stale_reminder_sent_on__lte=today - stale_after())
    )
    sent = 0
    for country_id in due.values_list("lead_country_id", flat=True).distinct().order_by():
        with transaction.atomic():
            records = list(
                due.filter(lead_country_id=country_id)
                .select_for_update(skip_locked=True)
                .order_by("last_verified_on")
            )
            recipients = country_recipients(country_id)
            if not records or not recipients:
                continue
            send_in_languages(recipients, "initiatives/email/stale", {"initiatives": records})
            Initiative.objects.filter(pk__in=[r.pk for r in records]).update(stale_reminder_sent_on=today)
            sent += 1
    return sent
