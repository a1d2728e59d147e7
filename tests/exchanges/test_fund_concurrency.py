"""Two allocations made at the same moment, in two connections to PostgreSQL, cannot overdraw the fund."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from exchanges import fund_services
from exchanges.models import Allocation, Fund, Project
from network.roles import TECHNICAL_SECRETARIAT
from tests.factories import FocalPointFactory, InstitutionFactory, StaffFactory, country

from .project_factories import ProjectFactory, contribution, walk_to


def allocate_at_the_same_moment(project, treasurer, amounts) -> list:
    """Run one allocation per amount, each in its own thread (its own database connection), released
    together by a barrier; returns what each one ended with (the allocation or the error)."""
    barrier = threading.Barrier(len(amounts))
    outcomes = [None] * len(amounts)

    def allocate(index, amount):
        try:
            barrier.wait()
            outcomes[index] = fund_services.allocate_to_project(project, amount=amount, by=treasurer)
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=allocate, args=(i, a)) for i, a in enumerate(amounts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_allocations_at_the_same_moment_never_overdraw_the_fund():
    treasurer = StaffFactory(groups=[TECHNICAL_SECRETARIAT])
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("GT")))
    project = walk_to(ProjectFactory(), Project.State.APPROVED, focal_point_user=focal_point.user)
    contribution("CA", "1000", by=treasurer)
    Fund.current()

    outcomes = allocate_at_the_same_moment(project, treasurer, ["700", "700"])

    assert connection.vendor == "postgresql"
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Allocation", "ValidationError"]
    assert list(Allocation.objects.values_list("amount", flat=True)) == [Decimal("700.00")]
    assert fund_services.fund_balance()["available"] == Decimal("300.00")


@pytest.mark.django_db(transaction=True)
def test_allocations_at_the_same_moment_that_fit_together_all_pass():
    treasurer = StaffFactory(groups=[TECHNICAL_SECRETARIAT])
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("GT")))
    project = walk_to(ProjectFactory(), Project.State.APPROVED, focal_point_user=focal_point.user)
    contribution("CA", "1000", by=treasurer)

    outcomes = allocate_at_the_same_moment(project, treasurer, ["300", "300", "400"])

    assert all(isinstance(outcome, Allocation) for outcome in outcomes)
    assert fund_services.fund_balance()["available"] == Decimal("0.00")
