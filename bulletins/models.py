"""Subscribers (double opt-in), annual bulletins and one delivery per bulletin and subscriber."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import OutboundEmail, RenderedDocument
from network.models import Country, Theme

# Whole public pages of the bulletins (core.pagecache): bumped by any write to a bulletin.
PAGES_VERSION_KEY = "pages:bulletins"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """An email address that asked for the bulletin; it receives one only once confirmed."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("subscribe form")
        IMPORT = "import", _("imported")

    email = models.EmailField(_("email address"), unique=True, help_text=_("Stored in lower case."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries of interest"), related_name="+", blank=True
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes of interest"), related_name="+", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FORM)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField(_("confirmation emails sent"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "language"], name="subscriber_status_language")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class BulletinQuerySet(models.QuerySet):
    def published(self):
        """Bulletins whose PDFs are built: the public archive."""
        return self.filter(status__in=[Bulletin.Status.BUILT, Bulletin.Status.SENDING, Bulletin.Status.SENT])


class Bulletin(models.Model):
    """The annual bulletin of one year: an editorial introduction and the platform's figures, as four PDFs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        BUILT = "built", _("built")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("editorial introduction"), blank=True)
    outlook = models.TextField(_("what comes next"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    build_number = models.PositiveIntegerField(
        _("build"), default=0, help_text=_("Raised by each build: the version of the stored PDFs.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000), name="bulletin_year_from_2000")
        ]

    def __str__(self):
        return _("Annual bulletin %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("bulletins:detail", args=[self.year])

    @property
    def document_key(self) -> str:
        return f"bulletins.bulletin:{self.pk}"

    @property
    def version(self) -> str:
        return f"build-{self.build_number}"

    def pdf_filename(self, language: str) -> str:
        return f"ricomi-bulletin-{self.year}-{language}.pdf"

    def stored_pdfs(self) -> dict[str, RenderedDocument]:
        """The PDFs of the current build, by language."""
        documents = RenderedDocument.objects.filter(key=self.document_key, version=self.version)
        return {document.language: document for document in documents}


class Delivery(models.Model):
    """One bulletin to one subscriber: its outbox row says whether it is sent, pending or failed."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(_("language"), max_length=8)
    email = models.OneToOneField(OutboundEmail, on_delete=models.PROTECT, related_name="bulletin_delivery")
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "subscriber"], name="one_delivery_per_subscriber"),
        ]

    def __str__(self):
        return f"{self.bulletin} → {self.subscriber}"
