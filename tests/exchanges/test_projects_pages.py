"""Project pages: who sees what, the focal points' draft form, bad input, the country page."""

import pytest
from django.urls import reverse

from exchanges.models import Activity, BudgetLine, Indicator, Project
from tests.factories import FocalPointFactory, InstitutionFactory, country

from .project_factories import BudgetLineFactory, ProjectFactory, walk_to

pytestmark = pytest.mark.django_db
State = Project.State


@pytest.fixture
def approved(focal_point_gt, ceam_user):
    project = ProjectFactory(title_es="Proyecto aprobado de reintegración")
    return walk_to(project, State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)


def test_the_public_list_shows_approved_projects_and_later_only(client, approved):
    ProjectFactory(title_es="Borrador confidencial")

    response = client.get(reverse("exchanges:project_list"))

    text = response.content.decode()
    assert "Proyecto aprobado de reintegración" in text
    assert "Borrador confidencial" not in text


def test_the_list_filters_by_country_and_state(client, approved, focal_point_gt, ceam_user):
    completed = walk_to(
        ProjectFactory(title_es="Proyecto terminado", requesting_country=country("CO")),
        State.COMPLETED,
        focal_point_user=FocalPointFactory(institution=InstitutionFactory(country=country("CO"))).user,
        ceam_user=ceam_user,
    )

    by_country = client.get(reverse("exchanges:project_list"), {"requesting": "gt"})
    by_state = client.get(reverse("exchanges:project_list"), {"state": "completed"})
    by_provider = client.get(reverse("exchanges:project_list"), {"providing": "mx", "sort": "title"})

    assert list(by_country.context["result"].page.object_list) == [approved]
    assert list(by_state.context["result"].page.object_list) == [completed]
    assert list(by_provider.context["result"].page.object_list) == [approved, completed]


def test_a_bad_filter_gets_a_message_not_an_error(client, approved):
    ProjectFactory(title_es="Borrador confidencial")

    response = client.get(reverse("exchanges:project_list"), {"state": "draft", "page": "x", "q": "((( OR -"})

    assert response.status_code == 200
    result = response.context["result"]
    assert result.page.number == 1
    assert any("draft" in notice for notice in result.notices)
    assert "Borrador confidencial" not in response.content.decode()


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, approved, focal_point_gt, ceam_user, django_assert_max_num_queries
):
    for _ in range(25):
        walk_to(ProjectFactory(), State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    with django_assert_max_num_queries(8):  # 5 when written
        response = client.get(reverse("exchanges:project_list"), {"requesting": "gt", "q": "retorno"})

    assert response.status_code == 200
    assert len(response.context["result"].page.object_list) == 20


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 404), ("gt", 200), ("mx", 200), ("co", 404), ("ceam", 200)]
)
def test_a_draft_is_seen_only_by_its_countries_and_the_secretariats(
    client, who, status, focal_point_gt, ceam_user
):
    draft = ProjectFactory(providing_country=country("MX"))
    users = {
        "gt": focal_point_gt.user,
        "mx": FocalPointFactory(institution=InstitutionFactory(country=country("MX"))).user,
        "co": FocalPointFactory(institution=InstitutionFactory(country=country("CO"))).user,
        "ceam": ceam_user,
    }
    if who in users:
        client.force_login(users[who])

    response = client.get(draft.get_absolute_url())

    assert response.status_code == status


def test_the_project_page_shows_the_budget_by_category_with_totals(client, focal_point_gt, ceam_user):
    project = ProjectFactory()
    BudgetLineFactory(project=project, requested_from_fund="4000", co_financed="1500")
    BudgetLineFactory(
        project=project,
        category=BudgetLine.Category.KNOWLEDGE_TRANSFER,
        requested_from_fund="1000",
        co_financed="0",
    )
    walk_to(project, State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)

    response = client.get(project.get_absolute_url())

    assert response.context["totals"] == {"fund": 5000, "cofinanced": 1500, "total": 6500}
    text = response.content.decode()
    assert "CEAM/RES. 12/26" in text
    assert response.context["history"] is None  # visitors do not see who changed what


def test_staff_see_the_history_and_the_decisions(client, approved, ceam_user):
    client.force_login(ceam_user)

    response = client.get(approved.get_absolute_url())

    assert [h.state for h in response.context["history"]][:3] == ["approved", "under_review", "submitted"]
    assert [d.decision for d in response.context["decisions"]] == ["under_review", "approved"]


