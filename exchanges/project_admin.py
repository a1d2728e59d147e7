"""Admin of cooperation projects: the CEAM secretariat's decisions, each with a confirmation step."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TranslatedFieldsetsAdmin
from network.scoping import acts_for_all_countries, country_id_of

from . import project_services as services
from .models import Activity, BudgetLine, CeamDecision, Indicator, Project

State = Project.State


class DraftOnlyInline(admin.TabularInline):
    """Lines of a project are written while it is a draft; afterwards they are read."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or services.may_edit_project(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_edit_project(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_edit_project(request.user, obj))


class BudgetLineInline(DraftOnlyInline):
    model = BudgetLine
    fields = ["category", "description", "requested_from_fund", "co_financed"]


class ActivityInline(DraftOnlyInline):
    model = Activity
    fields = ["title", "starts_on", "ends_on"]


class IndicatorInline(DraftOnlyInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "target"]


class CeamDecisionInline(admin.TabularInline):
    model = CeamDecision
    extra = 0
    fields = ["recorded_at", "by", "decision", "reference", "decided_on", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DecisionForm(forms.Form):
    """What the CEAM secretariat records with a decision."""

    reference = forms.CharField(label=_("CEAM resolution reference"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Date of the decision"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )


# action name -> (target state, title of the confirmation page)
DECISIONS = {
    "take_under_review": (State.UNDER_REVIEW, _("Take under review")),
    "approve": (State.APPROVED, _("Approve (CEAM)")),
    "return_to_draft": (State.DRAFT, _("Return for changes (CEAM)")),
    "reject": (State.REJECTED, _("Reject (CEAM)")),
    "cancel": (State.CANCELLED, _("Cancel (CEAM)")),
}


# What a batch action did, counted, in the words of the state the projects reached.
DONE_MESSAGES = {
    State.SUBMITTED: ngettext_lazy(
        "%(n)d project was submitted to the CEAM.", "%(n)d projects were submitted to the CEAM.", "n"
    ),
    State.UNDER_REVIEW: ngettext_lazy(
        "%(n)d project was taken under review.", "%(n)d projects were taken under review.", "n"
    ),
    State.APPROVED: ngettext_lazy("%(n)d project was approved.", "%(n)d projects were approved.", "n"),
    State.DRAFT: ngettext_lazy(
        "%(n)d project was returned to its countries for changes.",
        "%(n)d projects were returned to their countries for changes.",
        "n",
    ),
    State.REJECTED: ngettext_lazy("%(n)d project was rejected.", "%(n)d projects were rejected.", "n"),
    State.CANCELLED: ngettext_lazy("%(n)d project was cancelled.", "%(n)d projects were cancelled.", "n"),
}


def decision_action(name: str):
    to_state, title = DECISIONS[name]

    def action(modeladmin, request, queryset):
        return modeladmin.confirm_decision(request, queryset, name, to_state, title)

    action.__name__ = name
    return admin.action(description=title, permissions=["decide"])(action)


@admin.register(Project)
class ProjectAdmin(TranslatedFieldsetsAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "requesting_country",
        "providing_country",
        "state",
        "ceam_reference",
        "created_at",
    ]
    list_filter = ["state", "requesting_country", "providing_country"]
    search_fields = ["title_es", "title_en", "title_fr", "title_pt", "ceam_reference"]
    list_select_related = ["requesting_country", "providing_country"]
    readonly_fields = [
        "state",
        "ceam_reference",
        "ceam_decided_on",
        "submitted_at",
        "completed_on",
        "from_match",
    ]
    inlines = [BudgetLineInline, ActivityInline, IndicatorInline, CeamDecisionInline]
    actions = ["submit", *(decision_action(name) for name in DECISIONS)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if acts_for_all_countries(request.user):
            return queryset
        country_id = country_id_of(request.user)
        if country_id is None:
            return queryset.none()
        return queryset.filter(Q(requesting_country_id=country_id) | Q(providing_country_id=country_id))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_edit_project(request.user, obj))

    history_list_display = ["state", "ceam_reference"]

    def revert_disabled(self, request, obj=None):
        return True  # an old version is read, never restored: states move only through the workflow

    def history_view(self, request, object_id, extra_context=None):
        self.ensure_in_reach(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.ensure_in_reach(request, object_id)
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def ensure_in_reach(self, request, object_id) -> None:
        """simple-history reads old versions without the admin's queryset: the country scope applies here."""
        try:
            found = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404

    def has_decide_permission(self, request):
        return services.may_decide(request.user)

    def save_model(self, request, obj, form, change):
        services.save_project(obj, by=request.user)

    @admin.action(description=_("Submit to the CEAM"), permissions=["change"])
    def submit(self, request, queryset):
        self.run(request, queryset, services.submit_project, done_message=DONE_MESSAGES[State.SUBMITTED])

    def confirm_decision(self, request, queryset, name, to_state, title):
        """First a page that lists the projects and asks for the resolution; then the decision."""
        form = DecisionForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            self.run(
                request,
                queryset,
                services.change_project_state,
                done_message=DONE_MESSAGES[to_state],
                to_state=to_state,
                reference=data["reference"],
                decided_on=data["decided_on"],
                note=data["note"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "projects": queryset,
            "form": form,
            "action_name": name,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/exchanges/project/confirm_decision.html", context)

    def run(self, request, queryset, service, *, done_message, **kwargs):
        done = 0
        for project in queryset:
            try:
                service(project, by=request.user, **kwargs)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{project}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied:
                self.message_user(
                    request, f"{project}: {_('You are not allowed to do this.')}", messages.ERROR
                )
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)
