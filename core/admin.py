"""Admin building blocks shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
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