def draft_form(**changes) -> dict:
    data = {
        "requesting_country": country("GT").pk,
        "providing_country": country("MX").pk,
        "title_es": "Intercambio sobre registro consular",
        "objectives_es": "Mejorar el registro de connacionales.",
        "start_date": "2026-03-01",
        "end_date": "2026-09-30",
    }
    for prefix, rows in {
        "budget": [
            {"category": "travel", "description": "Misión", "requested_from_fund": "3000", "co_financed": "0"}
        ],
        "activities": [{"title": "Visita de estudio", "starts_on": "2026-04-01", "ends_on": "2026-04-05"}],
        "indicators": [
            {"name": "Consulados con registro", "unit": "consulados", "baseline": "2", "target": "10"}
        ],
    }.items():
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data


def test_a_focal_point_drafts_a_project_with_budget_activities_and_indicators(client, focal_point_gt):
    client.force_login(focal_point_gt.user)

    response = client.post(reverse("exchanges:project_create"), draft_form())

    project = Project.objects.get()
    assert response.status_code == 302
    assert (project.state, project.title_es, project.created_by) == (
        "draft",
        draft_form()["title_es"],
        focal_point_gt.user,
    )
    assert list(project.budget_lines.values_list("description", flat=True)) == ["Misión"]
    assert list(Activity.objects.values_list("title", flat=True)) == ["Visita de estudio"]
    assert list(Indicator.objects.values_list("unit", flat=True)) == ["consulados"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_es": ""}, "__all__"),
        ({"providing_country": "", "requesting_country": "999999"}, "requesting_country"),
        ({"end_date": "2026-01-01"}, "end_date"),
        ({"providing_country": None}, "providing_country"),
        ({"budget-0-requested_from_fund": "-5"}, "requested_from_fund"),
        ({"indicators-0-target": "2"}, "target"),
        ({"activities-0-ends_on": "2026-03-01"}, "ends_on"),
        ({"start_date": "mañana"}, "start_date"),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(client, focal_point_gt, changes, field):
    client.force_login(focal_point_gt.user)
    if changes.get("providing_country", "") is None:
        changes = {"providing_country": country("GT").pk}

    response = client.post(reverse("exchanges:project_create"), draft_form(**changes))

    assert response.status_code == 400
    assert field in response.content.decode() or field == "__all__"
    assert Project.objects.count() == 0
    assert BudgetLine.objects.count() == 0


def test_a_focal_point_of_a_third_country_cannot_draft_for_two_others(client):
    outsider = FocalPointFactory(institution=InstitutionFactory(country=country("CO")))
    client.force_login(outsider.user)

    response = client.post(reverse("exchanges:project_create"), draft_form())

    assert response.status_code == 400
    assert Project.objects.count() == 0


def test_a_focal_point_submits_its_draft_from_the_project_page(client, focal_point_gt):
    project = ProjectFactory()
    client.force_login(focal_point_gt.user)

    response = client.post(reverse("exchanges:project_action", args=[project.pk, "submit"]))

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).state == State.SUBMITTED


def test_an_unknown_action_or_another_countrys_draft_answers_404(client, focal_point_gt):
    other = ProjectFactory(requesting_country=country("CO"))
    own = ProjectFactory()
    client.force_login(focal_point_gt.user)

    assert client.post(reverse("exchanges:project_action", args=[own.pk, "approve"])).status_code == 404
    assert client.post(reverse("exchanges:project_action", args=[other.pk, "submit"])).status_code == 404
    assert Project.objects.get(pk=other.pk).state == State.DRAFT


def test_a_submitted_project_opens_its_page_instead_of_the_form(client, focal_point_gt):
    project = ProjectFactory(state=State.SUBMITTED)
    client.force_login(focal_point_gt.user)

    response = client.get(reverse("exchanges:project_edit", args=[project.pk]))

    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()


def test_the_country_page_lists_the_countrys_public_projects(client, approved):
    ProjectFactory(title_es="Borrador confidencial")

    response = client.get(country("MX").get_absolute_url())

    text = response.content.decode()
    assert "Proyecto aprobado de reintegración" in text
    assert "Borrador confidencial" not in text


def test_the_project_page_reads_in_a_fixed_number_of_queries(client, approved, django_assert_max_num_queries):
    for _ in range(5):
        BudgetLineFactory(project=approved)

    with django_assert_max_num_queries(16):
        response = client.get(approved.get_absolute_url())

    assert response.status_code == 200
