from initiatives.models import Initiative
from tests.factories import InitiativeFactory


def facet_counts(response, facet):
    facets = {shown.key: shown.values for shown in response.context["result"].facets}
    return {value.key: value.count for value in facets[facet] if value.count}


def count_of(response):
    return response.context["result"].page.paginator.count


def test_facets_combine_with_and_across_and_or_within(client, db, mexico, guatemala):
    InitiativeFactory(lead_country=mexico, themes=["health"])
    InitiativeFactory(lead_country=mexico, themes=["return-reintegration"])
    InitiativeFactory(lead_country=guatemala, themes=["health"])

    assert count_of(client.get("/es/initiatives/?country=mx&theme=health")) == 1
    assert count_of(client.get("/es/initiatives/?country=mx&country=gt&theme=health")) == 2
    assert count_of(client.get("/es/initiatives/?theme=health&theme=return-reintegration")) == 3


def test_each_facet_value_shows_how_many_results_it_would_give(client, db, mexico, guatemala):
    InitiativeFactory(lead_country=mexico, themes=["health"], kind=Initiative.Kind.POLICY)
    InitiativeFactory(lead_country=mexico, themes=["return-reintegration"])
    InitiativeFactory(lead_country=guatemala, themes=["health"])

    response = client.get("/es/initiatives/?country=mx")

    assert facet_counts(response, "country") == {"mx": 2, "gt": 1}  # other values of a selected facet
    assert facet_counts(response, "theme") == {"health": 1, "return-reintegration": 1}
    assert facet_counts(response, "kind") == {"policy": 1, "programme": 1}
    assert facet_counts(response, "subregion") == {"north_america": 2}
    assert facet_counts(response, "forum") == {"rcm": 2}
    assert facet_counts(response, "language") == {"es": 2}


def test_counts_change_when_a_second_facet_is_combined(client, db, mexico):
    InitiativeFactory(lead_country=mexico, populations=["children-youth"], themes=["health"])
    InitiativeFactory(lead_country=mexico, populations=["women-gender"], themes=["return-reintegration"])

    before = facet_counts(client.get("/es/initiatives/"), "population")
    after = facet_counts(client.get("/es/initiatives/?theme=health"), "population")

    assert before == {"children-youth": 1, "women-gender": 1}
    assert after == {"children-youth": 1}


def test_priority_populations_are_listed_first(client, db):
    response = client.get("/es/initiatives/")

    facets = {shown.key: shown.values for shown in response.context["result"].facets}
    keys = [value.key for value in facets["population"]]
    assert keys[:4] == ["women-gender", "children-youth", "indigenous-peoples", "vulnerable-groups"]


def test_year_range_keeps_initiatives_whose_period_overlaps(client, db):
    InitiativeFactory(title_es="Antigua", start_year=2005, end_year=2010)
    InitiativeFactory(title_es="Vigente", start_year=2012, end_year=None)
    InitiativeFactory(title_es="Reciente", start_year=2024, end_year=2025)

    response = client.get("/es/initiatives/?year_from=2011&year_to=2020")

    assert [i.title for i in response.context["result"].page.object_list] == ["Vigente"]


def test_language_facet_filters_by_available_translations(client, db):
    InitiativeFactory(title_es="Solo español")
    InitiativeFactory(title_es="Bilingüe", title_en="Bilingual")

    response = client.get("/en/initiatives/?language=en")

    assert [i.title for i in response.context["result"].page.object_list] == ["Bilingual"]
    assert facet_counts(response, "language") == {"es": 2, "en": 1}


def test_cached_counts_follow_every_change_of_the_initiatives(client, db, secretariat_user, settings):
    from initiatives import services

    settings.PAGE_CACHE_ENABLED = False  # the counts' cache, under the whole-page one
    InitiativeFactory(themes=["health"])
    submitted = InitiativeFactory(themes=["health"], state=Initiative.State.SUBMITTED, published_at=None)
    first = count_of(client.get("/es/initiatives/?theme=health"))

    services.publish_initiative(submitted, by=secretariat_user)
    second = count_of(client.get("/es/initiatives/?theme=health"))
    third = client.get("/es/initiatives/?theme=health")

    assert (first, second, count_of(third)) == (1, 2, 2)
    assert facet_counts(third, "theme")["health"] == 2


