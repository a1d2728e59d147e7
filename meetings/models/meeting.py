"""A meeting, its agenda (sessions) and its documents and minutes per language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.documents import validate_document
from core.files import upload_path
from network.models import Country


def language_choices():
    return list(settings.LANGUAGES)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, today=None):
        return self.filter(ends_on__gte=today or timezone.localdate()).order_by("starts_on", "pk")

    def past(self, today=None):
        return self.filter(ends_on__lt=today or timezone.localdate()).order_by("-starts_on", "-pk")


class Meeting(models.Model):
    """A technical, high-level, workshop or coordination meeting of the network."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical meeting")
        HIGH_LEVEL = "high_level", _("High-level meeting")
        WORKSHOP = "workshop", _("Workshop")
        COORDINATION = "coordination", _("Coordination meeting")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(
        _("outcomes"),
        blank=True,
        help_text=_("What came out of the meeting, including cooperation offers, requests or projects."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TECHNICAL)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to registered delegates.")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="America/New_York", help_text=_("e.g. America/Mexico_City")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.PLANNED)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=10, help_text=_("Delegates beyond this number go on the waiting list.")
    )
    funded_seats_per_country = models.PositiveSmallIntegerField(_("funded seats per country"), default=1)
    travel_allowance = models.DecimalField(
        _("travel cost per funded delegate"),
        max_digits=10,
        decimal_places=2,
        default=1000,
        help_text=_("Committed for each funded delegate until the ticket's cost is known."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    minutes_published = models.BooleanField(_("minutes and documents published"), default=False)
    # What came out of the meeting, as records of the exchanges app (the closing report and, once
    # held, the public page list them; the page only those each model makes public).
    offers = models.ManyToManyField(
        "exchanges.CooperationOffer", verbose_name=_("cooperation offers"), blank=True,
        related_name="meetings", help_text=_("Offers that came out of the meeting."),
    )  # fmt: skip
    requests = models.ManyToManyField(
        "exchanges.CooperationRequest", verbose_name=_("cooperation requests"), blank=True,
        related_name="meetings", help_text=_("Requests that came out of the meeting."),
    )  # fmt: skip
    projects = models.ManyToManyField(
        "exchanges.Project", verbose_name=_("cooperation projects"), blank=True,
        related_name="meetings", help_text=_("Projects that came out of the meeting."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("run_meeting", _("Can run meetings: approve, fund, record attendance"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(travel_allowance__gte=0), name="meeting_travel_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk, self.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if self.format != self.Format.IN_PERSON and not self.online_link:
            raise ValidationError({"online_link": _("An online or hybrid meeting needs its online link.")})
        unknown = set(self.working_languages or []) - {code for code, _name in settings.LANGUAGES}
        if unknown:
            raise ValidationError(
                {"working_languages": _("Unknown language codes: %s") % ", ".join(sorted(unknown))}
            )

    @property
    def slug(self) -> str:
        return slugify(self.title_es or self.title)[:80] or "meeting"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def registration_open(self) -> bool:
        return self.status == self.Status.REGISTRATION_OPEN

    @property
    def has_online_part(self) -> bool:
        return self.format != self.Format.IN_PERSON and bool(self.online_link)

    def working_language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.working_languages if code in names]


def interpretation_pair_valid(pair: str) -> bool:
    codes = {code for code, _name in settings.LANGUAGES}
    source, _sep, target = pair.partition("-")
    return source in codes and target in codes and source != target


class Session(models.Model):
    """One item of the agenda: a day, a time slot, a room, speakers and interpretation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("end"))
    title = models.CharField(_("title"), max_length=300)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    room = models.CharField(_("room"), max_length=120, blank=True)
    interpretation_pairs = models.JSONField(
        _("interpretation language pairs"), default=list, blank=True, help_text=_('e.g. ["es-en", "es-fr"]')
    )

    class Meta:
        ordering = ["day", "starts_at", "room"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.starts_at:%H:%M} {self.title}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if self.day and self.meeting_id and not (self.meeting.starts_on <= self.day <= self.meeting.ends_on):
            errors["day"] = _("The day must fall within the meeting's dates.")
        bad_pairs = [p for p in self.interpretation_pairs or [] if not interpretation_pair_valid(str(p))]
        if bad_pairs:
            errors["interpretation_pairs"] = _(
                "Write pairs as two language codes, e.g. es-en: %s"
            ) % ", ".join(map(str, bad_pairs))
        if errors:
            raise ValidationError(errors)
        if self.room and self.overlapping().exists():
            raise ValidationError(
                {"starts_at": _("Another session takes room %(room)s at that time.") % {"room": self.room}}
            )

    def overlapping(self):
        """Sessions of the same meeting in the same room and day whose times overlap this one's."""
        return Session.objects.filter(
            meeting_id=self.meeting_id,
            day=self.day,
            room__iexact=self.room,
            starts_at__lt=self.ends_at,
            ends_at__gt=self.starts_at,
        ).exclude(pk=self.pk)


def meeting_document_path(document, filename):
    return upload_path(f"meetings/{document.meeting_id}", filename, max_length=300)


class MeetingDocument(models.Model):
    """A document or the minutes of a meeting, in one language; public once the meeting publishes them."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        MINUTES = "minutes", _("Minutes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    language = models.CharField(_("language"), max_length=2, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=meeting_document_path, max_length=300, validators=[validate_document]
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "title"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return f"{self.title} ({self.language})"

    def get_absolute_url(self):
        return reverse("meetings:document", args=[self.meeting_id, self.pk])
