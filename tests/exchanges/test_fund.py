"""The cooperation fund: balance, allocations within what was received, disbursements, pages and rights."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from exchanges import fund_services
from exchanges.fund_selectors import movements_by_year
from exchanges.models import Allocation, Project
from network.roles import TECHNICAL_SECRETARIAT
from tests.factories import StaffFactory

from .project_factories import ProjectFactory, contribution, walk_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]


@pytest.fixture
def treasurer(db):
    return StaffFactory(groups=[TECHNICAL_SECRETARIAT])


@pytest.fixture
def approved(focal_point_gt, ceam_user):
    return walk_to(
        ProjectFactory(), Project.State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user
    )


def test_the_balance_counts_received_money_only(treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    contribution("ES", "5000", by=treasurer, received=False)
    allocation = fund_services.allocate_to_project(approved, amount="6000", by=treasurer)
    fund_services.disburse(allocation, amount="2500", by=treasurer)

    balance = fund_services.fund_balance()

    assert balance == {
        "received": Decimal("10000"),
        "pledged": Decimal("5000"),
        "allocated": Decimal("6000"),
        "disbursed": Decimal("2500"),
        "available": Decimal("4000"),
    }


def test_an_allocation_beyond_received_minus_allocated_is_refused(treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    contribution("ES", "50000", by=treasurer, received=False)  # pledged money cannot be allocated
    fund_services.allocate_to_project(approved, amount="7000", by=treasurer)

    with pytest.raises(ValidationError, match=r"3000\.00 USD received and not yet allocated"):
        fund_services.allocate_to_project(approved, amount="3000.01", by=treasurer)

    assert list(Allocation.objects.values_list("amount", flat=True)) == [Decimal("7000.00")]


def test_only_approved_projects_or_in_execution_receive_money(treasurer, focal_point_gt):
    contribution("CA", "10000", by=treasurer)
    draft = ProjectFactory()

    with pytest.raises(ValidationError, match="Only an approved project"):
        fund_services.allocate_to_project(draft, amount="100", by=treasurer)

    assert Allocation.objects.count() == 0


def test_a_disbursement_never_exceeds_its_allocation(treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    allocation = fund_services.allocate_to_project(approved, amount="1000", by=treasurer)
    fund_services.disburse(allocation, amount="600", by=treasurer)

    with pytest.raises(ValidationError, match=r"400\.00 USD left"):
        fund_services.disburse(allocation, amount="401", by=treasurer)


def test_focal_points_and_the_ceam_do_not_move_money(approved, focal_point_gt, ceam_user, treasurer):
    contribution("CA", "10000", by=treasurer)

    for user in (focal_point_gt.user, ceam_user):
        with pytest.raises(PermissionDenied):
            fund_services.allocate_to_project(approved, amount="10", by=user)


def test_movements_are_summed_by_year(treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    fund_services.allocate_to_project(approved, amount="1000", by=treasurer)

    year = timezone.localdate().year
    assert movements_by_year() == [
        {"year": year, "received": Decimal("10000.00"), "allocated": Decimal("1000.00"), "disbursed": 0}
    ]


def test_the_public_summary_shows_totals_and_contributors_but_not_the_movements(client, treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    contribution("ES", "2500", by=treasurer, received=False)
    fund_services.allocate_to_project(approved, amount="1234", by=treasurer, note="Primera misión")

    with translation.override("es"):
        response = client.get(reverse("exchanges:fund"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Canadá" in text
    assert "España" in text
    assert "10\xa0000,00" in text  # Spanish grouping: a non-breaking space
    assert "Primera misión" not in text
    assert reverse("exchanges:fund_detail") not in text


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("focal_point", 403), ("ceam", 200), ("technical", 200)]
)
def test_the_fund_detail_is_for_the_secretariats_only(
    client, role, status, focal_point_gt, ceam_user, treasurer
):
    users = {"focal_point": focal_point_gt.user, "ceam": ceam_user, "technical": treasurer}
    if role in users:
        client.force_login(users[role])

    response = client.get(reverse("exchanges:fund_detail"))

    assert response.status_code == status


def test_the_fund_detail_lists_every_movement(client, treasurer, approved):
    contribution("CA", "10000", by=treasurer)
    fund_services.allocate_to_project(approved, amount="1234", by=treasurer, note="Primera misión")
    client.force_login(treasurer)

    response = client.get(reverse("exchanges:fund_detail"))

    assert "Primera misión" in response.content.decode()
    assert approved.title in response.content.decode()


def test_the_admin_refuses_an_overdraft_on_the_field_and_saves_nothing(admin_client_for, treasurer, approved):
    contribution("CA", "1000", by=treasurer)
    client = admin_client_for(treasurer)

    response = client.post(
        reverse("admin:exchanges_allocation_add"),
        {"project": approved.pk, "amount": "1500", "allocated_on": "2026-01-10", "note": ""},
    )

    assert response.status_code == 200
    assert "1000.00 USD received and not yet allocated" in response.content.decode()
    assert Allocation.objects.count() == 0


def test_the_admin_records_an_allocation_through_the_service(admin_client_for, treasurer, approved):
    contribution("CA", "1000", by=treasurer)
    client = admin_client_for(treasurer)

    response = client.post(
        reverse("admin:exchanges_allocation_add"),
        {"project": approved.pk, "amount": "400", "allocated_on": "2026-01-10", "note": "Viajes"},
    )

    assert response.status_code == 302
    assert list(Allocation.objects.values_list("amount", "recorded_by")) == [
        (Decimal("400.00"), treasurer.pk)
    ]


def test_the_public_summary_names_the_contributors_in_the_pages_language(client, treasurer):
    contribution("CA", "10000", by=treasurer)
    contribution("ES", "2500", by=treasurer, received=False)

    with translation.override("en"):
        text = client.get(reverse("exchanges:fund")).content.decode()

    assert "Canada" in text and "Canadá" not in text  # noqa: PT018
    assert "Spain" in text and "España" not in text  # noqa: PT018
