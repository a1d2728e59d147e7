"""Public projects are a catalogue of the shared search: found by a word of any language's title,
narrowed by facets, exported with the current search's rows, and kept current by the workflow."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exchanges.models import Project
from tests.factories import FocalPointFactory, InstitutionFactory, country

from .project_factories import ProjectFactory, walk_to

pytestmark = pytest.mark.django_db
State = Project.State


@pytest.fixture
def public(focal_point_gt, ceam_user):
    """Guatemala asks Mexico (approved, titled in Spanish and English); Colombia asks Mexico (completed)."""
    desk = ProjectFactory(
        title_es="Ventanilla única para personas retornadas",
        title_en="One-stop desk for returnees",
        summary_es="México comparte su modelo de atención.",
    )
    desk = walk_to(desk, State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)
    registry = ProjectFactory(title_es="Registro consular en línea", requesting_country=country("CO"))
    registry = walk_to(
        registry,
        State.COMPLETED,
        focal_point_user=FocalPointFactory(institution=InstitutionFactory(country=country("CO"))).user,
        ceam_user=ceam_user,
    )
    ProjectFactory(title_es="Borrador de ventanilla confidencial", title_en="Secret desk draft")
    return {"desk": desk, "registry": registry}


def found(client, **params) -> list:
    response = client.get(reverse("exchanges:project_list"), params)
    assert response.status_code == 200
    return list(response.context["result"].page.object_list)


def test_a_word_finds_a_project_by_its_title_in_another_language(client, public):
    assert found(client, q="desk") == [public["desk"]]  # English title, Spanish page
    assert found(client, q="ventanilla") == [public["desk"]]  # not the draft's


def test_a_word_of_a_draft_finds_nothing(client, public):
    assert found(client, q="secret") == []


def test_a_facet_narrows_and_counts_the_other_values(client, public):
    response = client.get(reverse("exchanges:project_list"), {"requesting": "co"})

    result = response.context["result"]
    assert list(result.page.object_list) == [public["registry"]]
    requesting = {f.key: f for f in result.facets}["requesting"]
    counts = {value.key: value.count for value in requesting.values if value.count}
    assert counts == {"co": 1, "gt": 1}  # disjunctive: the other country's count stays
    states = {f.key: f for f in result.facets}["state"]
    assert {value.key: value.count for value in states.values if value.count} == {"completed": 1}


def test_a_state_change_moves_the_project_between_facet_values(client, public, focal_point_gt):
    from exchanges import project_services as services

    assert found(client, state="in_execution") == []
    services.start_execution(public["desk"], by=focal_point_gt.user)

    assert found(client, state="in_execution") == [public["desk"]]
    assert found(client, state="approved") == []


def test_the_csv_export_has_the_rows_of_the_current_search(client, public):
    params = {"providing": "mx", "sort": "title", "format": "csv"}
    response = client.get(reverse("exchanges:project_export"), params)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"] == 'attachment; filename="ricomi-projects.csv"'
    assert rows[0][:4] == ["Título", "País solicitante", "Institución solicitante", "País oferente"]
    titles = [row[0] for row in rows[1:]]
    assert titles == ["Registro consular en línea", "Ventanilla única para personas retornadas"]
    assert rows[1][1] == country("CO").name
    assert rows[1][-1].endswith(public["registry"].get_absolute_url())


def test_the_xlsx_export_follows_the_facets(client, public):
    response = client.get(reverse("exchanges:project_export"), {"requesting": "gt", "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:2] == ("Ventanilla única para personas retornadas", country("GT").name)
    assert rows[1][5] == "Aprobada"  # the state, in the page's language
    assert rows[1][7].date() == public["desk"].ceam_decided_on  # a real date cell


def test_the_cached_list_shows_a_newly_approved_project_at_once(
    client, public, focal_point_gt, ceam_user, django_capture_on_commit_callbacks
):
    from core.pagecache import STATUS_HEADER

    url = reverse("exchanges:project_list")
    assert [client.get(url).headers.get(STATUS_HEADER) for _ in range(2)] == ["miss", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        walk_to(
            ProjectFactory(title_es="Retorno seguro de niñez"),
            State.APPROVED,
            focal_point_user=focal_point_gt.user,
            ceam_user=ceam_user,
        )

    assert "Retorno seguro de niñez" in client.get(url).content.decode()
