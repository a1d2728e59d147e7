"""Matching: the score and its reasons, what is kept, what never comes back, the emails."""

import random
from datetime import date

import pytest
from django.core import mail
from django.test import override_settings

from core.models import OutboundEmail
from exchanges import matching
from exchanges.matching import load_profiles, match_record, recompute_all, score_pair
from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest, Modality
from exchanges.offer_selectors import suggestions
from exchanges.offer_services import set_match_status
from network.models import TargetPopulation, Theme
from tests.factories import country

from .offer_factories import OfferFactory, RequestFactory

pytestmark = pytest.mark.django_db


def profiles(offer, request):
    return load_profiles(CooperationOffer)[offer.pk], load_profiles(CooperationRequest)[request.pk]


def test_a_pair_sharing_everything_scores_high_and_says_why():
    offer = OfferFactory(
        available_from=date(2026, 1, 1), available_until=date(2026, 12, 31), country=country("MX")
    )
    request = RequestFactory(available_from=date(2026, 6, 1), country=country("GT"))
    score, reasons = score_pair(*profiles(offer, request))
    codes = {reason["code"] for reason in reasons}
    assert {"themes", "populations", "modality", "languages", "availability", "text"} <= codes
    assert score >= 60
    assert score == sum(reason["points"] for reason in reasons)


def test_records_of_the_same_country_or_sharing_nothing_are_not_paired():
    offer = OfferFactory(country=country("MX"))
    RequestFactory(country=country("MX"))
    RequestFactory(themes=["health"], populations=["children-youth"])
    assert match_record(offer).created == 0
    assert not CooperationMatch.objects.exists()


def test_the_request_page_explains_the_match_in_words(client):
    offer = OfferFactory(country=country("CO"))
    request = RequestFactory(country=country("AR"))  # same subregion: South America
    match_record(request)
    match = CooperationMatch.objects.get()
    assert (match.offer, match.request) == (offer, request)
    response = client.get(request.get_absolute_url())
    page = response.content.decode()
    assert offer.title in page
    theme = Theme.objects.get(slug="return-reintegration")
    assert f"Temas en común: {theme.name_es}." in page  # the page's language: /es/
    assert "Ambos países pertenecen a la misma subregión." in page


def test_declined_pairs_never_come_back(focal_point_gt):
    OfferFactory()
    request = RequestFactory()
    match_record(request)
    match = CooperationMatch.objects.get()
    set_match_status(match, CooperationMatch.Status.DECLINED, by=focal_point_gt.user)
    match_record(request)
    recompute_all()
    match.refresh_from_db()
    assert match.status == CooperationMatch.Status.DECLINED
    assert suggestions(request, focal_point_gt.user) == []


def test_each_record_keeps_only_its_best_pairs(settings):
    settings.MATCHING_TOP_N = 2
    request = RequestFactory()
    best = OfferFactory(modality=Modality.TECHNICAL_ASSISTANCE, themes=["return-reintegration", "health"])
    for _ in range(3):
        OfferFactory(modality=Modality.JOINT_RESEARCH)
    match_record(request)
    kept = list(CooperationMatch.objects.filter(request=request).order_by("-score"))
    assert len(kept) == 2
    assert kept[0].offer == best


def test_a_new_match_above_the_threshold_emails_both_sides_once(settings, focal_point_mx, focal_point_gt):
    settings.MATCHING_NOTIFY_SCORE = 30
    OfferFactory(country=country("MX"))
    request = RequestFactory(country=country("GT"))
    match_record(request)
    rows = OutboundEmail.objects.filter(about__startswith="exchanges.cooperationmatch:")
    expected = sorted([focal_point_mx.user.email, focal_point_gt.user.email])
    assert sorted(rows.values_list("to", flat=True)) == expected
    CooperationMatch.objects.all().delete()  # even if the pair is computed again from scratch
    match_record(request)
    assert rows.count() == 2
    assert mail.outbox == []  # queued in the outbox, sent by its worker


def test_a_match_below_the_threshold_emails_nobody(settings, focal_point_mx, focal_point_gt):
    settings.MATCHING_NOTIFY_SCORE = 100
    OfferFactory()
    match_record(RequestFactory())
    assert CooperationMatch.objects.count() == 1
    assert not OutboundEmail.objects.exists()


