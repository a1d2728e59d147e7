"""Reads of the cooperation fund: the public summary and the secretariat's detail."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from network.models import Country

from .fund_services import fund_balance
from .models import Allocation, Contribution, Disbursement


def contributions_by_contributor() -> list[dict]:
    """Per contributing state: received and pledged-not-received (USD), largest first."""
    rows = (
        Contribution.objects.values("contributor__code", "contributor__name", "contributor__oas_status")
        .annotate(
            received=Sum("amount", filter=Q(received_on__isnull=False), default=Decimal(0)),
            pledged=Sum("amount", filter=Q(received_on__isnull=True), default=Decimal(0)),
        )
        .order_by("-received", "contributor__name")
    )
    rows = list(rows)
    # values() reads the untranslated column: the names come from the countries, in the page's language
    names = {c.code: c.name for c in Country.objects.filter(code__in=[r["contributor__code"] for r in rows])}
    for row in rows:
        row["contributor__name"] = names[row["contributor__code"]]
    return rows


def movements_by_year() -> list[dict]:
    """Per year: received, allocated and disbursed (USD), oldest year first."""
    years: dict[int, dict] = {}

    def add(queryset, date_field, key):
        for row in (
            queryset.annotate(year=ExtractYear(date_field)).values("year").annotate(total=Sum("amount"))
        ):
            years.setdefault(
                row["year"], {"year": row["year"], "received": 0, "allocated": 0, "disbursed": 0}
            )
            years[row["year"]][key] = row["total"]

    add(Contribution.objects.filter(received_on__isnull=False), "received_on", "received")
    add(Allocation.objects.all(), "allocated_on", "allocated")
    add(Disbursement.objects.all(), "disbursed_on", "disbursed")
    return [years[year] for year in sorted(years)]


def fund_summary() -> dict:
    """What the public summary page shows."""
    return {
        "balance": fund_balance(),
        "by_contributor": contributions_by_contributor(),
        "by_year": movements_by_year(),
        "projects_funded": Allocation.objects.aggregate(n=Count("project", distinct=True))["n"],
    }


def fund_detail() -> dict:
    """Every movement, for the secretariats."""
    return {
        **fund_summary(),
        "contributions": Contribution.objects.select_related("contributor", "recorded_by"),
        "allocations": Allocation.objects.select_related("project").annotate(
            disbursed=Sum("disbursements__amount", default=Decimal(0))
        ),
        "disbursements": Disbursement.objects.select_related("allocation__project"),
    }


def fund_movements_of_year(year: int) -> dict:
    """Received, allocated and disbursed in `year` (USD), and what each contributor paid in."""
    # Countries rather than values(): their names then come in the active language.
    by_contributor = list(
        Country.objects.annotate(
            received=Sum("fund_contributions__amount", filter=Q(fund_contributions__received_on__year=year))
        )
        .filter(received__gt=0)
        .order_by("-received", "name")
    )
    allocated = Allocation.objects.filter(allocated_on__year=year).aggregate(
        total=Sum("amount", default=Decimal(0)), projects=Count("project", distinct=True)
    )
    disbursed = Disbursement.objects.filter(disbursed_on__year=year).aggregate(
        total=Sum("amount", default=Decimal(0))
    )
    return {
        "received": sum((country.received for country in by_contributor), Decimal(0)),
        "allocated": allocated["total"],
        "disbursed": disbursed["total"],
        "projects_funded": allocated["projects"],
        "by_contributor": by_contributor,
    }
