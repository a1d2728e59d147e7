"""Every change of the bulletins app: subscriptions (double opt-in), bulletins from draft to sent.

The subscribe form, the admin, the import and the Celery tasks all call these functions.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from network.models import Country, Theme

from . import links
from .models import Bulletin, Subscriber

NOTICE_INTERVAL = timedelta(minutes=10)  # at most one confirmation email per address in that time
LANGUAGES = [code for code, _name in settings.LANGUAGES]


# --- subscriptions ----------------------------------------------------------------------------


def subscribe(
    email: str, *, language: str, countries: Iterable[Country] = (), themes: Iterable[Theme] = ()
) -> None:
    """Record a subscription request and email a confirmation link (or, if already confirmed, a
    reminder with the preferences link). Says nothing back: the caller's answer is always the same."""
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email.strip().lower(), defaults={"language": language}
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            send_subscription_notice(subscriber, "bulletins/email/already_subscribed", links.PREFERENCES)
            return
        subscriber.language, subscriber.status = language, Subscriber.Status.UNCONFIRMED
        subscriber.save(update_fields=["language", "status", "updated_at"])
        subscriber.countries.set(countries)
        subscriber.themes.set(themes)
        send_subscription_notice(subscriber, "bulletins/email/confirm", links.CONFIRM)


def send_subscription_notice(subscriber: Subscriber, template: str, purpose: str) -> bool:
    """Queue a confirmation (or reminder) email with its signed link, unless one left in the last minutes."""
    now = timezone.now()
    if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < NOTICE_INTERVAL:
        return False
    subscriber.confirmations_sent += 1
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmations_sent", "confirmation_sent_at", "updated_at"])
    outbox.queue_email(
        subscriber.email,
        language=subscriber.language,
        about=f"bulletins.subscriber:{subscriber.pk}",
        key=f"bulletins.subscription:{subscriber.pk}:{subscriber.confirmations_sent}",
        template=template,
        context={
            "link": links.link_for(subscriber, purpose),
            "unsubscribe_url": links.link_for(subscriber, links.UNSUBSCRIBE),
            "valid_days": settings.BULLETINS_CONFIRMATION_MAX_AGE_SECONDS // 86400,
        },
    )
    return True


def confirm_subscription(subscriber: Subscriber) -> bool:
    """Confirm a waiting subscription; True if it was waiting. An unsubscribed address stays out."""
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.UNCONFIRMED).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(), updated_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return bool(updated)


def update_preferences(subscriber: Subscriber, *, language: str, countries, themes) -> None:
    """Change a subscriber's language and interests."""
    with transaction.atomic():
        subscriber.language = language
        subscriber.save(update_fields=["language", "updated_at"])
        subscriber.countries.set(countries)
        subscriber.themes.set(themes)


def unsubscribe(subscriber: Subscriber) -> None:
    """Stop every email to this subscriber at once, bulletins already queued for them included."""
    with transaction.atomic():
        now = timezone.now()
        Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now, updated_at=now
        )
        OutboundEmail.objects.filter(
            bulletin_delivery__subscriber=subscriber, status=OutboundEmail.Status.QUEUED
        ).update(status=OutboundEmail.Status.FAILED, last_error="Unsubscribed before it was sent.")
    subscriber.refresh_from_db()


@dataclass
class ImportReport:
    created: int = 0
    already_known: int = 0
    errors: list[str] = field(default_factory=list)


def import_subscribers(rows: Iterable[dict]) -> ImportReport:
    """Create unconfirmed subscribers from rows (email, language, countries as ISO codes) and email
    each one a confirmation link; known addresses are left as they are. All or nothing."""
    report = ImportReport()
    codes = {c.code: c for c in Country.objects.all()}
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            email = (row.get("email") or "").strip().lower()
            language = (row.get("language") or settings.LANGUAGE_CODE).strip().lower()
            wanted = [
                code.strip().upper() for code in (row.get("countries") or "").replace(",", ";").split(";")
            ]
            problem = import_problem(email, language, [code for code in wanted if code], codes)
            if problem:
                report.errors.append(f"{line}: {problem}")
                continue
            subscriber, created = Subscriber.objects.get_or_create(
                email=email, defaults={"language": language, "source": Subscriber.Source.IMPORT}
            )
            if not created:
                report.already_known += 1
                continue
            subscriber.countries.set([codes[code] for code in wanted if code])
            send_subscription_notice(subscriber, "bulletins/email/confirm", links.CONFIRM)
            report.created += 1
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.already_known = 0
    return report