def test_counts_of_the_whole_catalogue_follow_publication_edits_and_archiving(
    client, db, secretariat_user, django_capture_on_commit_callbacks
):
    from core.search.counters import recount, stored_rows
    from initiatives import services
    from initiatives.catalogues import INITIATIVES

    kept = InitiativeFactory(themes=["health"])
    draft = InitiativeFactory(themes=["health"], state=Initiative.State.SUBMITTED, published_at=None)
    gone = InitiativeFactory(themes=["return-reintegration"])
    first = client.get("/es/initiatives/")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_initiative(draft, by=secretariat_user)
        services.save_initiative(kept, by=secretariat_user, m2m={"themes": [], "populations": []})
        services.archive_initiative(gone, by=secretariat_user)

    second = client.get("/es/initiatives/")

    assert (count_of(first), facet_counts(first, "theme")) == (2, {"health": 1, "return-reintegration": 1})
    assert (count_of(second), facet_counts(second, "theme")) == (2, {"health": 1})
    assert facet_counts(second, "population") == {"migrants": 1}
    assert sorted(row for row in stored_rows(INITIATIVES) if row[1]) == sorted(recount(INITIATIVES))


def test_with_two_facets_selected_each_counts_as_if_its_own_values_were_not(client, db, mexico, guatemala):
    InitiativeFactory(lead_country=mexico, themes=["health"], kind=Initiative.Kind.POLICY)
    InitiativeFactory(lead_country=mexico, themes=["return-reintegration"])
    InitiativeFactory(lead_country=guatemala, themes=["health"])
    InitiativeFactory(lead_country=guatemala, themes=["return-reintegration"])

    response = client.get("/es/initiatives/?country=mx&theme=health")

    assert count_of(response) == 1
    assert facet_counts(response, "country") == {"mx": 1, "gt": 1}
    assert facet_counts(response, "theme") == {"health": 1, "return-reintegration": 1}
    assert facet_counts(response, "kind") == {"policy": 1}


def test_single_valued_facets_lead_the_facet_keys_in_their_declared_places(db, mexico):
    from core.search.counting import single_valued_facets
    from initiatives.catalogues import INITIATIVES

    initiative = InitiativeFactory(lead_country=mexico, kind=Initiative.Kind.POLICY, themes=["health"])
    keys = Initiative.objects.values_list("facet_keys", flat=True).get(pk=initiative.pk)
    single = [facet.key for facet in single_valued_facets(INITIATIVES)]

    assert single == ["country", "subregion", "kind", "scope", "status"]
    assert keys[:2] == ["country:MX", "subregion:north_america"]
    assert keys[2] == "kind:policy"
    assert "theme:health" in keys[len(single) :]


def test_a_selected_single_valued_facet_counts_its_other_values_from_the_rows_failing_it_alone(
    client, db, mexico, guatemala
):
    InitiativeFactory(lead_country=mexico, themes=["health"], kind=Initiative.Kind.POLICY)
    InitiativeFactory(lead_country=guatemala, themes=["health"], kind=Initiative.Kind.POLICY)
    InitiativeFactory(lead_country=guatemala, themes=["return-reintegration"], kind=Initiative.Kind.POLICY)

    response = client.get("/es/initiatives/?country=mx&theme=health&kind=policy")

    assert count_of(response) == 1
    assert facet_counts(response, "country") == {"mx": 1, "gt": 1}  # rows with health and policy
    assert facet_counts(response, "theme") == {"health": 1}  # rows of Mexico with policy
    assert facet_counts(response, "kind") == {"policy": 1}
