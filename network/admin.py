"""Admin for the network: reference data (secretariat) and country-scoped records."""

from django.contrib import admin

from core.admin import TranslatedFieldsetsAdmin

from .models import Country, FocalPoint, GcmObjective, Institution, RegionalForum, TargetPopulation, Theme
from .scoping import CountryScopedAdmin
from .users_admin import managed_accounts


@admin.register(RegionalForum)
class RegionalForumAdmin(TranslatedFieldsetsAdmin):
    list_display = ["code", "acronym", "name"]


@admin.register(Country)
class CountryAdmin(TranslatedFieldsetsAdmin):
    list_display = ["code", "name", "oas_status", "subregion"]
    list_filter = ["oas_status", "subregion", "forums"]
    search_fields = ["code", "iso3", "name_es", "name_en", "name_fr", "name_pt"]
    filter_horizontal = ["forums"]


@admin.register(Institution)
class InstitutionAdmin(CountryScopedAdmin):
    list_display = ["name", "acronym", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]
    list_select_related = ["country"]


@admin.register(FocalPoint)
class FocalPointAdmin(CountryScopedAdmin):
    list_display = ["__str__", "country", "institution", "position"]
    list_filter = ["country"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["country", "institution", "user"]
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "institution":
            formfield.queryset = CountryScopedAdmin.get_queryset(
                InstitutionAdmin(Institution, self.admin_site), request
            )
        if db_field.name == "user":  # a country is tied only to an account the user manages
            formfield.queryset = managed_accounts(request.user)
        return formfield


@admin.register(Theme)
class ThemeAdmin(TranslatedFieldsetsAdmin):
    list_display = ["slug", "name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(TargetPopulation)
class TargetPopulationAdmin(TranslatedFieldsetsAdmin):
    list_display = ["slug", "name", "is_priority", "order"]
    list_filter = ["is_priority"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(GcmObjective)
class GcmObjectiveAdmin(TranslatedFieldsetsAdmin):
    list_display = ["number", "name"]
