"""Country scoping, in one place: a focal point sees and edits only its own country's records.

The admin (CountryScopedAdmin), the site's views and forms, and later the API all call these
functions, so the rule cannot differ between them.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet

ALL_COUNTRIES_PERMISSION = "network.act_for_all_countries"


def acts_for_all_countries(user) -> bool:
    """Secretariat staff and superusers act across countries."""
    return user.is_active and user.has_perm(ALL_COUNTRIES_PERMISSION)


def country_id_of(user):
    """The id of the country a focal point acts for, or None."""
    focal_point = getattr(user, "focal_point", None) if user.is_authenticated else None
    return focal_point.country_id if focal_point else None


def scope_to_user(queryset: QuerySet, user, *, country_field: str = "country") -> QuerySet:
    """Restrict a queryset of country-owned records to those the user may act on."""
    if acts_for_all_countries(user):
        return queryset
    country_id = country_id_of(user)
    if country_id is None:
        return queryset.none()
    return queryset.filter(**{f"{country_field}_id": country_id})


def may_act_on_country(user, country_id) -> bool:
    return acts_for_all_countries(user) or (country_id is not None and country_id == country_id_of(user))


def ensure_may_act_on_country(user, country_id) -> None:
    """Raise PermissionDenied unless the user may act on records of that country."""
    if not may_act_on_country(user, country_id):
        raise PermissionDenied


class CountryScopedAdmin(admin.ModelAdmin):
    """Admin for a model with a `country` foreign key, scoped to the user's country.

    Lists show only the user's records; opening another country's record by URL answers 403
    (rather than the admin's "does not exist" redirect), and the country field offers only the
    user's own country.
    """

    country_field = "country"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, country_field=self.country_field)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            try:
                elsewhere = super().get_queryset(request).filter(pk=object_id).exists()
            except (ValueError, ValidationError):
                elsewhere = False
            if elsewhere:
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.country_field and not acts_for_all_countries(request.user):
            from .models import Country

            kwargs["queryset"] = Country.objects.filter(pk=country_id_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        ensure_may_act_on_country(request.user, getattr(obj, f"{self.country_field}_id"))
        super().save_model(request, obj, form, change)
