"""The secretariat's side: subscribers (search, filters, import, export) and bulletins (build,
preview in four languages, recipient counts, send after a confirmation page, delivery counts)."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import TranslatedFieldsetsAdmin

from . import selectors, services
from .forms import SubscriberImportForm
from .imports import UnreadableFile, export_csv, read_rows
from .models import Bulletin, Delivery, Subscriber
from .pdf import build_bulletin_pdf


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "language", "source", "countries", "themes"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    filter_horizontal = ["countries", "themes"]
    readonly_fields = [
        "status",
        "source",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["export_selected"]
    change_list_template = "admin/bulletins/subscriber/change_list.html"

    def has_add_permission(self, request):
        return False  # addresses come through the form or the import, both of which ask to confirm

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="bulletins_subscriber_import")
        ]
        return extra + super().get_urls()

    @admin.action(description=gettext_lazy("Export the selected subscribers (CSV)"), permissions=["view"])
    def export_selected(self, request, queryset):
        rows = export_csv(queryset.prefetch_related("countries", "themes").order_by("email"))
        response = HttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ricomi-subscribers.csv"'
        return response

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = services.import_subscribers(read_rows(form.cleaned_data["file"]))
            except UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                if not report.errors:
                    self.message_user(request, imported_message(report), messages.SUCCESS)
                    return redirect("admin:bulletins_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "title": _("Import subscribers"),
        }
        return TemplateResponse(request, "admin/bulletins/subscriber/import.html", context)


def imported_message(report) -> str:
    return ngettext(
        "%(created)d address imported: each one received a confirmation email (%(known)d already known).",
        "%(created)d addresses imported: each one received a confirmation email (%(known)d already known).",
        report.created,
    ) % {"created": report.created, "known": report.already_known}


@admin.register(Bulletin)
class BulletinAdmin(TranslatedFieldsetsAdmin):
    list_display = ["year", "status", "built_at", "sent_at", "delivery_summary"]
    list_filter = ["status"]
    readonly_fields = ["status", "build_number", "created_at", "built_at", "sending_started_at", "sent_at"]
    actions = ["build", "send"]
    change_form_template = "admin/bulletins/bulletin/change_form.html"

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        extra = [path("<int:pk>/preview/<str:language>/", preview, name="bulletins_bulletin_preview")]
        return extra + super().get_urls()

    @admin.display(description=gettext_lazy("sent / pending / failed"))
    def delivery_summary(self, bulletin):
        counts = selectors.delivery_counts(bulletin)
        return (
            f"{counts.sent} / {counts.pending} / {counts.failed + counts.uncertain}" if counts.total else "—"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        bulletin = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if bulletin is not None:
            extra |= bulletin_overview(bulletin)
        return super().change_view(request, object_id, form_url, extra)

    def preview_view(self, request, pk, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        bulletin = get_object_or_404(Bulletin, pk=pk)
        if language not in dict(settings.LANGUAGES) or not bulletin.build_number:
            raise Http404
        document = build_bulletin_pdf(bulletin, language)  # stored by the build; rendered now if missing
        return FileResponse(document.file.open("rb"), content_type="application/pdf")

    @admin.action(description=gettext_lazy("Build the PDFs in four languages"), permissions=["change"])
    def build(self, request, queryset):
        for bulletin in queryset:
            try:
                services.build_bulletin(bulletin)
            except ValueError as error:
                self.message_user(request, f"{bulletin}: {error}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(bulletin)s: building, reload in a minute.") % {"bulletin": bulletin}
                )

    @admin.action(description=gettext_lazy("Send to the confirmed subscribers…"), permissions=["change"])
    def send(self, request, queryset):
        bulletins = list(queryset)
        not_built = [b for b in bulletins if b.status != Bulletin.Status.BUILT]
        if not_built:
            self.message_user(request, _("Only built bulletins, not yet sent, can be sent."), messages.ERROR)
            return None
        if request.POST.get("confirmed") == "yes":
            for bulletin in bulletins:
                count = services.send_bulletin(bulletin)
                self.message_user(
                    request,
                    _("%(bulletin)s: %(count)d emails queued.") % {"bulletin": bulletin, "count": count},
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "bulletins": bulletins,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "title": _("Send the bulletin?"),
            **bulletin_overview(bulletins[0]),
        }
        return TemplateResponse(request, "admin/bulletins/bulletin/send_confirmation.html", context)


def bulletin_overview(bulletin: Bulletin) -> dict:
    """What the secretariat checks before and while sending: previews, recipients, delivery counts."""
    pdfs = bulletin.stored_pdfs()
    previews = [
        (
            code,
            name,
            reverse("admin:bulletins_bulletin_preview", args=[bulletin.pk, code]),
            pdfs.get(code),
        )
        for code, name in settings.LANGUAGES
    ]
    return {
        "bulletin": bulletin,
        "previews": previews,
        "recipients_by_language": selectors.recipients_by_language(),
        "recipients_by_interest": selectors.recipients_by_interest(),
        "delivery_counts": selectors.delivery_counts(bulletin),
    }


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Who received which bulletin; the message itself is the outbox row."""

    list_display = ["bulletin", "subscriber", "language", "email_status", "created_at"]
    list_filter = ["bulletin", "language", "email__status"]
    search_fields = ["subscriber__email"]
    list_select_related = ["bulletin", "subscriber", "email"]
    readonly_fields = ["bulletin", "subscriber", "language", "email", "created_at"]

    @admin.display(description=gettext_lazy("status"))
    def email_status(self, delivery):
        return delivery.email.get_status_display()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
