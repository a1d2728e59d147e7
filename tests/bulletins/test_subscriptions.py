"""Subscribing with double opt-in, confirming, preferences and one-click unsubscribe."""

import pytest
from django.test import Client

from bulletins import links, services
from bulletins.models import Subscriber
from core.models import OutboundEmail
from network.models import Country, Theme

from .helpers import SubscriberFactory, link_in

pytestmark = pytest.mark.django_db
Status = Subscriber.Status


def post_subscribe(client, email="ana@example.org", language="fr", **extra):
    return client.post("/en/bulletins/subscribe/", {"email": email, "language": language, **extra})


def test_a_new_address_is_kept_unconfirmed_and_gets_a_confirmation_link_in_its_language(client):
    response = post_subscribe(
        client, "Ana@Example.org", "fr", countries=["MX", "GT"], themes=["return-reintegration"]
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/bulletins/subscribe/sent/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.status) == (
        "ana@example.org",
        "fr",
        Status.UNCONFIRMED,
    )
    assert sorted(subscriber.countries.values_list("code", flat=True)) == ["GT", "MX"]
    assert list(subscriber.themes.values_list("slug", flat=True)) == ["return-reintegration"]
    email = OutboundEmail.objects.get()
    assert (email.to, email.language) == ("ana@example.org", "fr")
    assert "/fr/bulletins/confirm/" in email.body


def test_the_answer_is_the_same_whether_the_address_was_known_or_not(client):
    SubscriberFactory(email="known@example.org", status=Status.CONFIRMED)
    SubscriberFactory(email="waiting@example.org", status=Status.UNCONFIRMED)
    SubscriberFactory(email="gone@example.org", status=Status.UNSUBSCRIBED)

    answers = [post_subscribe(client, email) for email in ["new@example.org", "known@example.org",
               "waiting@example.org", "gone@example.org"]]  # fmt: skip

    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/en/bulletins/subscribe/sent/")}
    page = client.get("/en/bulletins/subscribe/sent/")
    assert "If this address can receive the bulletin" in page.content.decode()


def test_a_confirmed_address_gets_a_reminder_with_its_preferences_link_and_stays_confirmed(client):
    SubscriberFactory(email="known@example.org", status=Status.CONFIRMED, language="en")

    post_subscribe(client, "known@example.org", "pt")

    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.language) == (Status.CONFIRMED, "en")
    email = OutboundEmail.objects.get()
    assert "/en/bulletins/preferences/" in email.body
    assert "/confirm/" not in email.body


def test_an_unsubscribed_address_that_subscribes_again_must_confirm_again(client):
    SubscriberFactory(email="gone@example.org", status=Status.UNSUBSCRIBED)

    post_subscribe(client, "gone@example.org", "es")

    assert Subscriber.objects.get().status == Status.UNCONFIRMED
    assert "/es/bulletins/confirm/" in OutboundEmail.objects.get().body


def test_repeated_requests_send_one_confirmation_within_ten_minutes(client):
    post_subscribe(client, "ana@example.org")
    post_subscribe(client, "ana@example.org")

    assert OutboundEmail.objects.count() == 1


def test_the_confirmation_link_shows_a_button_and_only_the_post_confirms(client):
    post_subscribe(client, "ana@example.org", "fr")
    path = link_in(OutboundEmail.objects.get().body, "confirm")

    shown = client.get(path)
    assert shown.status_code == 200
    assert Subscriber.objects.get().status == Status.UNCONFIRMED
    confirmed = client.post(path)

    assert confirmed.status_code == 200
    assert Subscriber.objects.get().status == Status.CONFIRMED
    assert "/fr/bulletins/preferences/" in confirmed.content.decode()


