from django.conf import settings
from django.core.management import call_command

from initiatives.models import TRANSLATED_TEXT_FIELDS, Initiative
from network.models import Country, TargetPopulation, Theme


def test_demo_initiatives_cover_countries_themes_and_populations_in_four_languages(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    published = Initiative.objects.published()
    assert published.count() >= 190
    assert Country.objects.filter(initiatives__in=published).distinct().count() == 35
    assert Theme.objects.exclude(initiatives__in=published).count() == 0
    assert TargetPopulation.objects.filter(is_priority=True).exclude(initiatives__in=published).count() == 0
    for code in ["en", "fr", "pt"]:
        assert (
            published.filter(**{f"title_{code}__gt": "", f"summary_{code}__gt": ""}).count()
            == published.count()
        )
    assert published.stale().exists()


def test_demo_shows_complete_pages_in_four_languages_and_honest_fallbacks(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    every_text_written = {
        f"{name}_{code}__gt": "" for name in TRANSLATED_TEXT_FIELDS for code, _name in settings.LANGUAGES
    }
    published = Initiative.objects.published()
    complete = published.filter(**every_text_written)
    assert complete.count() >= 40
    # the rest keeps its long texts in one or two languages, so that the fallback notice can be seen
    assert published.exclude(pk__in=complete).count() >= 100
