"""The project workflow: who moves a project where, what is refused and why, what is recorded and emailed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.models import OutboundEmail
from exchanges import project_services as services
from exchanges.models import CeamDecision, Project
from network.roles import TECHNICAL_SECRETARIAT
from tests.factories import StaffFactory

from .project_factories import ProjectFactory, walk_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]
State = Project.State


@pytest.fixture
def project(focal_point_gt, focal_point_mx):
    return ProjectFactory()


def test_the_ceam_secretariat_approves_a_reviewed_project_with_its_resolution(
    project, focal_point_gt, ceam_user
):
    services.submit_project(project, by=focal_point_gt.user)
    services.start_review(project, by=ceam_user)

    decision = services.approve_project(
        project, by=ceam_user, reference="CEAM/RES. 7/26", note="Buen diseño."
    )

    project.refresh_from_db()
    assert project.state == State.APPROVED
    assert (project.ceam_reference, project.ceam_decided_on) == ("CEAM/RES. 7/26", decision.decided_on)
    assert list(project.decisions.values_list("decision", "reference", "note")) == [
        ("under_review", "", ""),
        ("approved", "CEAM/RES. 7/26", "Buen diseño."),
    ]


def test_each_decision_emails_the_focal_points_of_both_countries_once(
    project, focal_point_gt, focal_point_mx, ceam_user
):
    services.submit_project(project, by=focal_point_gt.user)
    services.start_review(project, by=ceam_user)
    decision = services.approve_project(project, by=ceam_user, reference="CEAM/RES. 7/26")

    emails = OutboundEmail.objects.filter(notice_key=f"exchanges.ceamdecision:{decision.pk}")

    assert sorted(emails.values_list("to", flat=True)) == sorted(
        [focal_point_gt.user.email, focal_point_mx.user.email]
    )
    assert "CEAM/RES. 7/26" in emails.first().body
    assert OutboundEmail.objects.count() == 4  # the review and the approval, to two people each


def test_a_returned_project_goes_back_to_draft_with_the_note(project, focal_point_gt, ceam_user):
    walk_to(project, State.UNDER_REVIEW, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    services.return_project(project, by=ceam_user, note="Falta el presupuesto de viajes.")

    project.refresh_from_db()
    assert project.state == State.DRAFT
    assert project.decisions.last().decision == CeamDecision.Decision.RETURNED
    assert project.decisions.last().note == "Falta el presupuesto de viajes."
    assert services.may_edit_project(focal_point_gt.user, project)


def test_returning_or_rejecting_without_a_note_is_refused_and_changes_nothing(
    project, focal_point_gt, ceam_user
):
    walk_to(project, State.UNDER_REVIEW, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    with pytest.raises(ValidationError, match="Say why in the note"):
        services.return_project(project, by=ceam_user, note="  ")
    with pytest.raises(ValidationError, match="reference of the CEAM resolution"):
        services.reject_project(project, by=ceam_user, reference="", note="No procede.")

    project.refresh_from_db()
    assert project.state == State.UNDER_REVIEW
    assert project.decisions.count() == 1


def test_an_illegal_transition_is_refused_with_a_clear_message(project, ceam_user):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.approve_project(project, by=ceam_user, reference="CEAM/RES. 1/26")

    assert raised.value.messages == ["A project cannot go from “Draft” to “Approved”."]
    assert Project.objects.get(pk=project.pk).state == State.DRAFT


def test_only_the_ceam_secretariat_decides(project, focal_point_gt, focal_point_mx):
    services.submit_project(project, by=focal_point_gt.user)
    technical = StaffFactory(groups=[TECHNICAL_SECRETARIAT])

    for user in (focal_point_gt.user, focal_point_mx.user, technical):
        with pytest.raises(PermissionDenied):
            services.start_review(project, by=user)

    assert Project.objects.get(pk=project.pk).state == State.SUBMITTED


def test_a_focal_point_of_a_third_country_cannot_submit(project, ceam_user):
    from tests.factories import FocalPointFactory, InstitutionFactory, country

    outsider = FocalPointFactory(institution=InstitutionFactory(country=country("CO")))

    with pytest.raises(PermissionDenied):
        services.submit_project(project, by=outsider.user)


def test_completion_needs_a_results_report(project, focal_point_mx, ceam_user):
    walk_to(project, State.IN_EXECUTION, focal_point_user=focal_point_mx.user, ceam_user=ceam_user)

    with pytest.raises(ValidationError, match="results report"):
        services.complete_project(project, by=focal_point_mx.user)
    services.complete_project(
        project, by=focal_point_mx.user, results_report="Se redujo el tiempo de atención."
    )

    project.refresh_from_db()
    assert project.state == State.COMPLETED
    assert project.results_report_es == "Se redujo el tiempo de atención."
    assert project.completed_on is not None


def test_the_ceam_cancels_a_project_in_execution_with_a_note(project, focal_point_mx, ceam_user):
    walk_to(project, State.IN_EXECUTION, focal_point_user=focal_point_mx.user, ceam_user=ceam_user)

    services.cancel_project(project, by=ceam_user, note="El país solicitante desistió.")

    assert Project.objects.get(pk=project.pk).state == State.CANCELLED


def test_a_submitted_project_can_no_longer_be_changed(project, focal_point_gt):
    services.submit_project(project, by=focal_point_gt.user)
    project.refresh_from_db()
    project.title_es = "Otro título"

    with pytest.raises(PermissionDenied):
        services.save_project(project, by=focal_point_gt.user)


def test_every_change_is_kept_in_the_history_with_who_made_it(project, focal_point_gt, ceam_user):
    walk_to(project, State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    history = list(project.history.order_by("history_date").values_list("state", "history_user"))

    assert history[1:] == [
        ("submitted", focal_point_gt.user.pk),
        ("under_review", ceam_user.pk),
        ("approved", ceam_user.pk),
    ]


def test_decisions_are_recorded_with_the_decision_date_given(project, focal_point_gt, ceam_user):
    from datetime import date

    walk_to(project, State.UNDER_REVIEW, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    services.reject_project(
        project,
        by=ceam_user,
        reference="CEAM/RES. 9/26",
        note="Fuera del mandato.",
        decided_on=date(2026, 3, 2),
    )

    decision = CeamDecision.objects.get(project=project, decision="rejected")
    assert decision.decided_on == date(2026, 3, 2)
    assert Project.objects.get(pk=project.pk).ceam_decided_on == date(2026, 3, 2)
