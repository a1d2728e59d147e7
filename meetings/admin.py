"""Admin of meetings, for the technical secretariat: meetings with their agenda, services and budget;
registrations read here, decided on the registrations page (one path through the services)."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import TranslatedFieldsetsAdmin

from . import services
from .models import BudgetLine, Meeting, MeetingDocument, PerDiemRate, Registration, ServiceLine, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = [
        "day",
        "starts_at",
        "ends_at",
        "title_es",
        "title_en",
        "speakers",
        "room",
        "interpretation_pairs",
    ]


class ServiceLineInline(admin.TabularInline):
    model = ServiceLine
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class DocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(TranslatedFieldsetsAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "format", "starts_on", "city", "status", "seats"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["title_es", "title_en", "title_fr", "title_pt", "city"]
    inlines = [SessionInline, ServiceLineInline, BudgetLineInline, DocumentInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        for session in formset.save(commit=False):  # the room check runs under the meeting's lock
            try:
                services.save_session(session, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{session}: {' '.join(error.messages)}", level="error")
        for session in formset.deleted_objects:
            session.delete()
        return None


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "meeting", "status", "funded", "attendance"]
    list_filter = ["status", "funded", "attendance", "meeting"]
    search_fields = ["name", "email", "institution"]
    list_select_related = ["country", "meeting"]
    readonly_fields = [
        "meeting",
        "country",
        "status",
        "funded",
        "attendance",
        "travel_requested_at",
        "travel_submitted_at",
    ]

    def has_add_permission(self, request):
        return False  # registrations go through the site's form: seats and waiting list

    def get_queryset(self, request):
        from network.scoping import scope_to_user

        return scope_to_user(super().get_queryset(request), request.user, permission=services.VIEW_PERMISSION)


@admin.register(PerDiemRate)
class PerDiemRateAdmin(admin.ModelAdmin):
    list_display = ["country", "city", "daily_rate"]
    list_filter = ["country"]
