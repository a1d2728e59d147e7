"""The consolidation table: counts by country, theme and population, links, gaps, exports."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from exchanges.consolidation import consolidation, gaps
from exchanges.models import CooperationOffer
from tests.factories import country

from .offer_factories import OfferFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    OfferFactory(country=country("MX"), themes=["return-reintegration", "health"])
    OfferFactory(country=country("MX"), themes=["health"], status=CooperationOffer.Status.CLOSED)
    OfferFactory(country=country("CO"), themes=["health"], state=CooperationOffer.State.DRAFT)
    RequestFactory(country=country("GT"), themes=["return-reintegration", "migration-data"])
    RequestFactory(country=country("MX"), themes=["migration-data"], populations=["children-youth"])


def rows_by_key(rows):
    return {row.key: (row.offers, row.requests) for row in rows}


def test_published_records_are_counted_by_country_theme_and_population(world):
    tables = consolidation()["tables"]
    assert rows_by_key(tables["country"]) == {"gt": (0, 1), "mx": (2, 1)}
    assert rows_by_key(tables["theme"]) == {
        "return-reintegration": (1, 1),
        "migration-data": (0, 2),
        "health": (2, 0),
    }
    assert rows_by_key(tables["population"])["children-youth"] == (0, 1)


def test_a_status_narrows_the_counts(world):
    assert consolidation("open")["totals"] == {"offers": 1, "requests": 2}


def test_the_gaps_are_themes_requested_but_never_offered_and_the_reverse(world):
    found = gaps()
    assert [row.key for row in found["theme"]["demand"]] == ["migration-data"]
    assert [row.key for row in found["theme"]["supply"]] == ["health"]


def test_each_cell_links_to_the_records_it_counts(client, world):
    page = client.get(reverse("exchanges:consolidation")).content.decode()
    offers = reverse("exchanges:offer_list")
    requests = reverse("exchanges:request_list")
    assert f'href="{offers}?theme=health">2<' in page
    assert f'href="{requests}?country=gt">1<' in page
    listed = client.get(f"{offers}?theme=health").content.decode()
    assert listed.count('class="result"') == 2


def test_an_unknown_status_is_ignored_with_a_message(client, world):
    response = client.get(reverse("exchanges:consolidation"), {"status": "<script>"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown status" in page
    assert "<script>" not in page


def test_the_table_exports_as_csv_and_xlsx(client, world):
    response = client.get(reverse("exchanges:consolidation_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Dimension", "Value", "Offers", "Requests", "Gap"]
    assert any(row[0] == "Theme" and row[2:] == ["2", "0", "Offered, not requested"] for row in rows)
    xlsx = client.get(reverse("exchanges:consolidation_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "Dimension"
    assert client.get(reverse("exchanges:consolidation_export", args=["pdf"])).status_code == 404


def test_the_table_reads_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(reverse("exchanges:consolidation"))
    OfferFactory.create_batch(5, country=country("AR"), themes=["education-skills"])
    with django_assert_max_num_queries(20):
        client.get(reverse("exchanges:consolidation"))
