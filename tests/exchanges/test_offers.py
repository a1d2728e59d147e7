"""Offers and requests: public search and detail pages, writing by focal points, moderation."""

import pytest
from django.urls import reverse
from django.utils import translation

from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest
from exchanges.offer_services import change_state
from network.models import TargetPopulation, Theme
from tests.factories import country

from .offer_factories import OfferFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def form_data(**changes):
    data = {
        "title_es": "Solicitud de apoyo en registro de retornados",
        "description_es": "Necesitamos conocer un modelo de registro.",
        "country": country("MX").pk,
        "modality": "technical_assistance",
        "working_languages": ["es", "en"],
        "themes": [Theme.objects.get(slug="return-reintegration").pk],
        "populations": [TargetPopulation.objects.get(slug="returned-migrants").pk],
        "cost_sharing": "shared",
        "status": "open",
        "available_from": "2026-03-01",
        "available_until": "2026-09-30",
        "duration_months": "3",
    }
    data.update(changes)
    return data


def test_the_offer_list_shows_published_offers_with_facets(client):
    OfferFactory(title_es="Capacitación consular para el registro civil", themes=["consular-services"])
    OfferFactory(title_es="Borrador nunca visto", state=CooperationOffer.State.DRAFT)
    response = client.get(reverse("exchanges:offer_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Capacitación consular para el registro civil" in page
    assert "Borrador nunca visto" not in page
    filtered = client.get(reverse("exchanges:offer_list"), {"theme": "health"}).content.decode()
    assert "Capacitación consular" not in filtered


def test_the_request_list_searches_the_text(client):
    RequestFactory(title_es="Fortalecer la protección de niñas y niños migrantes")
    RequestFactory(title_es="Datos sobre remesas")
    page = client.get(reverse("exchanges:request_list"), {"q": "protección niñas"}).content.decode()
    assert "Fortalecer la" in page
    assert "Datos sobre remesas" not in page


def test_the_lists_export_csv_and_xlsx(client):
    OfferFactory(title_es="=Fórmula peligrosa")
    csv_response = client.get(reverse("exchanges:offer_export"), {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "'=Fórmula peligrosa" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(reverse("exchanges:request_export"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_a_draft_is_seen_only_by_its_country_and_the_secretariats(
    client, focal_point_mx, focal_point_gt, secretariat_user, ceam_user
):
    draft = OfferFactory(state=CooperationOffer.State.DRAFT, country=country("MX"))
    url = reverse("exchanges:offer_detail", args=[draft.pk, draft.slug])
    assert client.get(url).status_code == 404
    for user, status in [
        (focal_point_gt.user, 404),
        (focal_point_mx.user, 200),
        (secretariat_user, 200),
        (ceam_user, 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_focal_point_posts_a_request_that_the_secretariat_publishes(
    client, focal_point_mx, secretariat_user
):
    client.force_login(focal_point_mx.user)
    response = client.post(reverse("exchanges:request_create"), form_data(submit="1"))
    request = CooperationRequest.objects.get()
    assert response.status_code == 302
    assert request.state == request.State.SUBMITTED
    assert request.created_by == focal_point_mx.user
    assert request.working_languages == ["es", "en"]
    refused = client.post(reverse("exchanges:request_action", args=[request.pk, "publish"]), follow=True)
    assert "You are not allowed to do this." in refused.content.decode()
    request.refresh_from_db()
    assert request.state == request.State.SUBMITTED  # a focal point does not publish
    client.force_login(secretariat_user)
    client.post(reverse("exchanges:request_action", args=[request.pk, "publish"]))
    request.refresh_from_db()
    assert request.state == request.State.PUBLISHED
    assert request.published_at is not None


def test_returning_needs_a_note(client, secretariat_user):
    offer = OfferFactory(state=CooperationOffer.State.SUBMITTED)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("exchanges:offer_action", args=[offer.pk, "return"]), {"note": ""}, follow=True
    )
    assert "a note is required" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == offer.State.SUBMITTED
    client.post(reverse("exchanges:offer_action", args=[offer.pk, "return"]), {"note": "Add the dates."})
    offer.refresh_from_db()
    assert (offer.state, offer.moderation_note) == (offer.State.RETURNED, "Add the dates.")


def test_an_illegal_move_is_refused_with_a_message(client, focal_point_mx):
    offer = OfferFactory(state=CooperationOffer.State.PUBLISHED)
    client.force_login(focal_point_mx.user)
    response = client.post(reverse("exchanges:offer_action", args=[offer.pk, "submit"]), follow=True)
    assert "cannot go from" in response.content.decode()


def test_a_focal_point_cannot_write_for_another_country(client, focal_point_gt):
    offer = OfferFactory(country=country("MX"))
    client.force_login(focal_point_gt.user)
    assert client.get(reverse("exchanges:offer_edit", args=[offer.pk])).status_code == 404
    response = client.post(reverse("exchanges:offer_create"), form_data(country=country("MX").pk))
    assert response.status_code == 200
    assert not CooperationOffer.objects.exclude(pk=offer.pk).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_es": "", "description_es": ""}, "Give the title in at least one language."),
        ({"available_until": "2026-01-01"}, "The end of the period comes before its start."),
        ({"available_from": "31/31/2026"}, "Enter a valid date."),
        ({"duration_months": "-4"}, "greater than or equal to 1"),
        ({"duration_months": "99999999999"}, "less than or equal to 120"),
        ({"working_languages": ["xx"]}, "Select a valid choice."),
        ({"modality": "telepathy"}, "Select a valid choice."),
        ({"themes": ["abc"]}, "is not a valid value"),
        ({"themes": []}, "This field is required."),
        ({"contact_email": "not an address"}, "Enter a valid email address."),
        ({"description_en": "Text without title"}, "A language version needs its title."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, focal_point_mx, changes, message):
    client.force_login(focal_point_mx.user)
    response = client.post(reverse("exchanges:offer_create"), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CooperationOffer.objects.exists()


def test_both_sides_move_a_pair_but_nobody_else(client, focal_point_mx, focal_point_gt):
    offer = OfferFactory(country=country("MX"))
    request = RequestFactory(country=country("GT"))
    match = CooperationMatch.objects.create(offer=offer, request=request, score=70, reasons=[])
    stranger = OfferFactory(country=country("CO"))  # noqa: F841 (a third country exists)
    url = reverse("exchanges:match_status", args=[match.pk])
    client.force_login(focal_point_gt.user)
    client.post(url, {"status": "contacted"})
    match.refresh_from_db()
    assert match.status == "contacted"
    client.force_login(focal_point_mx.user)
    response = client.post(url, {"status": "nonsense"}, follow=True)
    assert "Choose a status" in response.content.decode()
    client.post(url, {"status": "agreed"})
    match.refresh_from_db()
    assert (match.status, match.status_changed_by) == ("agreed", focal_point_mx.user)
    response = client.post(url, {"status": "declined"}, follow=True)
    assert "cannot go from" in response.content.decode()


def test_a_focal_point_of_a_third_country_cannot_move_a_pair(client):
    from tests.factories import FocalPointFactory, InstitutionFactory

    outsider = FocalPointFactory(institution=InstitutionFactory(country=country("CO")))
    match = CooperationMatch.objects.create(offer=OfferFactory(), request=RequestFactory(), score=50)
    client.force_login(outsider.user)
    response = client.post(
        reverse("exchanges:match_status", args=[match.pk]), {"status": "declined"}, follow=True
    )
    assert "Only the focal points of the two countries" in response.content.decode()
    match.refresh_from_db()
    assert match.status == "suggested"


def test_the_country_page_lists_its_offers_and_requests(client):
    OfferFactory(title_es="Oferta mexicana de formación", country=country("MX"))
    RequestFactory(title_es="Solicitud mexicana de datos", country=country("MX"))
    RequestFactory(title_es="Solicitud guatemalteca", country=country("GT"))
    page = client.get(reverse("country_detail", args=["mx"])).content.decode()
    assert "Oferta mexicana de formación" in page
    assert "Solicitud mexicana de datos" in page
    assert "Solicitud guatemalteca" not in page


def test_the_detail_page_of_a_request_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    request = RequestFactory()
    for index in range(5):
        offer = OfferFactory(country=country(["CO", "AR", "BR", "CL", "PE"][index]))
        CooperationMatch.objects.create(
            offer=offer,
            request=request,
            score=50 + index,
            reasons=[{"code": "themes", "points": 15, "ids": [1]}],
        )
    with django_assert_max_num_queries(14):
        response = client.get(request.get_absolute_url())
    assert response.content.decode().count('class="match"') == 5


def test_publishing_through_the_service_twice_is_refused(secretariat_user):
    offer = OfferFactory(state=CooperationOffer.State.SUBMITTED)
    change_state(offer, offer.State.PUBLISHED, by=secretariat_user)
    with pytest.raises(Exception, match="cannot go from"):
        change_state(offer, offer.State.PUBLISHED, by=secretariat_user)


def test_an_unpublished_request_shows_its_country_a_preview_of_its_suggestions(client, focal_point_gt):
    offer = OfferFactory(title_es="Oferta que encaja", country=country("MX"))
    draft = RequestFactory(country=country("GT"), state=CooperationRequest.State.DRAFT, published_at=None)
    client.force_login(focal_point_gt.user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert offer.title in page
    assert "A preview for your country" in page
    assert not CooperationMatch.objects.exists()  # stored once published, not before


def test_the_secretariat_publishes_from_the_admin_and_a_focal_point_cannot(
    admin_client_for, secretariat_user, focal_point_mx
):
    offer = OfferFactory(state=CooperationOffer.State.SUBMITTED, published_at=None, country=country("MX"))
    url = reverse("admin:exchanges_cooperationoffer_changelist")
    action = {"action": "publish", "_selected_action": [offer.pk], "index": "0"}
    admin_client_for(focal_point_mx.user).post(url, action)
    offer.refresh_from_db()
    assert offer.state == CooperationOffer.State.SUBMITTED  # the action is not offered to it
    admin_client_for(secretariat_user).post(url, action)
    offer.refresh_from_db()
    assert offer.state == CooperationOffer.State.PUBLISHED