def test_an_expired_or_altered_confirmation_link_confirms_nothing(client, settings):
    post_subscribe(client, "ana@example.org")
    path = link_in(OutboundEmail.objects.get().body, "confirm")

    altered = client.post(path.replace("/confirm/", "/confirm/x"))
    settings.BULLETINS_CONFIRMATION_MAX_AGE_SECONDS = -1
    expired = client.post(path)

    assert (altered.status_code, expired.status_code) == (400, 400)
    assert "Ce lien ne fonctionne pas" in expired.content.decode()  # in the subscriber's language
    assert Subscriber.objects.get().status == Status.UNCONFIRMED


def test_a_link_signed_for_one_purpose_does_not_work_for_another(client):
    subscriber = SubscriberFactory(status=Status.UNCONFIRMED)
    unsubscribe_token = links.make_token(subscriber, links.UNSUBSCRIBE)

    response = client.post(f"/en/bulletins/confirm/{unsubscribe_token}/")

    assert response.status_code == 400
    assert Subscriber.objects.get().status == Status.UNCONFIRMED


def test_a_link_stops_working_when_its_address_changed(client):
    subscriber = SubscriberFactory(email="old@example.org")
    token = links.make_token(subscriber, links.PREFERENCES)
    subscriber.email = "new@example.org"
    subscriber.save()

    assert client.get(f"/en/bulletins/preferences/{token}/").status_code == 400


def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(client):
    answers = [
        post_subscribe(client, "not-an-address"),
        post_subscribe(client, "ana@example.org", "de"),
        post_subscribe(client, "ana@example.org", countries=["ZZ"]),
        post_subscribe(client, "ana@example.org", themes=["\x00"]),
    ]

    assert [a.status_code for a in answers] == [400, 400, 400, 400]
    assert "Enter a valid email address." in answers[0].content.decode()
    assert 'aria-invalid="true"' in answers[1].content.decode()
    assert Subscriber.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_the_subscribe_form_is_rate_limited_per_client_address(client, settings):
    settings.BULLETINS_SUBSCRIBE_RATE = 3

    answers = [post_subscribe(client, f"person{i}@example.org").status_code for i in range(4)]
    other_client = Client(REMOTE_ADDR="192.0.2.9")
    other = post_subscribe(other_client, "other@example.org").status_code

    assert answers == [302, 302, 302, 429]
    assert other == 302
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "other@example.org", "person0@example.org", "person1@example.org", "person2@example.org",
    ]  # fmt: skip


def test_a_subscriber_changes_language_and_interests_from_the_signed_link(client):
    subscriber = SubscriberFactory(language="es")
    path = link_in(links.link_for(subscriber, links.PREFERENCES), "preferences")

    page = client.get(path)
    saved = client.post(path, {"language": "pt", "countries": ["CO"], "themes": ["labour-migration"]})
    refused = client.post(path, {"language": "xx"})

    assert page.status_code == 200
    assert saved.status_code == 200
    assert "Sus preferencias se guardaron." in saved.content.decode()  # the link's page language
    assert refused.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "pt"
    assert list(subscriber.countries.all()) == [Country.objects.get(code="CO")]
    assert list(subscriber.themes.all()) == list(Theme.objects.filter(slug="labour-migration"))


def test_one_click_unsubscribe_is_a_post_without_csrf_token_or_login(db):
    subscriber = SubscriberFactory()
    token = links.make_token(subscriber, links.UNSUBSCRIBE)
    client = Client(enforce_csrf_checks=True)

    asked = client.get(f"/es/bulletins/unsubscribe/{token}/")
    assert Subscriber.objects.get().status == Status.CONFIRMED
    response = client.post(
        f"/es/bulletins/unsubscribe/{token}/", "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    assert (asked.status_code, response.status_code) == (200, 200)
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_unsubscribing_cancels_a_bulletin_still_waiting_in_the_outbox(db):
    from .helpers import built_bulletin

    subscriber = SubscriberFactory()
    bulletin = built_bulletin(2025)
    services.send_bulletin(bulletin)

    services.unsubscribe(subscriber)

    email = OutboundEmail.objects.get(to=subscriber.email)
    assert (email.status, email.last_error) == (
        OutboundEmail.Status.FAILED,
        "Unsubscribed before it was sent.",
    )
