"""Admin of offers, requests and matches: focal points see their country's records, the technical
secretariat moderates (publish, return); every change goes through offer_services."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import TranslatedFieldsetsAdmin
from initiatives.models import Initiative
from network.scoping import CountryScopedAdmin, scope_to_user

from . import offer_services as services
from .models import CooperationMatch, CooperationOffer, CooperationRequest


class RecordAdminForm(forms.ModelForm):
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.COOPERATION_WORKING_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


# What "Publish" did, counted; one sentence per kind so that each language agrees in gender.
PUBLISHED_MESSAGES = {
    "offer": ngettext_lazy("%(n)d offer was published.", "%(n)d offers were published.", "n"),
    "request": ngettext_lazy("%(n)d request was published.", "%(n)d requests were published.", "n"),
}


class CooperationRecordAdmin(TranslatedFieldsetsAdmin, CountryScopedAdmin):
    form = RecordAdminForm
    list_display = ["title", "country", "modality", "state", "status", "published_at"]
    list_filter = ["state", "status", "modality", "country__subregion", "themes"]
    search_fields = ["title_es", "title_en", "title_fr", "title_pt"]
    list_select_related = ["country"]
    filter_horizontal = ["themes", "populations", "initiatives"]
    readonly_fields = ["state", "moderation_note", "published_at"]
    actions = ["publish"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "initiatives":  # never another country's drafts
            kwargs["queryset"] = Initiative.objects.published()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The site's path: country check, validation, then search refresh and matching once
        # committed (after the admin has saved the many-to-many fields too).
        services.save_record(obj, by=request.user)

    @admin.action(description=_("Publish"), permissions=["moderate"])
    def publish(self, request, queryset):
        done = 0
        for record in queryset:
            try:
                services.change_state(record, record.State.PUBLISHED, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"{record}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if done:
            self.message_user(request, PUBLISHED_MESSAGES[self.model.kind] % {"n": done}, messages.SUCCESS)

    def has_moderate_permission(self, request):
        return services.may_moderate(request.user, self.model)


@admin.register(CooperationOffer)
class CooperationOfferAdmin(CooperationRecordAdmin):
    """Offers, as every cooperation record is administered."""


@admin.register(CooperationRequest)
class CooperationRequestAdmin(CooperationRecordAdmin):
    """Requests, as every cooperation record is administered."""


@admin.register(CooperationMatch)
class CooperationMatchAdmin(admin.ModelAdmin):
    """Read-only list of pairs; their status moves on the offer and request pages."""

    list_display = ["offer", "request", "score", "status", "status_changed_at"]
    list_filter = ["status"]
    list_select_related = ["offer", "request"]
    readonly_fields = [
        "offer",
        "request",
        "score",
        "reasons",
        "status",
        "status_changed_at",
        "status_changed_by",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        offers = scope_to_user(CooperationOffer.objects.all(), request.user).values("pk")
        requests = scope_to_user(CooperationRequest.objects.all(), request.user).values("pk")
        return queryset.filter(offer__in=offers) | queryset.filter(request__in=requests)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # moved by both sides on the site (offer_services.set_match_status)
