"""Every movement of the cooperation fund: contributions, allocations, disbursements.

Allocations and disbursements lock a row first (the fund's, an allocation's) and check the money
inside the same transaction, so two writes made at the same moment are checked one after the other
and can never overdraw the fund or an allocation.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Allocation, Contribution, Disbursement, Fund, Project

MANAGE_PERMISSION = "exchanges.add_allocation"
VIEW_DETAIL_PERMISSION = "exchanges.view_allocation"


def may_manage_fund(user) -> bool:
    return user.is_active and user.has_perm(MANAGE_PERMISSION)


def may_see_fund_detail(user) -> bool:
    return user.is_active and user.has_perm(VIEW_DETAIL_PERMISSION)


def ensure_may_manage(user) -> None:
    if not may_manage_fund(user):
        raise PermissionDenied


def total(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def fund_balance() -> dict:
    """Received, pledged and not yet received, allocated, disbursed, and what can still be allocated (USD)."""
    received = total(Contribution.objects.filter(received_on__isnull=False))
    allocated = total(Allocation.objects.all())
    return {
        "received": received,
        "pledged": total(Contribution.objects.filter(received_on__isnull=True)),
        "allocated": allocated,
        "disbursed": total(Disbursement.objects.all()),
        "available": received - allocated,
    }


@transaction.atomic
def record_contribution(
    *, contributor, amount, by, pledged_on=None, received_on=None, note=""
) -> Contribution:
    """Record a pledge (or money already received) of a member state or permanent observer."""
    ensure_may_manage(by)
    contribution = Contribution(
        contributor=contributor,
        amount=amount,
        pledged_on=pledged_on or timezone.localdate(),
        received_on=received_on,
        note=note,
        recorded_by=by,
    )
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def receive_contribution(contribution: Contribution, *, by, received_on=None) -> Contribution:
    """Mark a pledge as received: its money becomes available for allocations."""
    ensure_may_manage(by)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.received_on is not None:
        raise ValidationError(_("This contribution was already received."))
    contribution.received_on = received_on or timezone.localdate()
    contribution.full_clean()
    contribution.save(update_fields=["received_on"])
    return contribution


def check_allocation(project: Project, amount) -> tuple[Project, Decimal]:
    """Lock the fund's row and check that `amount` can go to `project`; ValidationError otherwise.

    Called inside the caller's transaction (the admin form's clean runs in the admin's one), so the
    lock is held until the allocation is written: a second allocation waits here, then sees the first.
    """
    Fund.objects.select_for_update().get(pk=Fund.current().pk)
    project = Project.objects.get(pk=project.pk)
    if project.state not in Project.FUNDABLE_STATES:
        raise ValidationError(
            _("Only an approved project, or one in execution, receives money from the fund.")
        )
    amount = Decimal(amount)
    available = fund_balance()["available"]
    if amount > available:
        raise ValidationError(
            _(
                "The fund has %(available)s USD received and not yet allocated; "
                "%(amount)s USD cannot be allocated."
            )
            % {"available": f"{available:.2f}", "amount": f"{amount:.2f}"}
        )
    return project, amount


@transaction.atomic
def allocate_to_project(project: Project, *, amount, by, allocated_on=None, note="") -> Allocation:
    """Set money aside for an approved project; refused when it exceeds received minus allocated.

    The fund's row is locked first: a second allocation waits here until the first commits, then
    sees its amount in the balance.
    """
    ensure_may_manage(by)
    project, amount = check_allocation(project, amount)
    allocation = Allocation(
        project=project,
        amount=amount,
        allocated_on=allocated_on or timezone.localdate(),
        note=note,
        recorded_by=by,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


def check_disbursement(allocation: Allocation, amount) -> tuple[Allocation, Decimal]:
    """Lock the allocation's row and check `amount` against what it has left; ValidationError otherwise."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    amount = Decimal(amount)
    left = allocation.amount - total(allocation.disbursements.all())
    if amount > left:
        raise ValidationError(
            _("This allocation has %(left)s USD left to disburse; %(amount)s USD is more.")
            % {"left": f"{left:.2f}", "amount": f"{amount:.2f}"}
        )
    return allocation, amount


@transaction.atomic
def disburse(allocation: Allocation, *, amount, by, disbursed_on=None, note="") -> Disbursement:
    """Pay out part of an allocation; refused beyond what the allocation has left."""
    ensure_may_manage(by)
    allocation, amount = check_disbursement(allocation, amount)
    disbursement = Disbursement(
        allocation=allocation,
        amount=amount,
        disbursed_on=disbursed_on or timezone.localdate(),
        note=note,
        recorded_by=by,
    )
    disbursement.full_clean()
    disbursement.save()
    return disbursement
