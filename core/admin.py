"""Admin building blocks shared by every app."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language_info
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationAdmin


class TranslatedFieldsetsAdmin(TranslationAdmin):
    """Shows the untranslated fields first, then one fieldset per language (es, en, fr, pt)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request, obj=None):
        fields = [name for _, options in super().get_fieldsets(request, obj) for name in options["fields"]]
        language_of = {
            f"{field}_{code}": code for field in self.trans_opts.fields for code, _ in settings.LANGUAGES
        }
        fieldsets = [(None, {"fields": [name for name in fields if name not in language_of]})]
        for code, _ in settings.LANGUAGES:
            localized = [name for name in fields if language_of.get(name) == code]
            fieldsets.append((get_language_info(code)["name_local"].capitalize(), {"fields": localized}))
        return fieldsets


class CheckedTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's device admin, whose enrolment pages answer 404 (not 500) for an unknown device."""

    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, CheckedTOTPDeviceAdmin)
