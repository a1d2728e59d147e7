"""Every change of state of cooperation projects: writing, the CEAM workflow, indicators, reports.

The admin, the site's forms and the Celery tasks all call these functions: one set of checks.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.scoping import acts_for_all_countries, may_write

from .models import (
    CeamDecision,
    CooperationMatch,
    Indicator,
    Measurement,
    ProgressReport,
    Project,
    ReportDocument,
)
from .project_notifications import queue_decision_notice

State = Project.State
Decision = CeamDecision.Decision
ADD_PERMISSION = "exchanges.add_project"
CHANGE_PERMISSION = "exchanges.change_project"
DECIDE_PERMISSION = "exchanges.decide_project"
COUNTRY, CEAM = "country", "ceam"

# Which moves exist, who makes them (the involved countries' side, or the CEAM secretariat), and
# the decision the CEAM records for its own moves.
TRANSITIONS = {
    (State.DRAFT, State.SUBMITTED): (COUNTRY, None),
    (State.SUBMITTED, State.UNDER_REVIEW): (CEAM, Decision.REVIEW),
    (State.UNDER_REVIEW, State.APPROVED): (CEAM, Decision.APPROVED),
    (State.UNDER_REVIEW, State.DRAFT): (CEAM, Decision.RETURNED),
    (State.UNDER_REVIEW, State.REJECTED): (CEAM, Decision.REJECTED),
    (State.APPROVED, State.IN_EXECUTION): (COUNTRY, None),
    (State.IN_EXECUTION, State.COMPLETED): (COUNTRY, None),
    (State.APPROVED, State.CANCELLED): (CEAM, Decision.CANCELLED),
    (State.IN_EXECUTION, State.CANCELLED): (CEAM, Decision.CANCELLED),
}
# Measurements and progress reports are written once the work has started, and after it ended.
REPORTING_STATES = (State.APPROVED, State.IN_EXECUTION, State.COMPLETED)


# --- who may do what ----------------------------------------------------------------------------


def may_decide(user) -> bool:
    """The CEAM secretariat (and superusers): reviews, approves, returns, rejects, cancels."""
    return user.is_active and user.has_perm(DECIDE_PERMISSION) and acts_for_all_countries(user)


def may_write_project(user, project: Project, permission: str = CHANGE_PERMISSION) -> bool:
    """Whether the user holds `permission` for one of the two countries of the project."""
    return any(may_write(user, country_id, permission) for country_id in project.country_ids)


def may_edit_project(user, project: Project) -> bool:
    """Content changes only while a draft: what the CEAM reviews is what it approves."""
    return project.state == State.DRAFT and may_write_project(user, project)


def may_report_on(user, project: Project) -> bool:
    return project.state in REPORTING_STATES and may_write_project(user, project)


def ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- writing ------------------------------------------------------------------------------------


@transaction.atomic
def save_project(project: Project, *, by) -> Project:
    """Create or update a draft project of one of the user's countries (validated first)."""
    creating = project.pk is None
    if not creating:  # the stored countries and state decide, not the ones being written
        ensure(may_edit_project(by, Project.objects.get(pk=project.pk)))
    ensure(may_write_project(by, project, ADD_PERMISSION if creating else CHANGE_PERMISSION))
    if creating:
        project.created_by = by
    # The state and the CEAM's fields move only through the workflow, never with the content.
    project.state = State.DRAFT
    project.ceam_reference, project.ceam_decided_on = "", None
    project.full_clean()
    project._history_user = by
    project.save()
    return project


@transaction.atomic
def project_from_match(match: CooperationMatch, *, by) -> Project:
    """Start a draft project from an agreed offer-request pair; the request's side asks, the offer's gives."""
    match = CooperationMatch.objects.select_for_update().select_related("offer", "request").get(pk=match.pk)
    if match.status != CooperationMatch.Status.AGREED:
        raise ValidationError(_("Only a pair both sides agreed on can become a project."))
    if Project.objects.filter(from_match=match).exists():
        raise ValidationError(_("This pair is already a project."))
    offer, request = match.offer, match.request
    project = Project(
        from_match=match,
        requesting_country_id=request.country_id,
        requesting_institution_id=request.institution_id,
        providing_country_id=offer.country_id,
        providing_institution_id=offer.institution_id,
    )
    for field in ("title", "summary"):
        source = "title" if field == "title" else "description"
        for code in ("es", "en", "fr", "pt"):
            setattr(project, f"{field}_{code}", getattr(request, f"{source}_{code}") or "")
    project.title = project.title_es or request.title
    return save_project(project, by=by)


# --- the workflow -------------------------------------------------------------------------------


