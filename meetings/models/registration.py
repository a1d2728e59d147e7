"""A delegate registered to a meeting by their country's focal point."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import Country

from .meeting import Meeting


class RegistrationQuerySet(models.QuerySet):
    def holding_seats(self):
        """Registrations that take one of the meeting's seats (awaiting approval or approved)."""
        return self.filter(status__in=Registration.SEATED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")

    def funded(self):
        return self.filter(status=Registration.Status.APPROVED, funded=True)


class Registration(models.Model):
    """One delegate of one country at one meeting: only what the logistics need."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        WAITING = "waiting", _("Waiting list")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Attendance(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    SEATED = (Status.PENDING, Status.APPROVED)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("title or position"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=250)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language of emails"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    funded = models.BooleanField(_("funded"), default=False)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True)
    itinerary = models.TextField(_("itinerary"), blank=True)
    ticket_cost = models.DecimalField(
        _("ticket cost"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    travel_requested_at = models.DateTimeField(
        _("travel details asked"), null=True, blank=True, editable=False
    )
    travel_submitted_at = models.DateTimeField(
        _("travel details given"), null=True, blank=True, editable=False
    )

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["country__code", "name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status__in=["declined", "withdrawn"]),
                name="registration_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(departure_on__isnull=True)
                | Q(arrival_on__isnull=True)
                | Q(departure_on__gte=models.F("arrival_on")),
                name="registration_departs_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(ticket_cost__isnull=True) | Q(ticket_cost__gte=0),
                name="registration_ticket_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funded=False) | Q(status="approved"), name="registration_funded_only_if_approved"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="registration_meeting_status")]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country_id else self.name

    def clean(self):
        if self.arrival_on and self.departure_on and self.departure_on < self.arrival_on:
            raise ValidationError({"departure_on": _("The departure cannot be before the arrival.")})
        if self.ticket_cost is not None and self.ticket_cost < 0:
            raise ValidationError({"ticket_cost": _("A cost cannot be negative.")})

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEATED
