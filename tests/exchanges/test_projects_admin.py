"""The CEAM secretariat decides in the admin: an action, a confirmation page, then the recorded decision."""

import pytest
from django.urls import reverse

from core.models import OutboundEmail
from exchanges.models import CeamDecision, Project

from .project_factories import ProjectFactory, walk_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]
State = Project.State
CHANGELIST = reverse("admin:exchanges_project_changelist")


@pytest.fixture
def under_review(focal_point_gt, focal_point_mx, ceam_user):
    return walk_to(
        ProjectFactory(), State.UNDER_REVIEW, focal_point_user=focal_point_gt.user, ceam_user=ceam_user
    )


def test_approving_asks_for_confirmation_first_and_changes_nothing_yet(
    admin_client_for, ceam_user, under_review
):
    client = admin_client_for(ceam_user)

    response = client.post(CHANGELIST, {"action": "approve", "_selected_action": [under_review.pk]})

    assert response.status_code == 200
    assert under_review.title in response.content.decode()
    assert 'name="reference"' in response.content.decode()
    assert Project.objects.get(pk=under_review.pk).state == State.UNDER_REVIEW


def test_the_ceam_secretariat_approves_with_the_resolution_after_confirming(
    admin_client_for, ceam_user, under_review, focal_point_gt, focal_point_mx
):
    client = admin_client_for(ceam_user)

    response = client.post(
        CHANGELIST,
        {
            "action": "approve",
            "_selected_action": [under_review.pk],
            "confirm": "yes",
            "reference": "CEAM/RES. 31/26",
            "decided_on": "2026-11-20",
            "note": "Aprobado en la sesión de noviembre.",
        },
    )

    assert response.status_code == 302
    project = Project.objects.get(pk=under_review.pk)
    assert (project.state, project.ceam_reference, str(project.ceam_decided_on)) == (
        "approved",
        "CEAM/RES. 31/26",
        "2026-11-20",
    )
    decision = CeamDecision.objects.get(project=project, decision="approved")
    assert (decision.by, decision.note) == (ceam_user, "Aprobado en la sesión de noviembre.")
    recipients = OutboundEmail.objects.filter(notice_key=f"exchanges.ceamdecision:{decision.pk}")
    assert sorted(recipients.values_list("to", flat=True)) == sorted(
        [focal_point_gt.user.email, focal_point_mx.user.email]
    )


def test_a_confirmation_without_the_note_a_return_needs_shows_the_message(
    admin_client_for, ceam_user, under_review
):
    client = admin_client_for(ceam_user)

    response = client.post(
        CHANGELIST,
        {
            "action": "return_to_draft",
            "_selected_action": [under_review.pk],
            "confirm": "yes",
            "decided_on": "2026-11-20",
        },
        follow=True,
    )

    assert "Say why in the note" in response.content.decode()
    assert Project.objects.get(pk=under_review.pk).state == State.UNDER_REVIEW


def test_a_focal_point_is_not_offered_the_ceam_actions(admin_client_for, focal_point_gt, under_review):
    client = admin_client_for(focal_point_gt.user)

    response = client.get(CHANGELIST)

    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "submit" in actions
    assert not {"approve", "reject", "return_to_draft", "take_under_review", "cancel"} & set(actions)


def test_a_focal_point_posting_the_approve_action_changes_nothing(
    admin_client_for, focal_point_gt, under_review
):
    client = admin_client_for(focal_point_gt.user)

    client.post(
        CHANGELIST,
        {
            "action": "approve",
            "_selected_action": [under_review.pk],
            "confirm": "yes",
            "reference": "X",
            "decided_on": "2026-11-20",
        },
    )

    assert Project.objects.get(pk=under_review.pk).state == State.UNDER_REVIEW


def test_staff_see_the_history_of_a_project_in_the_admin(
    admin_client_for, ceam_user, focal_point_gt, under_review
):
    client = admin_client_for(ceam_user)

    response = client.get(reverse("admin:exchanges_project_history", args=[under_review.pk]))

    records = response.context["page_obj"].object_list
    assert response.status_code == 200
    assert [(r.state, r.history_user) for r in records][:2] == [
        ("under_review", ceam_user),
        ("submitted", focal_point_gt.user),
    ]


def test_an_old_version_cannot_be_restored_from_the_admin(admin_client_for, ceam_user, under_review):
    client = admin_client_for(ceam_user)
    first = under_review.history.earliest("history_date")

    response = client.post(
        reverse("admin:exchanges_project_simple_history", args=[under_review.pk, first.history_id]), {}
    )

    assert response.status_code == 403
    assert Project.objects.get(pk=under_review.pk).state == State.UNDER_REVIEW
