"""An agreed offer-request pair becomes a draft project in one step."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import project_services as services
from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest, Modality, Project
from tests.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]


@pytest.fixture
def pair(focal_point_gt, focal_point_mx):
    offer = CooperationOffer.objects.create(
        title_es="Modelo de ventanilla única para retornados",
        title_en="One-stop shop model for returnees",
        description_es="Compartimos el modelo.",
        country=country("MX"),
        institution=focal_point_mx.institution,
        modality=Modality.TECHNICAL_ASSISTANCE,
    )
    request = CooperationRequest.objects.create(
        title_es="Necesitamos organizar la atención a retornados",
        description_es="Queremos reducir los tiempos de atención.",
        country=country("GT"),
        institution=focal_point_gt.institution,
        modality=Modality.TECHNICAL_ASSISTANCE,
    )
    return CooperationMatch.objects.create(
        offer=offer, request=request, score=80, status=CooperationMatch.Status.AGREED
    )


def test_an_agreed_pair_becomes_a_draft_with_both_sides_and_the_requests_texts(pair, focal_point_gt):
    project = services.project_from_match(pair, by=focal_point_gt.user)

    assert (project.state, project.from_match, project.created_by) == ("draft", pair, focal_point_gt.user)
    assert (project.requesting_country.code, project.providing_country.code) == ("GT", "MX")
    assert project.requesting_institution == pair.request.institution
    assert project.providing_institution == pair.offer.institution
    assert project.title_es == "Necesitamos organizar la atención a retornados"
    assert project.summary_es == "Queremos reducir los tiempos de atención."


def test_a_pair_not_agreed_or_already_a_project_is_refused(pair, focal_point_gt):
    services.project_from_match(pair, by=focal_point_gt.user)
    suggested = CooperationMatch.objects.create(
        offer=pair.offer,
        request=CooperationRequest.objects.create(
            title_es="Otra solicitud", country=country("GT"), modality=Modality.TRAINING
        ),
        score=50,
    )

    with pytest.raises(ValidationError, match="already a project"):
        services.project_from_match(pair, by=focal_point_gt.user)
    with pytest.raises(ValidationError, match="both sides agreed"):
        services.project_from_match(suggested, by=focal_point_gt.user)
    assert Project.objects.count() == 1


def test_the_one_step_button_opens_the_new_draft(client, pair, focal_point_mx):
    client.force_login(focal_point_mx.user)

    response = client.post(reverse("exchanges:project_from_match", args=[pair.pk]))

    project = Project.objects.get()
    assert response["Location"] == reverse("exchanges:project_edit", args=[project.pk])


def test_a_third_country_cannot_make_a_project_of_the_pair(client, pair):
    from tests.factories import FocalPointFactory, InstitutionFactory

    outsider = FocalPointFactory(institution=InstitutionFactory(country=country("CO")))
    client.force_login(outsider.user)

    response = client.post(reverse("exchanges:project_from_match", args=[pair.pk]))

    assert response.status_code == 404
    assert Project.objects.count() == 0


def test_the_pair_template_offers_the_step_then_links_the_project(rf, pair, focal_point_gt):
    from django.contrib.auth.context_processors import PermWrapper
    from django.template.loader import render_to_string

    pair.may_move = True
    context = {"match": pair, "perms": PermWrapper(focal_point_gt.user), "csrf_token": "x"}

    before = render_to_string("exchanges/projects/_from_match.html", context)
    project = services.project_from_match(pair, by=focal_point_gt.user)
    pair = CooperationMatch.objects.get(pk=pair.pk)
    after = render_to_string("exchanges/projects/_from_match.html", {**context, "match": pair})

    assert reverse("exchanges:project_from_match", args=[pair.pk]) in before
    assert project.get_absolute_url() in after
    assert "<form" not in after


def test_the_request_page_offers_the_step_on_its_agreed_pair(client, pair, focal_point_gt):
    for record in (pair.offer, pair.request):
        record.state = CooperationOffer.State.PUBLISHED
        record.save()
    client.force_login(focal_point_gt.user)

    page = client.get(pair.request.get_absolute_url()).content.decode()

    assert reverse("exchanges:project_from_match", args=[pair.pk]) in page
