"""Emails about matches between offers and requests, queued in the outbox."""

from core.outbox import queue_emails
from initiatives.notifications import country_recipients

from .models import CooperationMatch


def match_notice_key(match: CooperationMatch) -> str:
    """One notice per pair, ever: the outbox refuses a second row with the same key and address."""
    return f"exchanges.match:{match.offer_id}-{match.request_id}"


def queue_new_match_notice(match: CooperationMatch) -> int:
    """Tell the focal points of both countries that their offer and request fit; returns rows queued."""
    match = CooperationMatch.objects.select_related("offer__country", "request__country").get(pk=match.pk)
    recipients = {
        r.address: r
        for country_id in (match.offer.country_id, match.request.country_id)
        for r in country_recipients(country_id)
    }
    return queue_emails(
        sorted(recipients.values(), key=lambda r: r.address),
        template="exchanges/email/new_match",
        context={"match": match, "offer": match.offer, "request": match.request},
        about=f"exchanges.cooperationmatch:{match.pk}",
        key=match_notice_key(match),
    )
