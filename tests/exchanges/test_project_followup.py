"""Follow-up questionnaires 6 and 12 months after completion: sent once to both sides, answered by a
signed link, answers stored on the project."""

import re
import time
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundEmail
from exchanges.models import FollowUpAnswer, Project
from exchanges.project_notifications import (
    add_months,
    followup_token,
    queue_due_followups,
    read_followup_token,
)
from exchanges.tasks import send_project_followups_task
from tests.initiatives.test_workflow import wait_for_messages

from .project_factories import ProjectFactory, walk_to

State = Project.State


def completed_on(day: date, *, focal_point_user, ceam_user) -> Project:
    project = walk_to(
        ProjectFactory(), State.COMPLETED, focal_point_user=focal_point_user, ceam_user=ceam_user
    )
    Project.objects.filter(pk=project.pk).update(completed_on=day)
    project.refresh_from_db()
    return project


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2025, 8, 15), 6, date(2026, 2, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_months_are_added_to_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.django_db
def test_the_questionnaire_goes_to_both_sides_once_six_months_after(
    focal_point_gt, focal_point_mx, ceam_user
):
    project = completed_on(date(2026, 1, 10), focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    before = queue_due_followups(date(2026, 7, 9))
    due = queue_due_followups(date(2026, 7, 10))
    again = queue_due_followups(date(2026, 7, 11))

    rows = OutboundEmail.objects.filter(notice_key=f"exchanges.followup:{project.pk}:6")
    assert (before, due, again) == (0, 1, 0)
    assert sorted(rows.values_list("to", flat=True)) == sorted(
        [focal_point_gt.user.email, focal_point_mx.user.email]
    )
    assert Project.objects.get(pk=project.pk).followups_sent == [6]


@pytest.mark.django_db
def test_each_side_gets_the_link_to_answer_for_its_own_country(focal_point_gt, focal_point_mx, ceam_user):
    project = completed_on(date(2025, 1, 10), focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    queue_due_followups(date(2026, 2, 1))  # both the 6- and 12-month questionnaires are due

    for focal_point in (focal_point_gt, focal_point_mx):
        bodies = OutboundEmail.objects.filter(to=focal_point.user.email).values_list("body", flat=True)
        tokens = [token for body in bodies for token in re.findall(r"/follow-up/([^/\s]+)/", body)]
        assert sorted((read_followup_token(t)["m"], read_followup_token(t)["c"]) for t in tokens) == [
            (6, focal_point.country_id),
            (12, focal_point.country_id),
        ]
        assert all(read_followup_token(t)["p"] == project.pk for t in tokens)
    assert OutboundEmail.objects.filter(notice_key__startswith="exchanges.followup:").count() == 4


@pytest.mark.django_db
def test_an_answer_by_the_signed_link_is_stored_on_the_project(client, focal_point_gt, ceam_user):
    project = completed_on(date(2026, 1, 10), focal_point_user=focal_point_gt.user, ceam_user=ceam_user)
    link = reverse("exchanges:project_followup", args=[followup_token(project, 6, focal_point_gt.country_id)])

    form = client.get(link)
    response = client.post(
        link, {"adopted": "partly", "what_changed": "Se atiende en dos días.", "email": "ana@example.org"}
    )
    client.post(link, {"adopted": "yes", "what_changed": "Ya en todo el país.", "email": "ana@example.org"})

    assert (form.status_code, response.status_code) == (200, 200)
    assert list(
        FollowUpAnswer.objects.values_list("project", "months", "country", "adopted", "what_changed")
    ) == [(project.pk, 6, focal_point_gt.country_id, "yes", "Ya en todo el país.")]
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ya en todo el país." in page


@pytest.mark.django_db
def test_a_forged_or_bad_link_and_bad_answers_are_refused(client, focal_point_gt, ceam_user):
    project = completed_on(date(2026, 1, 10), focal_point_user=focal_point_gt.user, ceam_user=ceam_user)
    link = reverse("exchanges:project_followup", args=[followup_token(project, 6, focal_point_gt.country_id)])

    forged = client.get(link.replace("/follow-up/", "/follow-up/x"))
    bad = client.post(link, {"adopted": "maybe", "what_changed": "", "email": "not an address"})

    assert forged.status_code == 404
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"adopted", "what_changed", "email"}
    assert FollowUpAnswer.objects.count() == 0


@pytest.mark.django_db
def test_a_link_for_a_country_outside_the_project_is_refused(client, focal_point_gt, ceam_user):
    from tests.factories import country

    project = completed_on(date(2026, 1, 10), focal_point_user=focal_point_gt.user, ceam_user=ceam_user)
    link = reverse("exchanges:project_followup", args=[followup_token(project, 6, country("CO").pk)])

    assert client.get(link).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_runs_in_the_worker_and_the_outbox_sends_the_questionnaires(
    celery_worker, smtp_server, focal_point_gt, focal_point_mx, ceam_user
):
    completed_on(
        timezone.localdate() - timedelta(days=200), focal_point_user=focal_point_gt.user, ceam_user=ceam_user
    )
    wait_until_sent(OutboundEmail.objects.all())  # the decisions' emails, sent by the worker meanwhile
    smtp_server.messages.clear()

    queued = send_project_followups_task.delay().get(timeout=30)
    messages = wait_for_messages(smtp_server, 2)

    assert queued == 1
    assert sorted(m["To"] for m in messages) == sorted([focal_point_gt.user.email, focal_point_mx.user.email])
    assert all("/follow-up/" in m.get_content() for m in messages)


def wait_until_sent(emails, timeout=30):
    deadline = time.monotonic() + timeout
    while emails.exclude(status=OutboundEmail.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not emails.exclude(status=OutboundEmail.Status.SENT).exists()
