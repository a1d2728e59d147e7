"""The demo: projects in every workflow state, indicators with measurements, fund movements; idempotent."""

import pytest
from django.core.management import call_command

from exchanges.fund_services import fund_balance
from exchanges.models import CeamDecision, Contribution, Measurement, Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_project_in_every_state_with_indicators_and_the_fund_moves(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    states = set(Project.objects.values_list("state", flat=True))
    assert states == set(Project.State.values)
    assert CeamDecision.objects.filter(decision=CeamDecision.Decision.RETURNED).exists()
    assert Measurement.objects.filter(indicator__project__state=Project.State.COMPLETED).count() == 6
    assert Contribution.objects.filter(contributor__oas_status="observer").exists()
    balance = fund_balance()
    assert balance["received"] > balance["allocated"] > balance["disbursed"] > 0
    assert Project.objects.filter(from_match__isnull=False).count() == 1
    completed = Project.objects.get(state=Project.State.COMPLETED)
    assert client.get(completed.get_absolute_url()).status_code == 200


def test_loading_the_demo_twice_adds_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Project.objects.count(), Measurement.objects.count(), Contribution.objects.count())

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (Project.objects.count(), Measurement.objects.count(), Contribution.objects.count()) == counts
