"""Admin building blocks shared by every app, and the outbox as the secretariat sees it."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from . import outbox
from .models import OutboundEmail


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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Every email the platform sent or will send, with the server's last answer; read-only."""

    list_display = ["to", "subject", "language", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status", "language"]
    search_fields = ["to", "subject", "about"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "to", "language", "from_email", "subject", "body", "html_body", "headers", "about", "notice_key",
        "message_id", "status", "attempts", "created_at", "next_attempt_at", "claimed_at", "sent_at",
        "last_error", "attachment", "attachment_name", "at_most_once", "handed_over_at",
    ]  # fmt: skip
    readonly_fields = fields
    # A body can hold a secret meant for its recipient alone (a password-reset link, which anyone can
    # have queued for the administrator's address; an unsubscribe link): only superusers, who can set
    # any password anyway, see bodies and headers.
    confidential_fields = ["body", "html_body", "headers"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [name for name in fields if name not in self.confidential_fields]

    def has_add_permission(self, request):
        return False  # emails are queued by the platform's services, never written by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    @admin.action(description=gettext_lazy("Retry the selected failed emails"), permissions=["change"])
    def retry(self, request, queryset):
        count = outbox.retry_failed_emails(queryset)
        self.message_user(
            request,
            ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


class ScopedViewOnSiteMixin:
    """An admin site whose "view on site" link (`/admin/r/<type>/<id>/`) redirects only to what the user sees.

    The stock redirect looks the object up unscoped and reveals its address (an initiative's slug
    is its Spanish title) to any staff user. Here the object must be in its model admin's queryset
    (country scoping included) and viewable by the user; otherwise the answer is 404.
    """

    def get_urls(self):
        from django.urls import path

        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(self.scoped_view_on_site),
                    name="view_on_site",
                )
        return urls

    def scoped_view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes import views as contenttype_views

        if self.object_seen_by(request, content_type_id, object_id) is None:
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def object_seen_by(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            return None
        model_admin = self._registry.get(model)
        if model_admin is None:
            return None
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            return None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            return None
        return obj
