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

    with django_assert_num_queries(2):  # the page's ids, its rows with snippets (themes from the facet array)
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

    with django_assert_num_queries(
        2
    ):  # counts still cached: the page's ids, its rows (themes from their arrays)
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


# --- The detail page: at most 6 queries, whatever the record holds (issue 12) ----------------


def full_record(mexico):
    """An initiative with every list of its page filled: terms, links, references, documents, checks."""
    from initiatives.models import InitiativeDocument, InitiativeLink, SystemReference, Verification
    from tests.factories import FocalPointFactory, InstitutionFactory, StaffFactory

    initiative = InitiativeFactory(
        lead_country=mexico,
        themes=["health", "return-reintegration"],
        populations=["migrants", "refugees"],
        objectives=[1, 21],
        partners=["GT", "HN", "SV"],
        description_es="**Uno**",
        results_es="- a\n- b",
    )
    for n in range(3):
        InitiativeLink.objects.create(
            initiative=initiative, title=f"Enlace {n}", url=f"https://example.org/{n}"
        )
        SystemReference.objects.create(initiative=initiative, system="milex", identifier=f"M-{n}")
        InitiativeDocument.objects.create(
            initiative=initiative, title=f"Informe {n}", file=f"initiatives/x/{n}.pdf", size=1000
        )
    institution = InstitutionFactory(country=mexico, name="Instituto verificador")
    focal_point = FocalPointFactory(institution=institution)
    Verification.objects.create(initiative=initiative, by=focal_point.user)
    Verification.objects.create(initiative=initiative, by=StaffFactory())
    return initiative


def test_a_detail_page_takes_at_most_six_queries_whatever_the_record_holds(
    client, db, mexico, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the first visit: the page is built
    bare = InitiativeFactory(lead_country=mexico)
    full = full_record(mexico)
    for n in range(8):
        InitiativeFactory(themes=["health"], title_es=f"Vecina {n}")

    with django_assert_max_num_queries(6) as for_bare:
        client.get(bare.get_absolute_url())
    with django_assert_max_num_queries(6) as for_full:
        body = client.get(full.get_absolute_url().replace("/es/", "/en/", 1)).content.decode()

    assert len(for_full.captured_queries) == len(for_bare.captured_queries)
    for shown in ("Enlace 2", "MILEX M-2", "Informe 2", "Instituto verificador", "Technical secretariat"):
        assert shown in body
    assert "<strong>Uno</strong>" in body
    assert body.count('href="/en/initiatives/?theme=') == 2
    assert "Vecina 7" in body  # related initiatives, newest first among equals


def test_a_detail_page_seen_by_its_focal_point_costs_the_same_whatever_the_record_holds(
    client, focal_point_mx, mexico, django_assert_max_num_queries
):
    bare = InitiativeFactory(lead_country=mexico)
    full = full_record(mexico)
    client.force_login(focal_point_mx.user)

    # The page's own 3 (record, related, publication history) plus who is asking: session, user,
    # user and group permissions, focal point.
    with django_assert_max_num_queries(8) as for_bare:
        client.get(bare.get_absolute_url())
    with django_assert_max_num_queries(8) as for_full:
        response = client.get(full.get_absolute_url())

    assert len(for_full.captured_queries) == len(for_bare.captured_queries)
    body = response.content.decode()
    assert "Enlace 2" in body
    assert "Informe 2" in body
