"""Emails about initiatives, queued in the outbox in each recipient's language."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from core.outbox import Recipient, queue_emails
from network.models import FocalPoint

from .models import Initiative, StateChange, stale_after


def country_recipients(country_id, *, also=None) -> list[Recipient]:
    """A country's active focal points (and `also`), each with the language they read."""
    recipients = {
        focal_point.user.email: Recipient(focal_point.user.email, focal_point.language)
        for focal_point in FocalPoint.objects.filter(
            country_id=country_id, user__is_active=True
        ).select_related("user")
        if focal_point.user.email
    }
    if also is not None and also.email and also.email not in recipients:
        language = getattr(getattr(also, "focal_point", None), "language", settings.LANGUAGE_CODE)
        recipients[also.email] = Recipient(also.email, language)
    return sorted(recipients.values(), key=lambda recipient: recipient.address)


def queue_state_change_notice(change: StateChange) -> int:
    """Queue the "published" or "returned" email to the country's focal points and the author."""
    initiative = change.initiative
    notice = f"initiatives.statechange:{change.pk}"
    return queue_emails(
        country_recipients(initiative.lead_country_id, also=initiative.created_by),
        template=f"initiatives/email/{change.to_state}",
        context={"change": change},
        about=notice,
        key=notice,
    )


def queue_stale_reminders(today: date) -> int:
    """Queue one email per country listing its out-of-date records; each record at most once per period.

    Records are claimed under a lock and marked in the transaction that queues the email, so a
    re-run queues nothing twice. Returns the number of countries reminded.
    """
    due = Initiative.objects.stale(today).filter(
        Q(stale_reminder_sent_on__isnull=True) | Q(stale_reminder_sent_on__lte=today - stale_after())
    )
    reminded = 0
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
            queue_emails(
                recipients,
                template="initiatives/email/stale",
                context={"initiatives": records},
                about=f"network.country:{country_id}",
                key=f"initiatives.stale:{country_id}:{today.isoformat()}",
            )
            Initiative.objects.filter(pk__in=[r.pk for r in records]).update(stale_reminder_sent_on=today)
            reminded += 1
    return reminded
