"""The cost arithmetic of meetings/costs.py: pure functions, no database."""

from datetime import date
from decimal import Decimal

import pytest

from meetings import costs
from meetings.costs import BudgetRow, BudgetTable, FundedStay


def test_per_diem_days_count_the_nights_between_arrival_and_departure():
    assert costs.per_diem_days(date(2026, 3, 9), date(2026, 3, 12)) == 3


def test_a_same_day_visit_has_no_per_diem_day():
    assert costs.per_diem_days(date(2026, 3, 9), date(2026, 3, 9)) == 0


def test_a_stay_across_a_month_end_counts_the_right_days():
    assert costs.per_diem_days(date(2026, 2, 27), date(2026, 3, 2)) == 3


def test_departure_before_arrival_is_refused():
    with pytest.raises(ValueError, match="departure"):
        costs.per_diem_days(date(2026, 3, 12), date(2026, 3, 9))


def test_per_diem_amount_is_days_times_the_rate():
    assert costs.per_diem_amount(3, Decimal("350")) == Decimal("1050.00")


def test_per_diem_rounds_to_cents_half_up():
    assert costs.per_diem_amount(1, Decimal("123.455")) == Decimal("123.46")


def test_a_negative_rate_is_refused():
    with pytest.raises(ValueError, match="negative"):
        costs.per_diem_amount(3, Decimal("-1"))


def test_a_service_line_is_quantity_times_days_times_unit_cost():
    assert costs.service_line_cost(Decimal(2), 3, Decimal("750")) == Decimal("4500.00")


def test_a_service_line_with_a_negative_cost_is_refused():
    with pytest.raises(ValueError, match="negative"):
        costs.service_line_cost(1, 1, Decimal("-5"))


def test_travel_uses_the_allowance_until_the_ticket_cost_is_known():
    assert costs.delegate_travel_cost(None, Decimal("1000")) == Decimal("1000.00")
    assert costs.delegate_travel_cost(Decimal("812.40"), Decimal("1000")) == Decimal("812.40")


def test_the_proposals_ten_delegates_cost_10000_travel_and_10500_per_diem():
    stays = [FundedStay(date(2026, 3, 9), date(2026, 3, 12)) for _ in range(10)]

    travel = costs.committed_travel(stays, Decimal("1000"))
    per_diem = costs.committed_per_diem(stays, Decimal("350"))

    assert (travel, per_diem) == (Decimal("10000.00"), Decimal("10500.00"))


def test_no_funded_delegate_commits_nothing():
    assert costs.committed_travel([], Decimal("1000")) == Decimal("0.00")
    assert costs.committed_per_diem([], Decimal("350")) == Decimal("0.00")


def test_variance_is_budget_minus_actual_and_unknown_before_actuals():
    under = BudgetRow(
        "travel", "Travel", budget=Decimal("10000"), committed=Decimal("9000"), actual=Decimal("9400")
    )
    over = BudgetRow("coffee", "Coffee", budget=Decimal("450"), actual=Decimal("512.25"))
    unknown = BudgetRow("printing", "Printing", budget=Decimal("200"))

    assert (under.variance, over.variance, unknown.variance) == (Decimal("600.00"), Decimal("-62.25"), None)
    assert under.available == Decimal("1000.00")


def test_totals_add_every_category_and_variance_only_those_with_actuals():
    table = BudgetTable(
        [
            BudgetRow("travel", "Travel", Decimal("10000"), Decimal("10000"), Decimal("9400")),
            BudgetRow("per_diem", "Per diem", Decimal("10500"), Decimal("10500"), Decimal("10500")),
            BudgetRow("printing", "Printing", Decimal("200"), Decimal("200"), None),
        ]
    )

    assert (table.budget, table.committed, table.actual) == (
        Decimal("20700.00"),
        Decimal("20700.00"),
        Decimal("19900.00"),
    )
    assert table.variance == Decimal("600.00")
    assert table.available == Decimal("0.00")


def test_a_table_without_actuals_has_no_actual_total_nor_variance():
    table = BudgetTable([BudgetRow("travel", "Travel", Decimal("10"))])

    assert (table.actual, table.variance) == (None, None)