def import_problem(email: str, language: str, codes: list[str], known: dict) -> str:
    try:
        outbox.checked_address(email)
    except ValueError:
        return f"{email or '(empty)'} is not an email address"
    if language not in LANGUAGES:
        return f"language {language!r} is not one of {', '.join(LANGUAGES)}"
    unknown = [code for code in codes if code not in known]
    return f"unknown country codes {', '.join(unknown)}" if unknown else ""


# --- bulletins: draft, build, send ------------------------------------------------------------


def create_bulletin(year: int) -> Bulletin:
    """The draft bulletin of `year` (created if missing)."""
    bulletin, _created = Bulletin.objects.get_or_create(year=year)
    return bulletin


def create_annual_draft_if_due(today: date) -> Bulletin | None:
    """From BULLETINS_DRAFT_DATE on, the previous year's draft exists; returns it when created now."""
    month, day = (int(part) for part in settings.BULLETINS_DRAFT_DATE.split("-"))
    if today < date(today.year, month, day) or Bulletin.objects.filter(year=today.year - 1).exists():
        return None
    return create_bulletin(today.year - 1)


def build_bulletin(bulletin: Bulletin) -> int:
    """Start a new build (its PDFs in four languages, by a worker); returns the build number.

    Refused once sending has begun: the PDFs sent must stay the ones in the archive.
    """
    from .tasks import build_bulletin_task

    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.status in (Bulletin.Status.SENDING, Bulletin.Status.SENT):
            raise ValueError("This bulletin is being sent or was sent: it is not built again.")
        locked.build_number += 1
        locked.status = Bulletin.Status.DRAFT
        locked.save(update_fields=["build_number", "status"])
        number = locked.build_number
        transaction.on_commit(lambda: build_bulletin_task.delay(bulletin.pk, number))
    bulletin.refresh_from_db()
    return number


def finish_build(bulletin: Bulletin, build_number: int) -> bool:
    """Mark the bulletin built once the four PDFs of `build_number` are stored; True if it is."""
    if bulletin.build_number != build_number or set(bulletin.stored_pdfs()) != set(LANGUAGES):
        return False
    updated = Bulletin.objects.filter(pk=bulletin.pk, build_number=build_number, status=Bulletin.Status.DRAFT)
    return bool(updated.update(status=Bulletin.Status.BUILT, built_at=timezone.now()))


def send_bulletin(bulletin: Bulletin) -> int:
    """Queue the bulletin for every confirmed subscriber, once each, in their language; wakes the sender.

    Safe to call twice: a delivery is unique per bulletin and subscriber. Returns deliveries queued.
    """
    from .emails import queue_bulletin_deliveries

    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.status not in (Bulletin.Status.BUILT, Bulletin.Status.SENDING):
            raise ValueError("Only a built bulletin is sent.")
        locked.status = Bulletin.Status.SENDING
        locked.sending_started_at = locked.sending_started_at or timezone.now()
        locked.save(update_fields=["status", "sending_started_at"])
        queued = queue_bulletin_deliveries(locked)
    bulletin.refresh_from_db()
    return queued


def finish_sending(bulletin: Bulletin) -> bool:
    """Mark a bulletin sent once none of its deliveries waits in the outbox; True if it was marked."""
    waiting = OutboundEmail.objects.filter(
        bulletin_delivery__bulletin=bulletin,
        status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING],
    )
    if bulletin.status != Bulletin.Status.SENDING or waiting.exists():
        return False
    updated = Bulletin.objects.filter(pk=bulletin.pk, status=Bulletin.Status.SENDING)
    return bool(updated.update(status=Bulletin.Status.SENT, sent_at=timezone.now()))
