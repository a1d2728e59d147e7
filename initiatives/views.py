"""Pages of initiatives: search, detail, writing and the publication workflow, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.actions import run_action
from core.pagecache import cache_public_page, version_for
from core.search.views import search_view
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES
from network.models import Country
from network.scoping import acts_for_all_countries, country_id_of, scope_to_user

from . import languages, public_detail, selectors, services
from .catalogues import INITIATIVES
from .forms import (
    DeskForm,
    DocumentForm,
    InitiativeForm,
    LinkFormSet,
    ReturnForm,
    SystemReferenceFormSet,
    TranslationDeskForm,
    TranslationForm,
)
from .models import PAGES_VERSION_KEY as INITIATIVE_PAGES
from .models import Initiative, InitiativeDocument
from .notifications import country_recipients

# What the public pages of initiatives show: the records, their network terms, and (search pages)
# the search columns, which the index refresh rewrites after the record's own save.
SHOWN = (INITIATIVE_PAGES, NETWORK_PAGES)


@cache_public_page(*SHOWN, INITIATIVES.version_key)
def initiative_list(request):
    return search_view(request, INITIATIVES, template="initiatives/list.html")


@cache_public_page(*SHOWN)
@require_safe
def initiative_detail(request, pk, slug):
    language = get_language()
    if not request.user.is_authenticated:  # the body every visitor sees, kept when the record changed
        kept = public_detail.kept_body(pk, language, version_for(request, NETWORK_PAGES))
        if kept is not None:
            if slug != kept.slug:
                return redirect("initiatives:detail", pk=pk, slug=kept.slug, permanent=True)
            return render(request, "initiatives/detail.html", public_detail.kept_context(pk, kept, language))
    initiative = selectors.initiative_page(pk, request.user)
    if initiative is None:
        raise Http404
    if slug != initiative.slug:
        return redirect(initiative, permanent=True)
    context = selectors.detail_context(initiative, language, request.user)
    if not request.user.is_authenticated and context["published"]:
        context["body"] = public_detail.render_and_keep(initiative, language, context["related"])
    return render(request, "initiatives/detail.html", context)


def editable_initiative(request, pk, permission: str = services.CHANGE_PERMISSION) -> Initiative:
    """The record, if the user may write with `permission` on its country; 404 otherwise (CEAM reads only)."""
    queryset = scope_to_user(
        Initiative.objects.all(), request.user, country_field="lead_country", permission=permission
    )
    return get_object_or_404(queryset, pk=pk)


def country_choices(user):
    if acts_for_all_countries(user):
        return Country.objects.in_americas()
    return Country.objects.filter(pk=country_id_of(user))


@login_required
@permission_required("initiatives.add_initiative", raise_exception=True)
def initiative_create(request):
    return edit_initiative(request, Initiative(lead_country_id=country_id_of(request.user)))


@login_required
@permission_required("initiatives.change_initiative", raise_exception=True)
def initiative_edit(request, pk):
    initiative = editable_initiative(request, pk)
    if not services.may_change_initiative(request.user, initiative):
        messages.info(request, _("Published initiatives are changed by the technical secretariat."))
        return redirect(initiative)
    return edit_initiative(request, initiative)


def edit_initiative(request, initiative):
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative, country_choices=country_choices(request.user))
    links = LinkFormSet(data, instance=initiative, prefix="links")
    references = SystemReferenceFormSet(data, instance=initiative, prefix="refs")
    if data is not None and form.is_valid() and links.is_valid() and references.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            m2m = {
                name: form.cleaned_data[name]
                for name in ("partner_countries", "themes", "populations", "gcm_objectives")
            }
            services.save_initiative(saved, by=request.user, m2m=m2m)
            links.instance = references.instance = saved
            links.save()
            references.save()
        messages.success(request, _("The initiative was saved."))
        return redirect("initiatives:manage", pk=saved.pk)
    if data is not None:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "links": links, "references": references, "initiative": initiative},
    )


@login_required
@permission_required("initiatives.change_initiative", raise_exception=True)
def initiative_manage(request, pk):
    """The workspace of one record: state, history, documents, actions."""
    initiative = editable_initiative(request, pk)
    return render(request, "initiatives/manage.html", manage_context(request, initiative, DocumentForm()))


def manage_context(request, initiative, document_form) -> dict:
    return {
        "initiative": initiative,
        "history": initiative.state_changes.select_related("by"),
        "translation_status": languages.translation_status(initiative),
        "document_form": document_form,
        "return_form": ReturnForm(),
        "may_publish": services.may_publish(request.user),
        "may_edit": services.may_change_initiative(request.user, initiative),
        "may_attach_documents": services.may_change_initiative(
            request.user, initiative, services.ADD_DOCUMENT_PERMISSION
        ),
    }


ACTIONS = {
    "submit": services.submit_initiative,
    "publish": services.publish_initiative,
    "archive": services.archive_initiative,
    "verify": services.verify_initiative,
}


@login_required
@require_POST
def initiative_action(request, pk, action):
    initiative = editable_initiative(request, pk)
    if action != "return" and action not in ACTIONS:
        raise Http404

    def act():
        if action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what must change: a note is required to return an initiative."))
            services.return_initiative(initiative, by=request.user, note=form.cleaned_data["note"])
        else:
            ACTIONS[action](initiative, by=request.user)

    run_action(request, act, lambda: action_message(action, initiative))
    return redirect("initiatives:manage", pk=initiative.pk)


def action_message(action: str, initiative: Initiative) -> str:
    """What the action did, in words: the record, its new state and who was told."""
    names = {"title": initiative.title, "country": initiative.lead_country.name}
    if action in ("publish", "return"):
        if not country_recipients(initiative.lead_country_id):
            told = _("no focal point of %(country)s has an address to notify.") % names
        else:
            told = _("the focal points of %(country)s were notified.") % names
        done = _("“%(title)s” is published;") if action == "publish" else _("“%(title)s” was returned;")
        return f"{done % names} {told}"
    return {
        "submit": _("“%(title)s” was submitted; the technical secretariat will review it."),
        "archive": _("“%(title)s” is archived; it is no longer public."),
        "verify": _("“%(title)s” is recorded as still accurate today."),
    }[action] % names


@login_required
@require_POST
@permission_required(services.ADD_DOCUMENT_PERMISSION, raise_exception=True)
def document_upload(request, pk):
    initiative = editable_initiative(request, pk, services.ADD_DOCUMENT_PERMISSION)
    if not services.may_change_initiative(request.user, initiative, services.ADD_DOCUMENT_PERMISSION):
        messages.error(
            request, _("Documents of a published initiative are added by the technical secretariat.")
        )
        return redirect("initiatives:manage", pk=initiative.pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attach_document(
            initiative, title=form.cleaned_data["title"], upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("The document was attached."))
        return redirect("initiatives:manage", pk=initiative.pk)
    messages.error(request, _("The document was not attached; see the message below."))
    return render(request, "initiatives/manage.html", manage_context(request, initiative, form), status=400)


@require_safe
def document_download(request, pk, document_pk):
    document = get_object_or_404(
        InitiativeDocument.objects.select_related("initiative"), pk=document_pk, initiative_id=pk
    )
    if selectors.initiative_for_page(pk, request.user) is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type,
    )  # fmt: skip


DESK_PAGE_SIZE = 25


@require_safe
@login_required
def my_initiatives(request):
    """The desk: the secretariat's review queue first, then every other record it reaches, paginated;
    a focal point's own country's records, paginated the same way."""
    reachable = scope_to_user(Initiative.objects.all(), request.user, country_field="lead_country")
    reviewer = services.may_publish(request.user)
    form = DeskForm(request.GET)
    others = reachable.exclude(state=Initiative.State.SUBMITTED) if reviewer else reachable
    records = selectors.desk_records(others, **form.filters())
    context = {
        "queue": selectors.review_queue(reachable) if reviewer else None,
        "form": form,
        "page": Paginator(records, DESK_PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "initiatives/mine.html", context)


@require_safe
@login_required
@permission_required(services.TRANSLATE_PERMISSION, raise_exception=True)
def translation_desk(request):
    """Published records with texts missing in a language (the page's by default), oldest first."""
    form = TranslationDeskForm(request.GET)
    filters = form.filters()
    language = filters.pop("language", get_language())
    page = Paginator(selectors.records_to_translate(language, **filters), DESK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        (record, languages.Coverage(language, languages.missing_fields(record, language))) for record in page
    ]
    context = {"form": form, "page": page, "rows": rows, "language": language}
    return render(request, "initiatives/translations.html", context)


@login_required
@permission_required(services.TRANSLATE_PERMISSION, raise_exception=True)
def translate(request, pk, code):
    """Fill in one language version of a published record: its texts only, beside the original."""
    if code not in languages.LANGUAGE_CODES:
        raise Http404
    initiative = get_object_or_404(Initiative.objects.published().select_related("lead_country"), pk=pk)
    names = [
        n
        for n in languages.TRANSLATED_TEXT_FIELDS
        if n == "title" or n in languages.expected_fields(initiative)
    ]
    form = TranslationForm(
        request.POST if request.method == "POST" else None, initiative=initiative, language=code, names=names
    )
    if form.is_valid():
        try:
            services.translate_initiative(initiative, language=code, texts=form.cleaned_data, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, translation_saved_message(initiative, code))
            return redirect(f"{reverse('initiatives:translations')}?language={code}")
    elif form.is_bound:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    rows = [(form[name], languages.source_section(initiative, name, code)) for name in names]
    context = {
        "initiative": initiative,
        "form": form,
        "rows": rows,
        "language": languages.language_name(code),
    }
    return render(request, "initiatives/translate.html", context)


def translation_saved_message(initiative, code) -> str:
    return _("The %(language)s version of “%(title)s” was saved and recorded in its history.") % {
        "language": languages.language_name(code),
        "title": initiative.title,
    }
