"""Pages of cooperation projects: the public list and page, the focal points' drafting and reporting,
the follow-up questionnaire."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.actions import run_action
from core.pagecache import cache_public_page
from core.search.views import export_view, search_view
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES
from network.scoping import acts_for_all_countries, country_id_of

from . import project_selectors as selectors
from . import project_services as services
from .catalogues import PROJECTS
from .models import PAGES_VERSION_KEY, CooperationMatch, Project, ReportDocument
from .project_forms import (
    ActivityFormSet,
    BudgetLineFormSet,
    CompletionForm,
    FollowUpForm,
    IndicatorFormSet,
    MeasurementForm,
    ProgressReportForm,
    ProjectForm,
    ReportDocumentForm,
)
from .project_notifications import read_followup_token


@cache_public_page(PAGES_VERSION_KEY, NETWORK_PAGES, PROJECTS.version_key)
def project_list(request):
    """The public projects, searched like offers and requests (the PROJECTS catalogue)."""
    return search_view(
        request,
        PROJECTS,
        template="exchanges/projects/list.html",
        export_url=reverse("exchanges:project_export"),
    )


def project_export(request):
    return export_view(request, PROJECTS)


@cache_public_page(PAGES_VERSION_KEY, NETWORK_PAGES)
@require_safe
def project_detail(request, pk):
    project = selectors.project_for_page(pk, request.user)
    if project is None:
        raise Http404
    return render(request, "exchanges/projects/detail.html", selectors.detail_context(project, request.user))


@require_safe
@login_required
def my_projects(request):
    """The projects the user works on: a focal point's countries, or every project for the secretariats."""
    country_id = country_id_of(request.user)
    if acts_for_all_countries(request.user):
        projects = Project.objects.all()
    else:
        projects = Project.objects.involving(country_id) if country_id else Project.objects.none()
    projects = projects.select_related("requesting_country", "providing_country")
    return render(request, "exchanges/projects/mine.html", {"projects": projects})


def editable_project(request, pk) -> Project:
    """A draft of one of the user's countries; 404 for anything else (nobody learns it exists)."""
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if not services.may_write_project(request.user, project):
        raise Http404
    return project


@login_required
@permission_required(services.ADD_PERMISSION, raise_exception=True)
def project_create(request):
    return edit_project(request, Project(requesting_country_id=country_id_of(request.user)))


@login_required
@permission_required(services.CHANGE_PERMISSION, raise_exception=True)
def project_edit(request, pk):
    project = editable_project(request, pk)
    if not services.may_edit_project(request.user, project):
        messages.info(request, _("Only a draft project can be changed."))
        return redirect(project)
    return edit_project(request, project)


def edit_project(request, project):
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project)
    formsets = {
        "budget": BudgetLineFormSet(data, instance=project, prefix="budget"),
        "activities": ActivityFormSet(data, instance=project, prefix="activities"),
        "indicators": IndicatorFormSet(data, instance=project, prefix="indicators"),
    }
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            with transaction.atomic():
                saved = services.save_project(form.save(commit=False), by=request.user)
                for formset in formsets.values():
                    formset.instance = saved
                    formset.save()
        except PermissionDenied:
            form.add_error(None, _("You can only write projects in which your country takes part."))
        else:
            messages.success(request, _("The project was saved."))
            return redirect(saved)
    if data is not None:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {"form": form, "project": project, **formsets}
    return render(request, "exchanges/projects/form.html", context, status=400 if data is not None else 200)


COUNTRY_ACTIONS = {"submit": services.submit_project, "start": services.start_execution}
ACTION_MESSAGES = {
    "submit": gettext_lazy("The project “%(title)s” was submitted to the CEAM."),
    "start": gettext_lazy("The project “%(title)s” is now in execution."),
    "complete": gettext_lazy("The project “%(title)s” was completed and its results report saved."),
}


@login_required
@require_POST
def project_action(request, pk, action):
    project = editable_project(request, pk)
    if action not in ACTION_MESSAGES:
        raise Http404

    def act():
        if action == "complete":
            form = CompletionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write the results report before completing the project."))
            services.complete_project(
                project,
                by=request.user,
                results_report=form.cleaned_data["results_report"],
                language=get_language(),
            )
        else:
            COUNTRY_ACTIONS[action](project, by=request.user)

    run_action(request, act, ACTION_MESSAGES[action] % {"title": project.title})
    return redirect(project)


@login_required
@require_POST
def measurement_add(request, pk):
    project = editable_project(request, pk)
    form = MeasurementForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.add_measurement(form.cleaned_data.pop("indicator"), by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("Measurements are recorded once the project is approved."))
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect(project)
    context = selectors.detail_context(project, request.user, measurement_form=form)
    return render(request, "exchanges/projects/detail.html", context, status=400)


@login_required
@require_POST
def report_add(request, pk):
    project = editable_project(request, pk)
    form = ProgressReportForm(request.POST)
    document_form = ReportDocumentForm(request.POST, request.FILES)
    if form.is_valid() and document_form.is_valid():
        upload = document_form.cleaned_data.get("file")
        documents = [(document_form.cleaned_data["title"], upload)] if upload else []
        try:
            services.add_progress_report(project, by=request.user, documents=documents, **form.cleaned_data)
        except PermissionDenied:
            form.add_error(None, _("Progress reports are written once the project is approved."))
        else:
            messages.success(request, _("The progress report was saved."))
            return redirect(project)
    context = selectors.detail_context(project, request.user, report_form=form, document_form=document_form)
    return render(request, "exchanges/projects/detail.html", context, status=400)


@require_safe
def report_document(request, pk, document_pk):
    if selectors.project_for_page(pk, request.user) is None:
        raise Http404
    document = get_object_or_404(ReportDocument, pk=document_pk, report__project_id=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type,
    )  # fmt: skip


@login_required
@require_POST
@permission_required(services.ADD_PERMISSION, raise_exception=True)
def project_from_match(request, match_pk):
    match = get_object_or_404(CooperationMatch, pk=match_pk)
    try:
        project = services.project_from_match(match, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchanges:my_projects")
    messages.success(request, _("A draft project was made from the agreed pair: complete it and submit it."))
    return redirect("exchanges:project_edit", pk=project.pk)


def project_followup(request, token):
    """The 6- or 12-month questionnaire, reached by the signed link of the email; no account needed."""
    try:
        data = read_followup_token(token)
    except signing.BadSignature:
        return render(request, "exchanges/projects/followup_invalid.html", status=404)
    project = Project.objects.filter(pk=data["p"], state=Project.State.COMPLETED).first()
    if project is None or data["c"] not in project.country_ids:
        return render(request, "exchanges/projects/followup_invalid.html", status=404)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        services.record_followup_answer(
            project_id=project.pk, months=data["m"], country_id=data["c"], email=form.cleaned_data["email"],
            adopted=form.cleaned_data["adopted"], what_changed=form.cleaned_data["what_changed"],
        )  # fmt: skip
        return render(request, "exchanges/projects/followup_thanks.html", {"project": project})
    context = {"form": form, "project": project, "months": data["m"]}
    return render(request, "exchanges/projects/followup.html", context, status=400 if form.is_bound else 200)
