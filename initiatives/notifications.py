"""Emails about initiatives, written in each recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from network.models import FocalPoint


def country_recipients(country_id, *, also=None) -> dict[str, list[str]]:
    """Email addresses of a country's focal points (and `also`), grouped by language."""
    by_language: dict[str, set[str]] = {}
    for focal_point in FocalPoint.objects.filter(country_id=country_id, user__is_active=True).select_related(
        "user"
    ):
        if focal_point.user.email:
            by_language.setdefault(focal_point.language, set()).add(focal_point.user.email)
    if also is not None and also.email and not any(also.email in s for s in by_language.values()):
        language = getattr(getattr(also, "focal_point", None), "language", settings.LANGUAGE_CODE)
        by_language.setdefault(language, set()).add(also.email)
    return {language: sorted(addresses) for language, addresses in by_language.items()}


def send_in_languages(recipients: dict[str, list[str]], template: str, context: dict) -> int:
    """Render subject and body once per language and send one message per language group."""
    sent = 0
    for language, addresses in recipients.items():
        with translation.override(language):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}.txt", {**context, "SITE_URL": settings.SITE_URL})
        EmailMessage(subject, body, to=addresses).send()
        sent += len(addresses)
    return sent
