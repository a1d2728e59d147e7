"""Country scoping, in one place: which countries' records a user reaches, and what they may write there.

Two questions, answered separately:
- reach (reading): a focal point reaches its own country; holders of `act_for_all_countries` (both
  secretariats, superusers) reach every country. `scope_to_user`, `may_act_on_country`.
- writing: reach *and* the permission of the write (a model's add/change/delete permission or a
  workflow permission). `may_write`, `ensure_may_write`, `scope_to_user(..., permission=...)`.
The CEAM secretariat reaches every country but holds no write permission on them: it reads.

The admin (CountryScopedAdmin), the site's views and forms, the services and later the API all call
these functions, so the rule cannot differ between them.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet

ALL_COUNTRIES_PERMISSION = "network.act_for_all_countries"


def acts_for_all_countries(user) -> bool:
    """Whether the user's reach is every country (secretariats, superusers); says nothing of writing."""
    return user.is_active and user.has_perm(ALL_COUNTRIES_PERMISSION)


def country_id_of(user):
    """The id of the country a focal point acts for, or None."""
    focal_point = getattr(user, "focal_point", None) if user.is_authenticated else None
    return focal_point.country_id if focal_point else None


def scope_to_user(
    queryset: QuerySet, user, *, country_field: str = "country", permission: str | None = None
) -> QuerySet:
    """Restrict country-owned records to those the user reaches; to those it may write with `permission`."""
    if permission is not None and not (user.is_active and user.has_perm(permission)):
        return queryset.none()
    if acts_for_all_countries(user):
        return queryset
    country_id = country_id_of(user)
    if country_id is None:
        return queryset.none()
    return queryset.filter(**{f"{country_field}_id": country_id})


def may_act_on_country(user, country_id) -> bool:
    """Whether the country's records are within the user's reach (reading, including unpublished ones)."""
    return acts_for_all_countries(user) or (country_id is not None and country_id == country_id_of(user))


def may_write(user, country_id, permission: str) -> bool:
    """Whether the user holds `permission` and the country is within its reach."""
    return user.is_active and user.has_perm(permission) and may_act_on_country(user, country_id)


def ensure_may_write(user, country_id, permission: str) -> None:
    """Raise PermissionDenied unless the user may write, with `permission`, on that country's records."""
    if not may_write(user, country_id, permission):
        raise PermissionDenied


class CountryScopedAdmin(admin.ModelAdmin):
    """Admin for a model with a `country` foreign key, scoped to the user's country.

    Lists show only the user's records; opening another country's record by URL answers 403
    (rather than the admin's "does not exist" redirect), and the country field offers only the
    user's own country. Saving checks the add or change permission together with the country.
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
        action = "change" if change else "add"
        permission = f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        ensure_may_write(request.user, getattr(obj, f"{self.country_field}_id"), permission)
        super().save_model(request, obj, form, change)
