"""Renaming a country or a theme, or changing a country's forums, refreshes the search columns of
the offers, requests and projects that search that name or group (as initiatives do)."""

import pytest
from django.urls import reverse

from exchanges.models import Project
from network.models import RegionalForum, Theme
from tests.factories import country

from .offer_factories import OfferFactory, RequestFactory
from .project_factories import ProjectFactory, walk_to

pytestmark = pytest.mark.django_db


def titles(client, name, **params) -> list[str]:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return [row.title for row in response.context["result"].page.object_list]


def rename(record, captured, **names):
    for field, value in names.items():
        setattr(record, field, value)
    with captured(execute=True):
        record.save()


def test_renaming_a_country_refreshes_its_offers_requests_and_projects(
    client, focal_point_gt, ceam_user, django_capture_on_commit_callbacks
):
    OfferFactory(title_es="Oferta mexicana", country=country("MX"))
    RequestFactory(title_es="Solicitud mexicana", country=country("MX"))
    project = ProjectFactory(title_es="Proyecto con México", providing_country=country("MX"))
    walk_to(project, Project.State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)
    assert titles(client, "exchanges:offer_list", q="Mexicolandia") == []

    rename(country("MX"), django_capture_on_commit_callbacks, name_es="Mexicolandia")

    assert titles(client, "exchanges:offer_list", q="Mexicolandia") == ["Oferta mexicana"]
    assert titles(client, "exchanges:request_list", q="Mexicolandia") == ["Solicitud mexicana"]
    assert titles(client, "exchanges:project_list", q="Mexicolandia") == ["Proyecto con México"]


def test_renaming_a_theme_refreshes_its_offers(client, django_capture_on_commit_callbacks):
    OfferFactory(title_es="Oferta de salud", themes=["health"])

    rename(Theme.objects.get(slug="health"), django_capture_on_commit_callbacks, name_es="Sanidad pública")

    assert titles(client, "exchanges:offer_list", q="sanidad") == ["Oferta de salud"]


def test_joining_a_forum_moves_the_countrys_offers_into_its_facet(client, django_capture_on_commit_callbacks):
    OfferFactory(title_es="Oferta mexicana", country=country("MX"))
    forum = RegionalForum.objects.create(code="nuevo", name_es="Foro nuevo", name_en="New forum")
    assert titles(client, "exchanges:offer_list", forum="nuevo") == []

    with django_capture_on_commit_callbacks(execute=True):
        country("MX").forums.add(forum)

    assert titles(client, "exchanges:offer_list", forum="nuevo") == ["Oferta mexicana"]
