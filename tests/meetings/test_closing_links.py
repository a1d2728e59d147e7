"""What came out of a meeting: the offers, requests and projects linked to it, in the closing report
(with their public links, in the report's language) and on the public page once the meeting is held."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from exchanges.models import CooperationOffer, Project
from meetings import documents
from meetings.models import Meeting
from tests.exchanges.offer_factories import OfferFactory, RequestFactory
from tests.exchanges.project_factories import ProjectFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_ENABLED = False  # (main's whole-page cache) every page built, its context read


def flat(text: str) -> str:
    """Text without white space: pypdf splits lines and some kerned pairs."""
    return "".join(text.split())


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def held(db):
    return MeetingFactory(
        title_en="Held meeting",
        starts_on=timezone.localdate() - timedelta(days=10),
        status=Meeting.Status.HELD,
    )


@pytest.fixture
def linked(held):
    """A published offer, a published request, an approved project and a draft project, linked to `held`."""
    offer = OfferFactory(title_es="Oferta de ventanilla única", title_en="One-stop shop offer")
    request = RequestFactory(title_es="Solicitud de centro de acogida", title_en="Reception centre request")
    approved = ProjectFactory(
        title_es="Proyecto aprobado de retorno",
        title_en="Approved return project",
        state=Project.State.APPROVED,
    )
    draft = ProjectFactory(title_es="Proyecto en borrador", title_en="Draft project")
    held.offers.add(offer)
    held.requests.add(request)
    held.projects.add(approved, draft)
    return {"offer": offer, "request": request, "approved": approved, "draft": draft}


def test_the_closing_report_names_the_linked_records_with_their_countries_and_public_links(
    client, secretariat_user, held, linked
):
    client.force_login(secretariat_user)

    text = pdf_text(client.get(f"/en/meetings/{held.pk}/report.pdf"))

    assert flat("Cooperation that came out of the meeting") in text
    assert flat("One-stop shop offer (Mexico)") in text
    assert flat("Reception centre request (Guatemala)") in text
    assert flat("Approved return project (requested by Guatemala, provided by Mexico") in text
    assert flat("Draft project") in text  # the secretariat's report names it, without a link
    assert settings.SITE_URL + linked["offer"].get_absolute_url() in text
    assert settings.SITE_URL + linked["approved"].get_absolute_url() in text
    assert settings.SITE_URL + linked["draft"].get_absolute_url() not in text


def test_the_closing_report_gives_the_titles_in_its_own_language(client, secretariat_user, held, linked):
    client.force_login(secretariat_user)

    spanish = pdf_text(client.get(f"/es/meetings/{held.pk}/report.pdf"))

    assert flat("Oferta de ventanilla única") in spanish
    assert flat("Proyecto aprobado de retorno") in spanish
    assert flat("One-stop shop offer") not in spanish


def test_a_link_added_or_a_linked_record_changed_renders_the_report_again(held, linked):
    first = documents.closing_report_pdf(held, "en")
    same = documents.closing_report_pdf(held, "en")
    held.offers.add(OfferFactory(title_en="Another offer"))
    with_another_link = documents.closing_report_pdf(held, "en")
    CooperationOffer.objects.filter(pk=linked["offer"].pk).update(
        title_en="Renamed offer", updated_at=timezone.now()
    )
    with_renamed_record = documents.closing_report_pdf(held, "en")
    held.projects.remove(linked["draft"])
    with_one_link_less = documents.closing_report_pdf(held, "en")

    versions = [with_another_link.version, with_renamed_record.version, with_one_link_less.version]
    assert same.pk == first.pk
    assert len({first.version, *versions}) == 4


def test_the_public_page_of_a_held_meeting_shows_only_the_public_linked_records(client, held, linked):
    """(The page is read in Spanish, the default language, as get_absolute_url gives it.)"""
    hidden_offer = OfferFactory(title_es="Oferta aún en borrador", state=CooperationOffer.State.DRAFT)
    held.offers.add(hidden_offer)

    page = client.get(held.get_absolute_url()).content.decode()

    assert "Oferta de ventanilla única" in page
    assert linked["offer"].get_absolute_url() in page
    assert "Solicitud de centro de acogida" in page
    assert "Proyecto aprobado de retorno" in page
    assert linked["approved"].get_absolute_url() in page
    assert "Proyecto en borrador" not in page
    assert linked["draft"].get_absolute_url() not in page
    assert "Oferta aún en borrador" not in page


def test_a_focal_point_of_the_draft_projects_country_does_not_see_it_on_the_public_page_either(
    client, focal_point_gt, held, linked
):
    client.force_login(focal_point_gt.user)

    page = client.get(held.get_absolute_url()).content.decode()

    assert "Proyecto aprobado de retorno" in page
    assert "Proyecto en borrador" not in page


def test_a_meeting_not_held_yet_shows_no_linked_records(client, linked):
    upcoming = MeetingFactory(title_es="Reunión por venir")
    upcoming.offers.add(linked["offer"])

    page = client.get(upcoming.get_absolute_url()).content.decode()

    assert "Oferta de ventanilla única" not in page
    assert 'id="outcome-records-title"' not in page


def queries_of_page(client, meeting) -> int:
    client.get(meeting.get_absolute_url())  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_held_meeting_page_reads_a_fixed_number_of_queries_whatever_the_links(client, held, linked):
    with_a_few = queries_of_page(client, held)
    for _n in range(4):
        held.offers.add(OfferFactory())
        held.requests.add(RequestFactory())
        held.projects.add(ProjectFactory(state=Project.State.IN_EXECUTION))

    with_many = queries_of_page(client, held)

    assert with_many == with_a_few
    assert len(client.get(held.get_absolute_url()).context["outcome_records"]["projects"]) == 5


def test_the_secretariat_links_records_in_the_meeting_admin(admin_client_for, secretariat_user, held, linked):
    from .test_admin import meeting_form

    client = admin_client_for(secretariat_user)
    data = meeting_form(held, []) | {"offers": [linked["offer"].pk], "projects": [linked["approved"].pk]}

    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "meetings", "model_name": "meeting", "field_name": "offers", "term": "ventanilla"},
    )
    response = client.post(f"/admin/meetings/meeting/{held.pk}/change/", data)

    assert [int(r["id"]) for r in found.json()["results"]] == [linked["offer"].pk]
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(held.offers.all()) == [linked["offer"]]
    assert list(held.projects.all()) == [linked["approved"]]
    assert list(held.requests.all()) == []
