"""Admin of the cooperation fund: movements are written through fund_services and never edited after."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import fund_services
from .models import Allocation, Contribution, Disbursement, Project


class WrittenOnceAdmin(admin.ModelAdmin):
    """A movement of money is recorded, then read: a correction is a new movement."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(WrittenOnceAdmin):
    list_display = ["contributor", "amount", "pledged_on", "received_on", "note"]
    list_filter = ["contributor__oas_status", "contributor"]
    fields = ["contributor", "amount", "pledged_on", "received_on", "note"]
    actions = ["mark_received"]

    def save_model(self, request, obj, form, change):
        obj.pk = fund_services.record_contribution(
            contributor=obj.contributor, amount=obj.amount, by=request.user,
            pledged_on=obj.pledged_on, received_on=obj.received_on, note=obj.note,
        ).pk  # fmt: skip

    @admin.action(description=_("Mark as received today"), permissions=["add"])
    def mark_received(self, request, queryset):
        pending = list(queryset.filter(received_on__isnull=True).select_related("contributor"))
        for contribution in pending:
            fund_services.receive_contribution(contribution, by=request.user)
        if not pending:
            message = _("Nothing was marked: the chosen contributions had already been received.")
            self.message_user(request, message, messages.WARNING)
        elif len(pending) == 1:
            message = _("The contribution of %(contributor)s (%(amount)s USD) was marked as received today.")
            names = {"contributor": pending[0].contributor, "amount": pending[0].amount}
            self.message_user(request, message % names, messages.SUCCESS)
        else:
            message = ngettext(
                "%(n)d contribution was marked as received today.",
                "%(n)d contributions were marked as received today.",
                len(pending),
            )
            self.message_user(request, message % {"n": len(pending)}, messages.SUCCESS)


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["project", "amount", "allocated_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "project" in self.fields:  # absent when the allocation is only viewed
            self.fields["project"].queryset = Project.objects.filter(state__in=Project.FUNDABLE_STATES)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("project") and cleaned.get("amount"):
            try:  # locks the fund's row inside the admin's transaction, until the allocation is saved
                fund_services.check_allocation(cleaned["project"], cleaned["amount"])
            except ValidationError as error:
                self.add_error("amount", error)
        return cleaned


@admin.register(Allocation)
class AllocationAdmin(WrittenOnceAdmin):
    form = AllocationForm
    list_display = ["project", "amount", "allocated_on", "note"]
    list_select_related = ["project"]

    def save_model(self, request, obj, form, change):
        allocation = fund_services.allocate_to_project(
            obj.project, amount=obj.amount, by=request.user, allocated_on=obj.allocated_on, note=obj.note
        )
        obj.pk = allocation.pk


class DisbursementForm(forms.ModelForm):
    class Meta:
        model = Disbursement
        fields = ["allocation", "amount", "disbursed_on", "note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("allocation") and cleaned.get("amount"):
            try:  # locks the allocation's row inside the admin's transaction
                fund_services.check_disbursement(cleaned["allocation"], cleaned["amount"])
            except ValidationError as error:
                self.add_error("amount", error)
        return cleaned


@admin.register(Disbursement)
class DisbursementAdmin(WrittenOnceAdmin):
    form = DisbursementForm
    list_display = ["allocation", "amount", "disbursed_on", "note"]
    list_select_related = ["allocation__project"]

    def save_model(self, request, obj, form, change):
        disbursement = fund_services.disburse(
            obj.allocation, amount=obj.amount, by=request.user, disbursed_on=obj.disbursed_on, note=obj.note
        )
        obj.pk = disbursement.pk
