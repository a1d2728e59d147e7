"""An email backend that writes to the outbox, so that Django's own mail (password reset,
`send_mail`, `mail_admins`) is queued, retried and recorded like every other email."""

import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.html import strip_tags

from .outbox import Recipient, queue_emails


class OutboxEmailBackend(BaseEmailBackend):
    """`EMAIL_BACKEND`: each message becomes one outbox row per recipient, in the active language.

    The outbox sends them with `OUTBOX_TRANSPORT` (what `EMAIL_URL` names). Attachments are
    refused rather than dropped: nothing sends one through Django's functions today.
    """

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            try:
                queue_message(message)
            except Exception:
                if not self.fail_silently:  # mail_admins asks for silence: a logging path must not raise
                    raise
            else:
                queued += 1
        return queued


def queue_message(message) -> int:
    """Queue a Django `EmailMessage` as outbox rows; returns the number of rows written."""
    if message.attachments:
        raise ValueError("The outbox does not carry attachments: queue the stored file's link instead.")
    body, html_body = message.body, ""
    if message.content_subtype == "html":
        body, html_body = strip_tags(message.body), message.body
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html_body = content
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"mail:{uuid.uuid4().hex}"  # an ad hoc message: each send is a notice of its own
    return queue_emails(
        [Recipient(address, language) for address in message.recipients()],
        about="django.core.mail",
        key=key,
        subject=message.subject,
        body=body,
        html_body=html_body,
        headers=message.extra_headers,
        from_email=message.from_email,
    )
