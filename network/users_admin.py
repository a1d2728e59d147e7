"""Accounts and groups in the admin: superusers manage everything; the secretariat, focal points' accounts.

The stock UserAdmin lets anyone holding `auth.change_user` tick `is_superuser`, change the
administrator's password and put anyone in any group. Here a user who is not a superuser sees and
changes only the accounts it manages (see `managed_accounts`), without the superuser, permission or
staff-of-superusers fields, and may give only the groups its role grants (`roles.GRANTABLE_GROUPS`).
Groups, and so what each role may do, are managed by superusers only.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import groups_grantable_by

User = get_user_model()


def managed_accounts(user) -> QuerySet:
    """Accounts `user` may change: all for a superuser; otherwise those holding no more than it may grant.

    That excludes superusers, members of any group it may not grant (the secretariats, itself
    included) and accounts with permissions of their own, so no account it changes can give it
    more than its role.
    """
    if user.is_active and user.is_superuser:
        return User.objects.all()
    if not user.has_perm("auth.change_user"):
        return User.objects.none()
    beyond = Group.objects.exclude(pk__in=groups_grantable_by(user))
    return (
        User.objects.filter(is_superuser=False)
        .exclude(groups__in=beyond)
        .exclude(user_permissions__isnull=False)
    )


def may_manage_account(user, account) -> bool:
    return managed_accounts(user).filter(pk=account.pk).exists()


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)


@admin.register(User)
class AccountAdmin(auth_admin.UserAdmin):
    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=managed_accounts(request.user).values("pk"))

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = groups_grantable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))


@admin.register(Group)
class RoleGroupAdmin(auth_admin.GroupAdmin):
    """Groups are the roles: only superusers see or change them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(TOTPDevice)
class SecondFactorAdmin(TOTPDeviceAdmin):
    """django-otp's device admin, answering 404 rather than a server error for a missing device."""

    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)
