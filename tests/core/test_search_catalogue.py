"""A second catalogue, declared over institutions here and nowhere else, gets the whole search:
page, counts, filtering, text search and export come from the declaration alone."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import path

from core.search import Catalogue, Column, Facet, Sort
from core.search.views import export_view, search_view
from network.models import Institution
from network.selectors import vocabularies
from ricomi.urls import urlpatterns as site_urls
from tests.factories import InstitutionFactory, country

INSTITUTIONS = Catalogue(
    name="test-institutions",
    title="Institutions",
    model=Institution,
    published=Institution.objects.all,
    text={"A": ["name"], "B": ["acronym"]},
    translated=False,
    configs={code: f"ricomi_{code}" for code, _name in settings.LANGUAGES},
    facets=[
        Facet("country", "country__code", "country", "Country", stored=str.upper),
        Facet("kind", "kind", Institution.Kind.choices, "Kind"),
    ],
    sorts=[Sort("name", "Name", lambda language: ["name", "pk"])],
    vocabularies=vocabularies,
    select_related=["country"],
    columns=[Column("Name", lambda i: i.name), Column("Country", lambda i: i.country.name)],
    export_name="institutions",
)

urlpatterns = [
    *site_urls,
    path(
        "test-institutions/", search_view, {"catalogue": INSTITUTIONS, "export_url": "/test-institutions.csv"}
    ),
    path("test-institutions.csv", export_view, {"catalogue": INSTITUTIONS}),
]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def institutions(db):
    InstitutionFactory(name="Instituto Nacional de Migración", acronym="INM", country=country("MX"))
    InstitutionFactory(name="Secretaría del Trabajo", country=country("MX"), kind=Institution.Kind.LABOUR)
    InstitutionFactory(name="Instituto Guatemalteco de Migración", country=country("GT"))


def counts(result, facet):
    shown = {block.key: block for block in result.facets}[facet]
    return {value.key: value.count for value in shown.values if value.count}


def test_a_declared_catalogue_gets_a_search_page_with_disjunctive_counts(client, institutions):
    response = client.get("/test-institutions/?country=mx")

    result = response.context["result"]
    assert response.status_code == 200
    assert [row.name for row in result.page.object_list] == [
        "Instituto Nacional de Migración",
        "Secretaría del Trabajo",
    ]
    assert counts(result, "country") == {"mx": 2, "gt": 1}
    assert counts(result, "kind") == {"migration_authority": 1, "labour": 1}
    assert 'id="f-country-mx" checked' in response.content.decode()
    assert "Instituto Nacional de Migración (MX)" in response.content.decode()


@pytest.mark.parametrize("page", ["²", "-1", "1.5", "99999999999999999999"])
def test_a_declared_catalogue_reads_odd_page_numbers_as_the_first_page(client, institutions, page):
    response = client.get("/test-institutions/", {"page": page})

    assert response.status_code == 200
    assert response.context["result"].page.number == 1


def test_a_declared_catalogue_is_searched_in_its_text_fields_without_stored_vector(client, institutions):
    response = client.get("/test-institutions/?q=migracion&kind=migration_authority")

    result = response.context["result"]
    assert [row.name for row in result.page.object_list] == [
        "Instituto Guatemalteco de Migración",
        "Instituto Nacional de Migración",
    ]
    assert result.sort == "relevance"
    assert counts(result, "kind") == {"migration_authority": 2}


def test_a_declared_catalogue_reports_unknown_facet_values(client, institutions):
    result = client.get("/test-institutions/?country=zz&kind=labour", HTTP_ACCEPT_LANGUAGE="en").context[
        "result"
    ]

    assert [row.name for row in result.page.object_list] == ["Secretaría del Trabajo"]
    assert result.notices == ["“zz” is not a known value of “Country”; it was left out."]
    assert result.canonical_query == "kind=labour"


def test_a_declared_catalogue_exports_its_current_search_as_csv(client, institutions):
    response = client.get("/test-institutions.csv?country=gt")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"] == 'attachment; filename="institutions.csv"'
    assert rows == [["Name", "Country"], ["Instituto Guatemalteco de Migración", "Guatemala"]]
