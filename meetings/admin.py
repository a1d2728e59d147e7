"""Admin of meetings, for the technical secretariat: meetings with their agenda, services and budget;
registrations read here, decided on the registrations page (one path through the services)."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.admin import TranslatedFieldsetsAdmin
from core.documents import ACCEPT

from . import services
from .models import BudgetLine, Meeting, MeetingDocument, PerDiemRate, Registration, ServiceLine, Session


class SessionForm(forms.ModelForm):
    interpretation_pairs = forms.CharField(
        label=_("interpretation language pairs"), required=False, help_text=_("e.g. es-en, es-fr")
    )

    class Meta:
        model = Session
        fields = ["interpretation_pairs"]  # the inline lists the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["interpretation_pairs"] = ", ".join(self.instance.interpretation_pairs or [])

    def clean_interpretation_pairs(self):
        return [pair.strip() for pair in self.cleaned_data["interpretation_pairs"].split(",") if pair.strip()]


class SessionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Two sessions written in the same form cannot take one room at overlapping times either."""
        super().clean()
        kept = [
            f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        for index, one in enumerate(kept):
            for other in kept[index + 1 :]:
                if clash(one, other):
                    raise ValidationError(
                        _("Two sessions take room %(room)s at the same time.") % {"room": one["room"]}
                    )


def clash(one: dict, other: dict) -> bool:
    same_place = one.get("room") and one.get("room", "").casefold() == other.get("room", "").casefold()
    return bool(
        same_place
        and one.get("day") == other.get("day")
        and one.get("starts_at")
        and other.get("ends_at")
        and one["starts_at"] < other["ends_at"]
        and other.get("starts_at")
        and one.get("ends_at")
        and other["starts_at"] < one["ends_at"]
    )


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionForm
    formset = SessionFormSet
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
    """Uploads are checked from their bytes by the model field's validator (`core.documents`)."""

    model = MeetingDocument
    extra = 0
    formfield_overrides = {
        models.FileField: {
            "widget": AdminFileWidget(attrs={"accept": ACCEPT}),
            "help_text": _("PDF, Word, Excel or OpenDocument."),
        }
    }


class MeetingForm(forms.ModelForm):
    working_languages = forms.MultipleChoiceField(
        label=_("working languages"), choices=settings.LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    # No Meta: the admin builds the form for every field of its fieldsets. (A Meta.fields list here
    # was taken by modeltranslation's admin as the whole form: only the working languages showed.)


@admin.register(Meeting)
class MeetingAdmin(TranslatedFieldsetsAdmin, admin.ModelAdmin):
    form = MeetingForm
    list_display = ["title", "kind", "format", "starts_on", "city", "status", "seats"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["title_es", "title_en", "title_fr", "title_pt", "city"]
    inlines = [SessionInline, ServiceLineInline, BudgetLineInline, DocumentInline]
    # What came out of the meeting: the exchanges admins search titles in every language.
    autocomplete_fields = ["offers", "requests", "projects"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        # The room check runs again under the meeting's lock; the admin's transaction wraps the whole
        # save, so a clash found here (another writer at the same moment) saves nothing.
        changed = formset.save(commit=False)
        for session in formset.deleted_objects:  # first, so that a freed room may be taken again
            session.delete()
        for session in changed:
            services.save_session(session, by=request.user)
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
