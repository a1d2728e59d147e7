from network.models import Country
from tests.factories import InstitutionFactory


def test_country_index_lists_the_americas_by_subregion_and_the_observers(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/en/countries/")

    groups = {code: [c.code for c in countries] for code, _label, countries in response.context["subregions"]}
    assert response.status_code == 200
    assert groups["north_america"] == ["CA", "MX", "US"]
    assert len(response.context["observers"]) >= 60
    assert 'href="/en/countries/mx/"' in response.content.decode()


def test_country_index_sorts_names_in_the_visitors_language(client, db):
    response = client.get("/fr/countries/")

    north_america = next(c for code, _l, c in response.context["subregions"] if code == "north_america")
    assert [c.name for c in north_america] == ["Canada", "États-Unis", "Mexique"]


def test_country_page_shows_status_forums_and_institutions(client, mexico):
    InstitutionFactory(country=mexico, name="Instituto Nacional de Migración", acronym="INM")

    response = client.get("/es/countries/mx/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>México</h1>" in body
    assert "Conferencia Regional sobre Migración (Proceso Puebla)" in body
    assert "Instituto Nacional de Migración" in body


def test_unknown_country_code_answers_404(client, db):
    assert client.get("/es/countries/zz/").status_code == 404
    assert client.get("/es/countries/mexico/").status_code == 404


def test_upper_case_country_code_redirects_to_the_canonical_address(client, db):
    response = client.get("/es/countries/MX/")

    assert response.status_code == 301
    assert response["Location"] == "/es/countries/mx/"


def test_home_page_shows_figures_from_the_database(client, db, django_assert_max_num_queries):
    # The countries' figures, the kept total of initiatives, and a count as it was never kept.
    with django_assert_max_num_queries(3):
        response = client.get("/en/")

    assert response.status_code == 200
    assert response.context["figures"] == {
        "member_states": 34,
        "americas": 35,
        "observers": 70,
        "initiatives": 0,
    }
    assert '<span class="figure-value">35</span>' in response.content.decode()


def test_home_figures_follow_a_change_of_a_countrys_status(client, db, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/en/")  # the figures are now cached
    country = Country.objects.get(code="MX")
    country.oas_status = Country.OasStatus.OBSERVER
    country.save()

    figures = client.get("/en/").context["figures"]

    assert (figures["member_states"], figures["observers"]) == (33, 71)
