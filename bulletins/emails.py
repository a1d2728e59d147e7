"""The bulletin as email: one message per confirmed subscriber, in their language, with the PDF
attached (or linked when over OUTBOX_ATTACHMENT_MAX_BYTES), queued in the outbox in bulk."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import outbox
from core.models import OutboundEmail

from . import links
from .models import Bulletin, Delivery, Subscriber

# Rendered once per language with these in place of the per-person links, then substituted:
# rendering 10,000 templates would cost more than the whole send.
UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/"
PREFERENCES_MARK = "https://preferences.invalid/"


def queue_bulletin_deliveries(bulletin: Bulletin) -> int:
    """Write the outbox rows and Delivery rows of every confirmed subscriber not yet served."""
    pdfs = bulletin.stored_pdfs()
    queued = 0
    for language in pdfs:
        subscribers = (
            Subscriber.objects.confirmed().filter(language=language).exclude(deliveries__bulletin=bulletin)
        )
        subscribers = list(subscribers.only("pk", "email", "language"))
        if subscribers:
            queued += queue_language(bulletin, language, pdfs[language], subscribers)
    return queued


def queue_language(bulletin: Bulletin, language: str, document, subscribers: list[Subscriber]) -> int:
    attach = document.size <= settings.OUTBOX_ATTACHMENT_MAX_BYTES
    filename = bulletin.pdf_filename(language)
    attachment = outbox.StoredAttachment(document.file.name, filename, document.size) if attach else None
    rendered = outbox.render_email(
        "bulletins/email/bulletin", email_context(bulletin, language, attach), language=language
    )
    key = bulletin.document_key
    outbox.queue_prepared_emails(
        (personal(rendered, subscriber) for subscriber in subscribers),
        about=key,
        key=key,
        attachment=attachment,
        at_most_once=True,
    )
    emails = dict(
        OutboundEmail.objects.filter(notice_key=key, to__in=[s.email for s in subscribers]).values_list(
            "to", "pk"
        )
    )
    deliveries = [
        Delivery(bulletin=bulletin, subscriber=s, language=language, email_id=emails[s.email])
        for s in subscribers
    ]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    return len(deliveries)


def email_context(bulletin: Bulletin, language: str, attached: bool) -> dict:
    with translation.override(language):
        pdf_url = settings.SITE_URL + reverse("bulletins:pdf", args=[bulletin.year, language])
        html_url = settings.SITE_URL + bulletin.get_absolute_url()
        introduction = getattr(bulletin, f"introduction_{language}") or bulletin.introduction
    return {
        "bulletin": bulletin,
        "year": bulletin.year,
        "introduction": introduction,
        "attached": attached,
        "pdf_url": pdf_url,
        "html_url": html_url,
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "preferences_url": PREFERENCES_MARK,
    }


def personal(rendered: outbox.RenderedEmail, subscriber: Subscriber) -> outbox.PreparedEmail:
    """The language's message with this subscriber's signed links and RFC 8058 headers."""
    unsubscribe_url = links.link_for(subscriber, links.UNSUBSCRIBE)
    preferences_url = links.link_for(subscriber, links.PREFERENCES)

    def fill(text: str) -> str:
        return text.replace(UNSUBSCRIBE_MARK, unsubscribe_url).replace(PREFERENCES_MARK, preferences_url)

    return outbox.PreparedEmail(
        address=subscriber.email,
        language=subscriber.language,
        subject=rendered.subject,
        body=fill(rendered.body),
        html_body=fill(rendered.html_body),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
