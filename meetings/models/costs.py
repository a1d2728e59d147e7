"""What a meeting costs: per diem rates, conference services, and the budget with actual costs."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.costs import service_line_cost
from network.models import Country

from .meeting import Meeting

NOT_NEGATIVE = [MinValueValidator(Decimal(0), message=_("A cost cannot be negative."))]


class Category(models.TextChoices):
    """The budget's categories, in the order the budget page lists them."""

    TRAVEL = "travel", _("Travel")
    PER_DIEM = "per_diem", _("Per diem")
    INTERPRETATION = "interpretation", _("Interpretation")
    EQUIPMENT = "equipment", _("Equipment")
    COFFEE = "coffee", _("Coffee and refreshments")
    PRINTING = "printing", _("Printing")
    CONTINGENCY = "contingency", _("Contingency")
    OTHER = "other", _("Other services")


SERVICE_CATEGORIES = [c for c in Category if c not in (Category.TRAVEL, Category.PER_DIEM)]


class PerDiemRate(models.Model):
    """The daily allowance in a city (or, with no city, anywhere in a country)."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="+"
    )
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Empty: the whole country."))
    daily_rate = models.DecimalField(
        _("daily rate"), max_digits=10, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        ordering = ["country__code", "city"]
        verbose_name = _("per diem rate")
        verbose_name_plural = _("per diem rates")
        constraints = [
            models.UniqueConstraint(fields=["country", "city"], name="unique_per_diem_rate"),
            models.CheckConstraint(condition=Q(daily_rate__gte=0), name="per_diem_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.city or self.country} {self.daily_rate}"

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> Decimal:
        """The city's rate, else the country's, else MEETING_DEFAULT_PER_DIEM."""
        if meeting.country_id:
            rates = {
                r.city.casefold(): r.daily_rate for r in cls.objects.filter(country_id=meeting.country_id)
            }
            for city in (meeting.city.casefold(), ""):
                if city in rates:
                    return rates[city]
        return Decimal(settings.MEETING_DEFAULT_PER_DIEM)


class ServiceLine(models.Model):
    """A conference service: interpretation of one language pair, equipment, coffee, printing, contingency."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="service_lines")
    category = models.CharField(
        _("category"), max_length=20, choices=[(c.value, c.label) for c in SERVICE_CATEGORIES]
    )
    description = models.CharField(_("description"), max_length=200)
    language_pair = models.CharField(_("language pair"), max_length=5, blank=True, help_text=_("e.g. es-en"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=8, decimal_places=2, default=1, validators=NOT_NEGATIVE
    )
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    unit_cost = models.DecimalField(
        _("unit cost per day"), max_digits=10, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("conference service")
        verbose_name_plural = _("conference services")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0) & Q(quantity__gte=0), name="service_line_not_negative"
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def cost(self) -> Decimal:
        return service_line_cost(self.quantity, self.days, self.unit_cost)


class BudgetLine(models.Model):
    """The amount budgeted for one category of a meeting, and the actual cost entered afterwards."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )
    actual = models.DecimalField(
        _("actual cost"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "category"], name="unique_budget_line"),
            models.CheckConstraint(
                condition=Q(budget__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="meeting_budget_line_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.category}"
