"""The demo offers and requests: translated, matched, a few pairs worked on, loaded once."""

import pytest

from exchanges.demo_offers import load_demo_offers
from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest
from network.demo import load_demo_network

pytestmark = pytest.mark.django_db


def test_the_demo_loads_translated_offers_requests_and_pairs_once():
    load_demo_network()
    added = load_demo_offers()
    assert added == CooperationOffer.objects.count() + CooperationRequest.objects.count() >= 30
    assert not CooperationOffer.objects.filter(title_en="").exists()
    assert CooperationRequest.objects.exclude(title_fr="").exists()
    statuses = set(CooperationMatch.objects.values_list("status", flat=True))
    assert statuses == {"suggested", "contacted", "agreed", "declined"}
    agreed = CooperationMatch.objects.get(status="agreed")
    assert agreed.score > 0
    assert agreed.reasons
    matches = CooperationMatch.objects.count()
    assert load_demo_offers() == 0
    assert CooperationMatch.objects.count() == matches
