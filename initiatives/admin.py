"""Admin of initiatives: focal points see their country's records; publication goes through services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import TranslatedFieldsetsAdmin
from network.scoping import CountryScopedAdmin

from . import services
from .forms import LinkForm, SystemReferenceForm
from .models import Initiative, InitiativeDocument, InitiativeLink, StateChange, SystemReference, Verification


class LinkInline(admin.TabularInline):
    model = InitiativeLink
    form = LinkForm
    extra = 0


class SystemReferenceInline(admin.TabularInline):
    model = SystemReference
    form = SystemReferenceForm
    extra = 0


class DocumentInline(admin.TabularInline):
    model = InitiativeDocument
    extra = 0
    fields = ["title", "file", "content_type", "size"]
    readonly_fields = ["title", "file", "content_type", "size"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the site form, which checks the file's content

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return services.may_change_initiative(request.user, obj, services.DELETE_DOCUMENT_PERMISSION)


class StateChangeInline(admin.TabularInline):
    model = StateChange
    extra = 0
    fields = ["at", "by", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class VerificationInline(admin.TabularInline):
    model = Verification
    extra = 0
    readonly_fields = ["on", "by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# What each batch action did, counted.
DONE_MESSAGES = {
    "submit": ngettext_lazy(
        "%(n)d initiative was submitted to the technical secretariat.",
        "%(n)d initiatives were submitted to the technical secretariat.",
        "n",
    ),
    "publish": ngettext_lazy("%(n)d initiative was published.", "%(n)d initiatives were published.", "n"),
    "archive": ngettext_lazy(
        "%(n)d initiative was archived; it is no longer public.",
        "%(n)d initiatives were archived; they are no longer public.",
        "n",
    ),
    "verify": ngettext_lazy(
        "%(n)d initiative is recorded as still accurate today.",
        "%(n)d initiatives are recorded as still accurate today.",
        "n",
    ),
}


def run_transition(modeladmin, request, queryset, service, done_message, **kwargs):
    done = 0
    for initiative in queryset:
        try:
            service(initiative, by=request.user, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{initiative}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, messages.SUCCESS)


@admin.register(Initiative)
class InitiativeAdmin(TranslatedFieldsetsAdmin, CountryScopedAdmin):
    country_field = "lead_country"
    list_display = ["title", "lead_country", "kind", "state", "status", "last_verified_on", "published_at"]
    list_filter = ["state", "kind", "scope", "status", "lead_country__subregion", "themes"]
    search_fields = ["title_es", "title_en", "title_fr", "title_pt"]
    list_select_related = ["lead_country"]
    filter_horizontal = ["partner_countries", "themes", "populations", "gcm_objectives"]
    readonly_fields = ["state", "published_at", "last_verified_on"]
    inlines = [LinkInline, SystemReferenceInline, DocumentInline, VerificationInline, StateChangeInline]
    actions = ["submit", "publish", "archive", "verify"]

    def save_model(self, request, obj, form, change):
        # The site's path: country check, publication rights, validation, and a search-index refresh
        # on commit, which comes after the admin has saved the many-to-many fields too.
        services.save_initiative(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not InitiativeDocument:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # documents are only ever removed here, through the service
        for document in formset.deleted_objects:
            services.remove_document(document, by=request.user)
        return None

    def has_change_permission(self, request, obj=None):
        # Once public, a record opens read-only for focal points: its changes go through the secretariat.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_change_initiative(request.user, obj))

    @admin.action(description=_("Submit for publication"), permissions=["change"])
    def submit(self, request, queryset):
        run_transition(self, request, queryset, services.submit_initiative, DONE_MESSAGES["submit"])

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        run_transition(self, request, queryset, services.publish_initiative, DONE_MESSAGES["publish"])

    @admin.action(description=_("Archive"), permissions=["publish"])
    def archive(self, request, queryset):
        run_transition(self, request, queryset, services.archive_initiative, DONE_MESSAGES["archive"])

    @admin.action(description=_("Confirm still accurate (verify)"), permissions=["change"])
    def verify(self, request, queryset):
        run_transition(self, request, queryset, services.verify_initiative, DONE_MESSAGES["verify"])

    def has_publish_permission(self, request):
        return services.may_publish(request.user)
