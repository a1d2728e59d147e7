from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation

from network.models import Country, GcmObjective, RegionalForum, TargetPopulation, Theme
from network.reference import load_reference_data
from network.roles import CEAM_SECRETARIAT, FOCAL_POINTS, TECHNICAL_SECRETARIAT


def test_every_state_of_the_americas_is_present_with_its_subregion(db):
    by_subregion = {
        subregion: set(Country.objects.filter(subregion=subregion).values_list("code", flat=True))
        for subregion in Country.Subregion.values
    }

    assert sum(len(codes) for codes in by_subregion.values()) == 35
    assert by_subregion["north_america"] == {"CA", "MX", "US"}
    assert by_subregion["central_america"] == {"BZ", "CR", "GT", "HN", "NI", "PA", "SV"}
    assert {"BR", "AR", "GY", "SR", "VE"} <= by_subregion["south_america"]
    assert {"CU", "DO", "HT", "JM", "TT"} <= by_subregion["caribbean"]


def test_permanent_observers_are_marked_as_observers_outside_the_americas(db):
    spain = Country.objects.get(code="ES")

    assert spain.oas_status == Country.OasStatus.OBSERVER
    assert spain.in_americas is False
    assert Country.objects.observers().count() >= 60


def test_country_names_exist_in_the_four_languages(db):
    us = Country.objects.get(code="US")

    assert (us.name_es, us.name_en, us.name_fr, us.name_pt) == (
        "Estados Unidos",
        "United States",
        "États-Unis",
        "Estados Unidos",
    )
    with translation.override("fr"):
        assert Country.objects.get(code="MX").name == "Mexique"


def test_regional_forum_memberships_follow_the_processes(db):
    rcm = set(RegionalForum.objects.get(code="rcm").countries.values_list("code", flat=True))
    sacm = set(RegionalForum.objects.get(code="sacm").countries.values_list("code", flat=True))

    assert rcm == {"BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"}
    assert sacm == {"AR", "BO", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "SR", "UY", "VE"}


def test_vocabularies_are_loaded_in_four_languages(db):
    trafficking = Theme.objects.get(slug="trafficking-smuggling")
    priority = list(TargetPopulation.objects.filter(is_priority=True).values_list("slug", flat=True))

    assert all([trafficking.name_es, trafficking.name_en, trafficking.name_fr, trafficking.name_pt])
    assert priority == ["women-gender", "children-youth", "indigenous-peoples", "vulnerable-groups"]
    assert list(GcmObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert Theme.objects.count() >= 14


def test_reloading_reference_data_adds_nothing_and_keeps_edits(db):
    Country.objects.filter(code="NI").update(oas_status=Country.OasStatus.MEMBER)

    created = load_reference_data(apps)

    assert created == {
        "forums": 0,
        "countries": 0,
        "themes": 0,
        "populations": 0,
        "gcm_objectives": 0,
    }
    assert Country.objects.get(code="NI").oas_status == Country.OasStatus.MEMBER


def test_role_groups_exist_with_their_permissions(db):
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"change_institution", "view_country"} <= codenames(FOCAL_POINTS)
    assert "act_for_all_countries" not in codenames(FOCAL_POINTS)
    assert {"act_for_all_countries", "change_country", "change_theme"} <= codenames(TECHNICAL_SECRETARIAT)
    assert {"act_for_all_countries", "view_country"} <= codenames(CEAM_SECRETARIAT)
    assert "change_country" not in codenames(CEAM_SECRETARIAT)
