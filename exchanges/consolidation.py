"""The consolidation table ("tableau de consolidation de l'offre et de la demande"): published offers
and requests counted by country, by theme and by target population; the gaps between them."""

import csv
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.search.exports import safe_cell
from network.models import Country, TargetPopulation, Theme
from network.selectors import alphabetical

from .models import CooperationOffer, CooperationRecord, CooperationRequest

DIMENSIONS = {
    # key: (label, facet key in the list pages' URLs, through relation or FK, vocabulary)
    "country": (gettext_lazy("Country"), "country"),
    "theme": (gettext_lazy("Theme"), "theme"),
    "population": (gettext_lazy("Target population"), "population"),
}


@dataclass
class Row:
    key: str  # the value in the list pages' URLs (country code in lower case, slug)
    label: str
    offers: int
    requests: int

    @property
    def gap(self) -> str:
        """ "demand" when requested and never offered, "supply" for the reverse, "" otherwise."""
        if self.requests and not self.offers:
            return "demand"
        if self.offers and not self.requests:
            return "supply"
        return ""


def published(model, status: str | None):
    records = model.objects.published()
    return records.filter(status=status) if status else records


def counts_by(model, dimension: str, status: str | None) -> Counter:
    """Published records per country id, theme id or population id: one grouped query."""
    if dimension == "country":
        rows = (
            published(model, status)
            .order_by()  # the model's ordering would split the groups
            .values("country_id")
            .annotate(n=Count("pk"))
            .values_list("country_id", "n")
        )
        return Counter(dict(rows))
    relation = "themes" if dimension == "theme" else "populations"
    through = getattr(model, relation).through
    owner = model._meta.model_name
    column = "theme_id" if dimension == "theme" else "targetpopulation_id"
    rows = (
        through.objects.filter(**{f"{owner}__in": published(model, status).values("pk")})
        .values(column)
        .annotate(n=Count("pk"))
        .values_list(column, "n")
    )
    return Counter(dict(rows))


def terms(dimension: str) -> list[tuple[int, str, str]]:
    """(id, URL key, label) of every term of the dimension, in reading order."""
    if dimension == "country":
        countries = sorted(Country.objects.in_americas(), key=lambda c: alphabetical(c.name))
        return [(c.pk, c.slug, c.name) for c in countries]
    model = Theme if dimension == "theme" else TargetPopulation
    return [(t.pk, t.slug, t.name) for t in model.objects.order_by("order", "pk")]


def table(dimension: str, status: str | None = None, *, with_empty: bool = False) -> list[Row]:
    """One row per country, theme or population: how many offers and requests it has."""
    offers = counts_by(CooperationOffer, dimension, status)
    requests = counts_by(CooperationRequest, dimension, status)
    rows = [Row(key, label, offers[pk], requests[pk]) for pk, key, label in terms(dimension)]
    return rows if with_empty else [row for row in rows if row.offers or row.requests]


def consolidation(status: str | None = None) -> dict:
    """Every table of the page, with totals."""
    tables = {dimension: table(dimension, status) for dimension in DIMENSIONS}
    totals = {
        "offers": published(CooperationOffer, status).count(),
        "requests": published(CooperationRequest, status).count(),
    }
    return {"tables": tables, "totals": totals}


def gaps(status: str | None = None) -> dict:
    """Themes and populations requested but never offered ("demand"), and offered but never requested."""
    found = {}
    for dimension in ("theme", "population"):
        rows = table(dimension, status)
        found[dimension] = {
            "demand": [row for row in rows if row.gap == "demand"],
            "supply": [row for row in rows if row.gap == "supply"],
        }
    return found


def export_rows(status: str | None):
    yield [_("Dimension"), _("Value"), _("Offers"), _("Requests"), _("Gap")]
    gap_labels = {"demand": _("Requested, not offered"), "supply": _("Offered, not requested"), "": ""}
    for dimension, (label, _key) in DIMENSIONS.items():
        for row in table(dimension, status):
            yield [safe_cell(str(label)), safe_cell(row.label), row.offers, row.requests, gap_labels[row.gap]]


def export(status: str | None, file_format: str) -> HttpResponse:
    """The consolidation table as CSV or XLSX."""
    name = "ricomi-consolidation"
    if file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(_("Consolidation"))[:31])
        for row in export_rows(status):
            sheet.append(row)
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        csv.writer(response).writerows(export_rows(status))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


STATUS_CHOICES = CooperationRecord.Status.choices
