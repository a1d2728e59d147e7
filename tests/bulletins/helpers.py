"""Helpers of the bulletins tests: subscribers, initiatives of a year, a built bulletin."""

import re
from datetime import UTC, datetime

import factory

from bulletins import services
from bulletins.models import Bulletin, Subscriber
from bulletins.pdf import build_bulletin_pdf
from tests.factories import InitiativeFactory, country

LANGUAGES = ["es", "en", "fr", "pt"]


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n:05}@example.org")
    language = "es"
    status = Subscriber.Status.CONFIRMED


def initiative_of(year: int, code: str = "MX", **kwargs):
    return InitiativeFactory(
        lead_country=country(code), published_at=datetime(year, 6, 1, tzinfo=UTC), **kwargs
    )


def built_bulletin(year: int = 2025, **texts) -> Bulletin:
    """A bulletin of `year` with its four PDFs rendered here (what the build task does on a worker)."""
    bulletin = Bulletin.objects.create(year=year, build_number=1, **texts)
    for language in LANGUAGES:
        build_bulletin_pdf(bulletin, language)
    assert services.finish_build(bulletin, 1)
    bulletin.refresh_from_db()
    return bulletin


def link_in(text: str, name: str) -> str:
    """The first address in `text` whose path contains `/bulletins/<name>/`, as a path."""
    found = re.search(rf"http://[^/\s]+(/\w\w/bulletins/{name}/[^\s\"<]+)", text)
    assert found, f"no {name} link in:\n{text}"
    return found.group(1)
