"""Signed links of a subscription (confirm, preferences, unsubscribe): no login, no stored token.

A link names the subscriber and a digest of their address, signed with SECRET_KEY and a salt per
purpose, so a link for one purpose never works for another. Only the confirmation link expires.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Subscriber

CONFIRM = "bulletins.confirm"
PREFERENCES = "bulletins.preferences"
UNSUBSCRIBE = "bulletins.unsubscribe"
URL_NAMES = {
    CONFIRM: "bulletins:confirm",
    PREFERENCES: "bulletins:preferences",
    UNSUBSCRIBE: "bulletins:unsubscribe",
}


def address_digest(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def make_token(subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps([subscriber.pk, address_digest(subscriber.email)], salt=purpose)


def subscriber_for_token(token: str, purpose: str) -> Subscriber | None:
    """The subscriber a valid, unexpired token names, or None (tampered, expired, address changed)."""
    max_age = settings.BULLETINS_CONFIRMATION_MAX_AGE_SECONDS if purpose == CONFIRM else None
    try:
        pk, digest = signing.loads(token, salt=purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None or address_digest(subscriber.email) != digest:
        return None
    return subscriber


def link_for(subscriber: Subscriber, purpose: str, language: str | None = None) -> str:
    """The absolute link for `purpose`, in the subscriber's language unless told otherwise."""
    with translation.override(language or subscriber.language):
        path = reverse(URL_NAMES[purpose], args=[make_token(subscriber, purpose)])
    return f"{settings.SITE_URL}{path}"
