"""Reads of the bulletins app that span models: recipient and delivery counts for the admin."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from core.models import OutboundEmail
from network.models import Country, Theme

from .models import Bulletin, Subscriber


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int
    pending: int
    failed: int
    uncertain: int

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.failed + self.uncertain


def delivery_counts(bulletin: Bulletin) -> DeliveryCounts:
    """Sent, pending (queued or being sent), failed and uncertain deliveries of a bulletin, in one query."""
    Status = OutboundEmail.Status
    counts = OutboundEmail.objects.filter(bulletin_delivery__bulletin=bulletin).aggregate(
        sent=Count("pk", filter=Q(status=Status.SENT)),
        pending=Count("pk", filter=Q(status__in=[Status.QUEUED, Status.SENDING])),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        uncertain=Count("pk", filter=Q(status=Status.UNCERTAIN)),
    )
    return DeliveryCounts(**counts)


def recipients_by_language() -> list[tuple[str, str, int]]:
    """Confirmed subscribers per language: (code, name, count), every language listed."""
    counts = dict(Subscriber.objects.confirmed().values_list("language").annotate(n=Count("pk")))
    return [(code, name, counts.get(code, 0)) for code, name in settings.LANGUAGES]


def recipients_by_interest() -> dict[str, list[tuple[str, int]]]:
    """Confirmed subscribers per country and per theme of interest (segments), largest first."""
    confirmed = Q(subscriber__status=Subscriber.Status.CONFIRMED)

    def segment(model, relation):
        through = getattr(Subscriber, relation).through
        field = model._meta.model_name
        rows = through.objects.filter(confirmed).values(field).annotate(n=Count("pk")).order_by("-n")
        labels = {item.pk: str(item) for item in model.objects.filter(pk__in=[row[field] for row in rows])}
        return [(labels[row[field]], row["n"]) for row in rows]

    return {"countries": segment(Country, "countries"), "themes": segment(Theme, "themes")}
