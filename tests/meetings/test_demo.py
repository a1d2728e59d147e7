"""The demo meetings: the proposal's budget reproduced to the dollar."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from meetings.models import Meeting, Registration
from meetings.selectors import budget_table, outcome_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_held_meetings_budget_and_commitments_are_the_proposals_27500(demo):
    held = Meeting.objects.get(status=Meeting.Status.HELD)

    table = budget_table(held)

    by_category = {row.category: (row.budget, row.committed) for row in table.rows}
    assert by_category["travel"] == (Decimal("10000.00"), Decimal("10000.00"))
    assert by_category["per_diem"] == (Decimal("10500.00"), Decimal("10500.00"))
    assert (table.budget, table.committed) == (Decimal("27500.00"), Decimal("27500.00"))
    assert table.actual == Decimal("24875.50")
    assert table.variance == Decimal("2624.50")


def test_the_held_meeting_has_attendance_and_published_minutes(demo):
    held = Meeting.objects.get(status=Meeting.Status.HELD)

    attendance = sorted(held.registrations.values_list("attendance", flat=True))

    assert attendance == ["attended"] * 9 + ["excused"]
    assert held.minutes_published
    assert sorted(held.documents.values_list("language", flat=True)) == ["en", "es"]


def test_the_upcoming_meeting_is_open_and_has_a_waiting_list(demo):
    upcoming = Meeting.objects.get(status=Meeting.Status.REGISTRATION_OPEN)

    waiting = list(upcoming.registrations.waiting().values_list("country__code", flat=True))

    assert upcoming.registrations.holding_seats().count() == upcoming.seats == 10
    assert waiting == ["MX"]
    assert budget_table(upcoming).budget == Decimal("27500.00")


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = (Meeting.objects.count(), Registration.objects.count())

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (Meeting.objects.count(), Registration.objects.count()) == counts == (2, 21)


def test_the_held_meeting_links_an_offer_a_request_and_a_project_of_the_exchanges_demo_once(demo):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (a second run adds nothing)
    held = Meeting.objects.get(status=Meeting.Status.HELD)

    linked = outcome_records(held)

    assert [o.title_es for o in linked["offers"]] == ["Modelo de ventanilla única para personas retornadas"]
    assert [r.title_es for r in linked["requests"]] == ["Apoyo para crear un centro de atención a retornados"]
    assert [p.title_es for p in linked["projects"]] == ["Ventanilla única para personas retornadas"]
