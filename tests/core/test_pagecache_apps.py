"""The whole-page cache on the public pages of the exchanges, meetings and bulletins: a repeat
anonymous visit is a hit, and a write to what the page shows is visible at once."""

import pytest
from django.test import Client

from core.pagecache import STATUS_HEADER
from tests.exchanges.offer_factories import OfferFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def statuses(client, url) -> list[str]:
    return [client.get(url).headers.get(STATUS_HEADER) for _ in range(2)]


def test_an_offer_page_is_cached_and_an_edit_shows_at_once(client, django_capture_on_commit_callbacks):
    offer = OfferFactory(title_es="Asistencia en ventanilla única")
    assert statuses(client, offer.get_absolute_url()) == ["miss", "hit"]
    assert statuses(client, "/es/cooperation/offers/") == ["miss", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        offer.title_es = "Asistencia en registro biométrico"
        offer.save()

    assert "Asistencia en registro biométrico" in client.get(offer.get_absolute_url()).content.decode()
    assert "Asistencia en registro biométrico" in client.get("/es/cooperation/offers/").content.decode()


def test_a_meeting_page_is_cached_and_an_edit_shows_at_once(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title_es="Reunión técnica de Panamá")
    assert statuses(client, meeting.get_absolute_url()) == ["miss", "hit"]
    assert statuses(client, "/es/meetings/") == ["miss", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        meeting.venue = "Centro de convenciones Atlapa"
        meeting.save()

    assert "Centro de convenciones Atlapa" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_country_page_follows_its_meetings_and_offers(client, django_capture_on_commit_callbacks):
    assert statuses(client, "/es/countries/mx/") == ["miss", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        OfferFactory(title_es="Oferta mexicana de formación consular")

    assert "Oferta mexicana de formación consular" in client.get("/es/countries/mx/").content.decode()


@pytest.mark.parametrize("url", ["/es/cooperation/projects/", "/es/cooperation/fund/", "/es/bulletins/"])
def test_the_other_public_pages_of_the_new_apps_are_cached(client, url):
    assert statuses(client, url) == ["miss", "hit"]


def test_a_signed_in_focal_point_never_gets_the_cached_meeting_page(client, focal_point_mx):
    meeting = MeetingFactory()
    client.get(meeting.get_absolute_url())
    signed_in = Client()
    signed_in.force_login(focal_point_mx.user)

    assert signed_in.get(meeting.get_absolute_url()).headers.get(STATUS_HEADER) is None
