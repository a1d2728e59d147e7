"""The cooperation fund: contributions, allocations to approved projects, disbursements.

`Fund` is one row: every write that could overdraw the fund locks it first (see fund_services), so
two allocations made at the same moment are checked one after the other.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Country

from .projects import Project

__all__ = ["Allocation", "Contribution", "Disbursement", "Fund"]

POSITIVE_MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


class Fund(models.Model):
    """The cooperation fund itself: one row, which every write that could overdraw the fund locks first."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("cooperation fund")
        verbose_name_plural = _("cooperation fund")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Fund":
        fund, _created = cls.objects.get_or_create(pk=1, defaults={"name": "RICOMI cooperation fund"})
        return fund


class Contribution(models.Model):
    """A voluntary contribution of a member state or permanent observer: pledged, then received."""

    contributor = models.ForeignKey(
        Country, verbose_name=_("contributor"), on_delete=models.PROTECT, related_name="fund_contributions"
    )
    amount = models.DecimalField(_("amount (USD)"), **POSITIVE_MONEY)
    pledged_on = models.DateField(_("pledged on"), default=timezone.localdate)
    received_on = models.DateField(
        _("received on"), null=True, blank=True, help_text=_("Empty while pledged.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-pledged_on", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_positive"),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("pledged_on")),
                name="contribution_received_after_pledge",
            ),
        ]

    def __str__(self):
        return f"{self.contributor} {self.amount} USD"

    @property
    def is_received(self) -> bool:
        return self.received_on is not None


class Allocation(models.Model):
    """Money of the fund set aside for an approved project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.DecimalField(_("amount (USD)"), **POSITIVE_MONEY)
    allocated_on = models.DateField(_("allocated on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-allocated_on", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_positive")]

    def __str__(self):
        return f"{self.project} {self.amount} USD"


class Disbursement(models.Model):
    """Money of an allocation actually paid out."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="disbursements")
    amount = models.DecimalField(_("amount (USD)"), **POSITIVE_MONEY)
    disbursed_on = models.DateField(_("disbursed on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-disbursed_on", "-id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self):
        return f"{self.allocation_id} {self.amount} USD"