def test_closing_a_record_removes_its_suggestions_but_keeps_pairs_in_progress(focal_point_gt):
    OfferFactory()
    OfferFactory()
    request = RequestFactory()
    match_record(request)
    contacted, _suggested = CooperationMatch.objects.order_by("pk")
    set_match_status(contacted, CooperationMatch.Status.CONTACTED, by=focal_point_gt.user)
    request.status = request.Status.CLOSED
    request.save()
    match_record(request)
    assert list(CooperationMatch.objects.all()) == [contacted]


def random_world(seed: int, size: int):
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    themes = list(Theme.objects.values_list("slug", flat=True))[:6]
    populations = list(TargetPopulation.objects.values_list("slug", flat=True))[:5]
    codes = ["MX", "GT", "CO", "AR", "BR", "JM", "CA"]
    for factory in (OfferFactory, RequestFactory):
        for _ in range(size):
            start = date(2026, rng.randint(1, 12), 1) if rng.random() < 0.6 else None
            factory(
                country=country(rng.choice(codes)),
                themes=rng.sample(themes, rng.randint(1, 2)),
                populations=rng.sample(populations, rng.randint(1, 2)),
                modality=rng.choice(Modality.values),
                working_languages=rng.sample(["es", "en", "fr", "pt"], rng.randint(1, 2)),
                available_from=start,
            )


def brute_force(top_n: int) -> dict:
    """Every pair scored in Python, each side's best kept: what the SQL prefilter must agree with."""
    offers, requests = load_profiles(CooperationOffer), load_profiles(CooperationRequest)
    kept = {}
    for profile, others, as_offer in [(o, requests, True) for o in offers.values()] + [
        (r, offers, False) for r in requests.values()
    ]:
        for scored in matching.best_for(profile, others.values(), as_offer=as_offer)[:top_n]:
            kept[(scored.offer_id, scored.request_id)] = scored.score
    return kept


@override_settings(MATCHING_TOP_N=3, MATCHING_MIN_SCORE=20)
def test_the_full_recomputation_keeps_the_same_pairs_as_scoring_every_pair():
    random_world(seed=8, size=30)
    report = recompute_all()
    rows = CooperationMatch.objects.values_list("offer_id", "request_id", "score")
    stored = {(o, r): s for o, r, s in rows}
    assert report.created == len(stored) > 20
    assert stored == brute_force(top_n=3)
    offers, requests = load_profiles(CooperationOffer), load_profiles(CooperationRequest)
    for offer in offers.values():  # the fast score used to rank equals the one with reasons
        for request in requests.values():
            assert matching.pair_points(offer, request) == score_pair(offer, request)[0]


@override_settings(MATCHING_TOP_N=3, MATCHING_MIN_SCORE=20)
def test_a_second_full_recomputation_changes_nothing():
    random_world(seed=3, size=12)
    recompute_all()
    again = recompute_all()
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_saving_a_request_through_the_site_computes_its_suggestions(
    client, focal_point_gt, secretariat_user, django_capture_on_commit_callbacks, monkeypatch
):
    from django.urls import reverse

    from ricomi.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the task runs here, as a worker would
    offer = OfferFactory(country=country("MX"))
    client.force_login(focal_point_gt.user)
    data = {
        "title_es": "Apoyo para la reintegración de retornados",
        "country": country("GT").pk,
        "modality": "technical_assistance",
        "working_languages": ["es"],
        "themes": [Theme.objects.get(slug="return-reintegration").pk],
        "populations": [TargetPopulation.objects.get(slug="returned-migrants").pk],
        "cost_sharing": "shared",
        "status": "open",
        "submit": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchanges:request_create"), data)
    request = CooperationRequest.objects.get()
    assert not CooperationMatch.objects.exists()  # not public yet: nothing to match
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchanges:request_action", args=[request.pk, "publish"]))
    assert CooperationMatch.objects.get().offer == offer


def test_the_nightly_task_recomputes_every_suggestion():
    from exchanges.offer_tasks import recompute_matches_task

    OfferFactory()
    RequestFactory()
    assert recompute_matches_task() == 1
    assert CooperationMatch.objects.count() == 1