@transaction.atomic
def change_project_state(
    project: Project, to_state: str, *, by, reference: str = "", decided_on=None, note: str = ""
) -> CeamDecision | None:
    """Move a project along its workflow; CEAM moves become decisions, emailed to both countries."""
    caller_copy, project = project, Project.objects.select_for_update().get(pk=project.pk)
    rule = TRANSITIONS.get((project.state, to_state))
    if rule is None:
        raise ValidationError(
            _("A project cannot go from “%(from)s” to “%(to)s”.")
            % {"from": project.get_state_display(), "to": State(to_state).label}
        )
    who, decision = rule
    ensure(may_decide(by) if who == CEAM else may_write_project(by, project))
    check_decision_input(decision, reference=reference, note=note)
    fields = apply_state(project, to_state, by=by, reference=reference, decided_on=decided_on)
    project._history_user = by
    project.save(update_fields=[*fields, "updated_at"])
    caller_copy.refresh_from_db()  # the caller's instance shows the new state too
    if decision is None:
        return None
    record = CeamDecision.objects.create(
        project=project,
        decision=decision,
        reference=reference.strip(),
        decided_on=decided_on or timezone.localdate(),
        note=note.strip(),
        by=by,
    )
    queue_decision_notice(record)  # in this transaction: no decision without its notice
    return record


def check_decision_input(decision, *, reference: str, note: str) -> None:
    if decision in (Decision.APPROVED, Decision.REJECTED) and not reference.strip():
        raise ValidationError(_("Give the reference of the CEAM resolution."))
    if decision in (Decision.RETURNED, Decision.REJECTED, Decision.CANCELLED) and not note.strip():
        raise ValidationError(_("Say why in the note: it is sent to the focal points."))


def apply_state(project: Project, to_state: str, *, by, reference: str, decided_on) -> list[str]:
    """Set the state and what comes with it; returns the changed fields."""
    project.state = to_state
    fields = ["state"]
    if to_state == State.SUBMITTED:
        project.submitted_at = timezone.now()
        fields.append("submitted_at")
    if to_state in (State.APPROVED, State.REJECTED):
        project.ceam_reference = reference.strip()
        project.ceam_decided_on = decided_on or timezone.localdate()
        fields += ["ceam_reference", "ceam_decided_on"]
    if to_state == State.COMPLETED:
        if not project.results_report.strip():
            raise ValidationError(_("Write the results report before completing the project."))
        project.completed_on = timezone.localdate()
        fields.append("completed_on")
    return fields


def submit_project(project, *, by):
    return change_project_state(project, State.SUBMITTED, by=by)


def start_review(project, *, by, note=""):
    return change_project_state(project, State.UNDER_REVIEW, by=by, note=note)


def approve_project(project, *, by, reference, decided_on=None, note=""):
    return change_project_state(
        project, State.APPROVED, by=by, reference=reference, decided_on=decided_on, note=note
    )


def return_project(project, *, by, note, reference="", decided_on=None):
    return change_project_state(
        project, State.DRAFT, by=by, reference=reference, decided_on=decided_on, note=note
    )


def reject_project(project, *, by, reference, note, decided_on=None):
    return change_project_state(
        project, State.REJECTED, by=by, reference=reference, decided_on=decided_on, note=note
    )


def start_execution(project, *, by):
    return change_project_state(project, State.IN_EXECUTION, by=by)


@transaction.atomic
def complete_project(project: Project, *, by, results_report: str = "", language: str = "es"):
    """Write the results report (in `language`) if given, then mark the project completed."""
    ensure(may_write_project(by, project))
    if results_report.strip():
        setattr(project, f"results_report_{language}", results_report.strip())
        project.save(update_fields=[f"results_report_{language}", "updated_at"])
    return change_project_state(project, State.COMPLETED, by=by)


def cancel_project(project, *, by, note, reference="", decided_on=None):
    return change_project_state(
        project, State.CANCELLED, by=by, reference=reference, decided_on=decided_on, note=note
    )


# --- indicators and reports ---------------------------------------------------------------------


def add_measurement(indicator: Indicator, *, by, measured_on, value, source: str) -> Measurement:
    """Record a dated value of an indicator, once the project has started; one value per day."""
    ensure(may_report_on(by, indicator.project))
    measurement = Measurement(
        indicator=indicator, measured_on=measured_on, value=value, source=source.strip(), recorded_by=by
    )
    measurement.full_clean()  # says "already a value on that day" rather than an IntegrityError
    measurement.save()
    return measurement


def add_progress_report(project: Project, *, by, period_end, text: str, documents=()) -> ProgressReport:
    """Store a progress report and its checked uploads (see initiatives' DocumentForm); all or nothing."""
    ensure(may_report_on(by, project))
    stored = []
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                project=project, period_end=period_end, text=text, written_by=by
            )
            for title, upload in documents:
                document = ReportDocument(
                    report=report, title=title, content_type=upload.sniffed_content_type, size=upload.size
                )
                document.file.save(upload.name, upload, save=False)
                stored.append(document.file)
                document.save()
    except Exception:
        for file in stored:  # no orphan file when the rows cannot be written
            file.delete(save=False)
        raise
    return report


# --- follow-up answers --------------------------------------------------------------------------


def record_followup_answer(
    *, project_id: int, months: int, country_id: int, adopted: str, what_changed: str, email: str
):
    """Store (or replace) one country's answer to a follow-up questionnaire; the signed link is the check."""
    from .models import FollowUpAnswer

    project = Project.objects.get(pk=project_id, state=State.COMPLETED)
    if country_id not in project.country_ids:
        raise PermissionDenied
    answer, _created = FollowUpAnswer.objects.update_or_create(
        project=project,
        months=months,
        country_id=country_id,
        defaults={"adopted": adopted, "what_changed": what_changed.strip(), "answered_by": email},
    )
    return answer
