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


def test_a_repeated_search_reads_counts_and_facets_from_the_cache(
    client, db, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the counts' cache, under the whole-page one
    InitiativeFactory(title_es="Retorno digno")
    client.get("/es/initiatives/?q=retorno")

    with django_assert_num_queries(3):  # the page's ids, its rows with snippets, their themes
        response = client.get("/es/initiatives/?q=retorno")

    assert response.context["result"].page.paginator.count == 1


def test_editing_a_draft_leaves_the_cached_counts_of_searches_in_place(
    client, focal_point_mx, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from initiatives import services
    from initiatives.models import Initiative

    InitiativeFactory(title_es="Retorno digno")
    draft = InitiativeFactory(title_es="Borrador", state=Initiative.State.DRAFT, published_at=None)
    client.get("/es/initiatives/?q=retorno")
    draft.title_es = "Retorno en borrador"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_initiative(draft, by=focal_point_mx.user, m2m={"themes": []})

    with django_assert_num_queries(3):  # counts still cached: the page's ids, its rows, their themes
        response = client.get("/es/initiatives/?q=retorno")

    assert response.context["result"].page.paginator.count == 1


def test_editing_the_text_of_a_published_initiative_expires_the_cached_counts(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    from initiatives import services

    published = InitiativeFactory(title_es="Registro consular", themes=["health"])
    first = client.get("/es/initiatives/?q=ventanilla").context["result"].page.paginator.count
    published.title_es = "Ventanilla consular"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_initiative(published, by=secretariat_user)

    second = client.get("/es/initiatives/?q=ventanilla").context["result"].page.paginator.count

    assert (first, second) == (0, 1)


def test_renaming_a_theme_refreshes_the_search_columns_of_its_initiatives(
    client, db, django_capture_on_commit_callbacks
):
    from network.models import Theme

    InitiativeFactory(title_es="Mesa", themes=["health"])
    theme = Theme.objects.get(slug="health")
    theme.slug, theme.name_es = "public-health", "Sanidad pública"
    with django_capture_on_commit_callbacks(execute=True):
        theme.save()

    response = client.get("/es/initiatives/?theme=public-health&q=sanidad")

    assert [i.title for i in response.context["result"].page.object_list] == ["Mesa"]
