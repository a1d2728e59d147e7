from django.core.cache import cache
from django.http import QueryDict

from core.search.query import stopwords_among
from tests.factories import InitiativeFactory


def forget_cached_work():
    """Measure the uncached path: vocabulary, stopwords, counts and facets from the database."""
    cache.clear()
    stopwords_among.cache_clear()


def test_search_page_queries_stay_within_budget_and_do_not_grow_with_results(
    client, db, django_assert_max_num_queries, mexico
):
    query = QueryDict("q=retorno&theme=return-reintegration&country=mx")
    InitiativeFactory(lead_country=mexico, title_es="Retorno digno", partners=["GT"])
    forget_cached_work()
    with django_assert_max_num_queries(12) as few:
        client.get("/es/initiatives/", query)
    for n in range(30):
        InitiativeFactory(
            lead_country=mexico, title_es=f"Retorno {n}", partners=["GT", "HN"], objectives=[21]
        )
    forget_cached_work()

    with django_assert_max_num_queries(12) as many:
        response = client.get("/es/initiatives/", query)

    assert response.context["result"].page.paginator.count == 31
    assert len(many.captured_queries) == len(few.captured_queries)


def test_browsing_everything_costs_the_same_queries_as_a_search(client, db, django_assert_max_num_queries):
    for n in range(25):
        InitiativeFactory(title_es=f"Iniciativa {n}")

    with django_assert_max_num_queries(12):
        response = client.get("/es/initiatives/?page=2")

    assert len(response.context["result"].page.object_list) == 5


def test_logged_in_visitor_search_stays_within_budget(client, focal_point_mx, django_assert_max_num_queries):
    client.force_login(focal_point_mx.user)
    InitiativeFactory()

    with django_assert_max_num_queries(12):
        assert client.get("/es/initiatives/?q=iniciativa&sort=title").status_code == 200


def test_a_repeated_search_reads_counts_and_facets_from_the_cache(client, db, django_assert_num_queries):
    InitiativeFactory(title_es="Retorno digno")
    client.get("/es/initiatives/?q=retorno")

    with django_assert_num_queries(3):  # the page's ids, its rows with snippets, their themes
        response = client.get("/es/initiatives/?q=retorno")

    assert response.context["result"].page.paginator.count == 1
