"""Reads of cooperation projects: the project page, a country's projects (the public list is the
PROJECTS catalogue of exchanges/catalogues.py)."""

from datetime import date

from django.db.models import Prefetch, Q

from network.models import Country

from . import fund_services
from . import project_services as services
from .models import Allocation, Indicator, Measurement, Project

State = Project.State


def project_for_page(pk: int, user) -> Project | None:
    """A public project, or any state for the secretariats and the involved countries' focal points."""
    queryset = Project.objects.visible_to(user).select_related(
        "requesting_country", "providing_country", "requesting_institution", "providing_institution"
    )
    return queryset.filter(pk=pk).first()


def indicators_with_progress(project: Project) -> list[Indicator]:
    """The indicators, each with its measurements, latest value and share of the way to target."""
    indicators = list(
        project.indicators.prefetch_related(
            Prefetch("measurements", Measurement.objects.order_by("measured_on"))
        )
    )
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        indicator.latest = measurements[-1] if measurements else None
        indicator.percent = indicator.progress(indicator.latest.value if indicator.latest else None)
    return indicators


def detail_context(project: Project, user, **forms_given) -> dict:
    """Everything the project page shows, in a fixed number of queries."""
    from .project_forms import CompletionForm, MeasurementForm, ProgressReportForm, ReportDocumentForm

    may_write = services.may_write_project(user, project)
    staff = may_write or services.may_decide(user) or fund_services.may_see_fund_detail(user)
    return {
        "project": project,
        "budget_lines": list(project.budget_lines.all()),
        "totals": project.budget_totals(),
        "activities": list(project.activities.all()),
        "indicators": indicators_with_progress(project),
        "reports": list(project.progress_reports.prefetch_related("documents")),
        "decisions": list(project.decisions.select_related("by")) if staff else [],
        "public_decisions": [d for d in project.decisions.all() if d.decision == "approved"],
        "allocated": fund_services.total(Allocation.objects.filter(project=project)),
        "followup_answers": list(project.followup_answers.select_related("country")),
        "history": list(project.history.select_related("history_user")[:50]) if staff else None,
        "may_edit": services.may_edit_project(user, project),
        "may_write": may_write,
        "may_report": services.may_report_on(user, project),
        "measurement_form": forms_given.get("measurement_form") or MeasurementForm(project=project),
        "report_form": forms_given.get("report_form") or ProgressReportForm(),
        "document_form": forms_given.get("document_form") or ReportDocumentForm(),
        "completion_form": CompletionForm(),
    }


def country_projects(country: Country) -> list[Project]:
    """A country's public projects, on either side, newest first (the country page)."""
    return list(
        Project.objects.public()
        .involving(country.pk)
        .select_related("requesting_country", "providing_country")
        .order_by("-ceam_decided_on", "-pk")[:20]
    )


def with_indicators_at(projects, day: date) -> list[Project]:
    """The projects with their indicators, each with its latest measurement up to `day` (or None)."""
    measured = Measurement.objects.filter(measured_on__lte=day).order_by("measured_on")
    projects = list(projects.prefetch_related(Prefetch("indicators__measurements", measured)))
    for project in projects:
        project.indicators_at = list(project.indicators.all())
        for indicator in project.indicators_at:
            measurements = list(indicator.measurements.all())
            indicator.latest = measurements[-1] if measurements else None
            indicator.percent = indicator.progress(indicator.latest.value if indicator.latest else None)
    return projects


def projects_of_year(year: int) -> dict:
    """For the annual bulletin: projects approved, in execution at the end of, and completed in
    `year`, with their indicators' latest measurement of that year."""
    end = date(year, 12, 31)
    public = Project.objects.public().select_related("requesting_country", "providing_country")
    approved = public.filter(ceam_decided_on__year=year).order_by("ceam_decided_on", "pk")
    # No date is kept for the start of execution: a project counts from its approval (and planned
    # start) until its completion.
    running = (
        public.filter(state__in=[State.IN_EXECUTION, State.COMPLETED], ceam_decided_on__lte=end)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=end))
        .order_by("ceam_decided_on", "pk")
    )
    completed = public.filter(state=State.COMPLETED, completed_on__year=year).order_by("completed_on", "pk")
    return {
        "approved": list(approved),
        "in_execution": with_indicators_at(running, end),
        "completed": with_indicators_at(completed, end),
    }


def projects_in_execution() -> list[Project]:
    """Every project in execution today, oldest approval first."""
    return list(
        Project.objects.filter(state=State.IN_EXECUTION)
        .select_related("requesting_country", "providing_country")
        .order_by("ceam_decided_on", "pk")
    )
