"""Rows the ground floor keeps for every app: the email outbox, per-value counts of search catalogues."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued rows whose time has come, oldest first."""
        return self.filter(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now or timezone.now())

    def stuck(self, claimed_before):
        """Rows claimed by a worker that has not finished them in time (it died or hangs)."""
        return self.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=claimed_before)


class OutboundEmail(models.Model):
    """One email to one recipient, rendered in their language, written before it is sent.

    `notice_key` names the notice ("initiatives.statechange:42"); with the recipient it is unique,
    so the same notice is never queued twice for the same person. The Message-ID is derived from
    the two, so a message sent again after a crash carries the same Message-ID as the first.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        # An at-most-once row whose worker died after handing the message's end to the server
        # and before the answer was recorded: not sent again, shown for the secretariat to check.
        UNCERTAIN = "uncertain", _("sent, unconfirmed")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10)
    from_email = models.CharField(_("sender"), max_length=254)
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField(_("plain text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    about = models.CharField(
        _("about"), max_length=200, help_text=_("What the email is about, as app.model:id.")
    )
    notice_key = models.CharField(_("notice"), max_length=200)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("server's last answer"), blank=True)
    attachment = models.CharField(
        _("attachment"), max_length=255, blank=True, help_text=_("A stored file's name, attached when sent.")
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=120, blank=True)
    at_most_once = models.BooleanField(
        _("at most once"),
        default=False,
        help_text=_("Never sent again once handed over to the server, even after a worker's crash."),
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice_key", "to"], name="outbound_email_once_per_notice"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbound_email_due")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class FacetCount(models.Model):
    """How many published records of a catalogue carry one facet value (`facet:value`; the empty
    key counts the records). Kept by core.search.counters on each write, so that the search page
    with no query and no filter never scans the table."""

    catalogue = models.CharField(max_length=60)
    key = models.TextField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "key"], name="unique_facet_count")]

    def __str__(self):
        return f"{self.catalogue} {self.key}: {self.count}"


def rendered_document_path(document, filename):
    return f"documents/{document.key.replace(':', '/')}/{document.language}/{filename}"


class RenderedDocumentQuerySet(models.QuerySet):
    def delete(self):
        """Deleting rows deletes their files too (bulk deletes skip the model's delete)."""
        for document in self:
            document.file.delete(save=False)
        return super().delete()


class RenderedDocument(models.Model):
    """A PDF rendered once by `core.pdf.stored_pdf` for one document, language and content version."""

    key = models.CharField(_("document"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    version = models.CharField(_("version"), max_length=64)
    file = models.FileField(_("file"), upload_to=rendered_document_path, max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    objects = RenderedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(fields=["key", "language", "version"], name="unique_rendered_document")
        ]

    def __str__(self):
        return f"{self.key} [{self.language}] {self.version}"
