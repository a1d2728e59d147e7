from django.core.management import call_command

from initiatives.models import Initiative
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
