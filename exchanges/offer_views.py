"""Pages of offers and requests: search, detail with suggestions, writing, moderation, pair status,
the consolidation table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.actions import run_action
from core.pagecache import cache_public_page
from core.search.views import export_view, search_view
from initiatives.models import PAGES_VERSION_KEY as INITIATIVE_PAGES
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES
from network.models import Country
from network.scoping import acts_for_all_countries, country_id_of, scope_to_user

from . import consolidation as tables
from . import offer_selectors as selectors
from . import offer_services as services
from .catalogues import CATALOGUES, OFFERS, REQUESTS
from .models import PAGES_VERSION_KEY, CooperationMatch, CooperationRecord
from .offer_forms import MatchStatusForm, ReturnForm, record_form_class

# What the public pages of offers and requests show: their records, the initiatives they are
# based on, countries and vocabularies (core.pagecache).
SHOWN = (PAGES_VERSION_KEY, INITIATIVE_PAGES, NETWORK_PAGES)


def model_of(kind: str):
    return selectors.MODELS[kind]


@cache_public_page(*SHOWN, OFFERS.version_key, REQUESTS.version_key)
def record_list(request, kind):
    return search_view(
        request,
        CATALOGUES[kind],
        template="exchanges/offers/list.html",
        export_url=reverse(f"exchanges:{kind}_export"),
        kind=kind,
    )


def record_export(request, kind):
    return export_view(request, CATALOGUES[kind])


@cache_public_page(*SHOWN)
@require_safe
def record_detail(request, kind, pk, slug):
    record = selectors.record_for_page(model_of(kind), pk, request.user)
    if record is None:
        raise Http404
    if slug != record.slug:
        return redirect(record, permanent=True)
    context = selectors.detail_context(record, request.user)
    context["return_form"] = ReturnForm()
    return render(request, "exchanges/offers/detail.html", context)


def country_choices(user):
    if acts_for_all_countries(user):
        return Country.objects.in_americas()
    return Country.objects.filter(pk=country_id_of(user))


def editable_record(request, kind, pk) -> CooperationRecord:
    """The record, if the user may change records of its country; 404 otherwise."""
    model = model_of(kind)
    queryset = scope_to_user(
        model.objects.all(), request.user, permission=services.permission(model, "change")
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def record_create(request, kind):
    model = model_of(kind)
    if not request.user.has_perm(services.permission(model, "add")):
        raise PermissionDenied
    return edit_record(request, model(country_id=country_id_of(request.user)))


@login_required
def record_edit(request, kind, pk):
    return edit_record(request, editable_record(request, kind, pk))


SAVE_MESSAGES = {
    ("offer", False): gettext_lazy("The offer “%(title)s” was saved."),
    ("offer", True): gettext_lazy(
        "The offer “%(title)s” was saved and submitted to the technical secretariat."
    ),
    ("request", False): gettext_lazy("The request “%(title)s” was saved."),
    ("request", True): gettext_lazy(
        "The request “%(title)s” was saved and submitted to the technical secretariat."
    ),
}


def edit_record(request, record):
    form_class = record_form_class(type(record))
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=record, country_choices=country_choices(request.user))
    if data is not None and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            m2m = {name: form.cleaned_data[name] for name in ("themes", "populations", "initiatives")}
            services.save_record(saved, by=request.user, m2m=m2m)
            submitted = "submit" in request.POST and saved.state in (saved.State.DRAFT, saved.State.RETURNED)
            if submitted:
                services.change_state(saved, saved.State.SUBMITTED, by=request.user)
        messages.success(request, SAVE_MESSAGES[saved.kind, submitted] % {"title": saved.title})
        return redirect(saved)
    if data is not None:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request, "exchanges/offers/form.html", {"form": form, "record": record, "kind": record.kind}
    )


ACTIONS = {"submit": CooperationRecord.State.SUBMITTED, "publish": CooperationRecord.State.PUBLISHED}

# What each action did, one full sentence per kind so that every language can agree in gender.
ACTION_MESSAGES = {
    ("offer", "submit"): gettext_lazy("The offer “%(title)s” was submitted to the technical secretariat."),
    ("offer", "publish"): gettext_lazy("The offer “%(title)s” was published."),
    ("offer", "return"): gettext_lazy("The offer “%(title)s” was returned to its country with your note."),
    ("request", "submit"): gettext_lazy(
        "The request “%(title)s” was submitted to the technical secretariat."
    ),
    ("request", "publish"): gettext_lazy("The request “%(title)s” was published."),
    ("request", "return"): gettext_lazy(
        "The request “%(title)s” was returned to its country with your note."
    ),
}


@login_required
@require_POST
def record_action(request, kind, pk, action):
    record = selectors.record_for_page(model_of(kind), pk, request.user)
    if record is None or (kind, action) not in ACTION_MESSAGES:
        raise Http404

    def act():
        if action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what must change: a note is required to return a record."))
            services.change_state(
                record, CooperationRecord.State.RETURNED, by=request.user, note=form.cleaned_data["note"]
            )
        else:
            services.change_state(record, ACTIONS[action], by=request.user)

    run_action(request, act, ACTION_MESSAGES[kind, action] % {"title": record.title})
    return redirect(record)


MATCH_MESSAGES = {
    CooperationMatch.Status.CONTACTED: gettext_lazy(
        "The offer “%(offer)s” and the request “%(request)s” are now marked as in contact."
    ),
    CooperationMatch.Status.AGREED: gettext_lazy(
        "The offer “%(offer)s” and the request “%(request)s” are now marked as agreed."
    ),
    CooperationMatch.Status.DECLINED: gettext_lazy(
        "The offer “%(offer)s” and the request “%(request)s” are now marked as declined."
    ),
}


@login_required
@require_POST
def match_status(request, pk):
    match = get_object_or_404(CooperationMatch.objects.select_related("offer", "request"), pk=pk)
    form = MatchStatusForm(request.POST)
    back = (request.POST.get("next_kind") == "offer" and match.offer) or match.request
    if not form.is_valid():
        messages.error(request, _("Choose a status: contacted, agreed or declined."))
        return redirect(back)
    status = form.cleaned_data["status"]
    run_action(
        request,
        lambda: services.set_match_status(match, status, by=request.user),
        MATCH_MESSAGES[status] % {"offer": match.offer.title, "request": match.request.title},
        denied_message=_("Only the focal points of the two countries can move this pair."),
    )
    return redirect(back)


@require_safe
@login_required
def my_records(request):
    return render(request, "exchanges/offers/mine.html", {"records": selectors.my_records(request.user)})


def chosen_status(request) -> str | None:
    status = request.GET.get("status", "")
    if status and status not in CooperationRecord.Status.values:
        messages.warning(
            request, _("Unknown status “%(status)s”: every status is counted.") % {"status": status[:40]}
        )
        return None
    return status or None


@cache_public_page(*SHOWN)
@require_safe
def consolidation_table(request):
    status = chosen_status(request)
    context = {**tables.consolidation(status), "gaps": tables.gaps(status), "status": status or ""}
    context["status_choices"] = CooperationRecord.Status.choices
    return render(request, "exchanges/offers/consolidation.html", context)


@require_safe
def consolidation_export(request, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    return tables.export(chosen_status(request), file_format)
