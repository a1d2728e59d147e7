"""Cost arithmetic of a meeting, with no database: per diem, services, the budget table and variance.

Money is Decimal throughout and rounded to cents only where an amount is shown or stored.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """`value` as a Decimal rounded to cents (half up, as accountants round)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def not_negative(value, what: str) -> Decimal:
    value = Decimal(value)
    if value < 0:
        raise ValueError(f"{what} cannot be negative: {value}")
    return value


def per_diem_days(arrival: date, departure: date) -> int:
    """Days of per diem for a stay: one per night between arrival and departure.

    A delegate who arrives the evening before a three-day meeting and leaves after its last session
    stays three nights: three days, as the proposal budgets them.
    """
    if departure < arrival:
        raise ValueError("The departure cannot be before the arrival.")
    return (departure - arrival).days


def per_diem_amount(days: int, daily_rate) -> Decimal:
    if days < 0:
        raise ValueError("Days cannot be negative.")
    return money(days * not_negative(daily_rate, "A daily rate"))


def service_line_cost(quantity, days: int, unit_cost) -> Decimal:
    """Quantity (pairs, units) times days times the cost per unit and day."""
    if days < 0:
        raise ValueError("Days cannot be negative.")
    return money(not_negative(quantity, "A quantity") * days * not_negative(unit_cost, "A unit cost"))


def delegate_travel_cost(ticket_cost, allowance) -> Decimal:
    """A funded delegate's travel: the ticket once known, the meeting's allowance until then."""
    return money(not_negative(allowance if ticket_cost is None else ticket_cost, "A travel cost"))


@dataclass(frozen=True)
class FundedStay:
    """What a funded delegate costs: the inputs of the travel and per diem lines."""

    arrival: date
    departure: date
    ticket_cost: Decimal | None = None


def committed_travel(stays: Iterable[FundedStay], allowance) -> Decimal:
    return money(sum((delegate_travel_cost(s.ticket_cost, allowance) for s in stays), Decimal(0)))


def committed_per_diem(stays: Iterable[FundedStay], daily_rate) -> Decimal:
    return money(
        sum((per_diem_amount(per_diem_days(s.arrival, s.departure), daily_rate) for s in stays), Decimal(0))
    )


@dataclass(frozen=True)
class BudgetRow:
    """One category of the budget page: budgeted, committed and actual amounts."""

    category: str
    label: str
    budget: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    actual: Decimal | None = None

    @property
    def variance(self) -> Decimal | None:
        """Budget minus actual: positive is money left, negative an overspend; None before actuals."""
        return None if self.actual is None else money(self.budget - self.actual)

    @property
    def available(self) -> Decimal:
        """Budget minus what is already committed."""
        return money(self.budget - self.committed)


@dataclass(frozen=True)
class BudgetTable:
    rows: list[BudgetRow] = field(default_factory=list)

    @property
    def budget(self) -> Decimal:
        return money(sum((r.budget for r in self.rows), Decimal(0)))

    @property
    def committed(self) -> Decimal:
        return money(sum((r.committed for r in self.rows), Decimal(0)))

    @property
    def actual(self) -> Decimal | None:
        known = [r.actual for r in self.rows if r.actual is not None]
        return money(sum(known, Decimal(0))) if known else None

    @property
    def variance(self) -> Decimal | None:
        """Budget minus actual over the categories whose actual cost is entered."""
        rows = [r for r in self.rows if r.actual is not None]
        return money(sum((r.variance for r in rows), Decimal(0))) if rows else None

    @property
    def available(self) -> Decimal:
        return money(self.budget - self.committed)
