from datetime import timedelta

from django.utils import timezone

from tests.factories import InitiativeFactory
from tests.factories import country as country_of


def test_markdown_is_rendered_and_scripts_never_reach_the_page(client, db):
    initiative = InitiativeFactory(
        description_es="**Logros** y [enlace](https://example.org)\n\n<script>alert(1)</script>"
        '<img src=x onerror="alert(2)"> [malo](javascript:alert(3))',
        results_es="<a href='#' onclick='steal()'>clic</a>",
    )

    body = client.get(initiative.get_absolute_url()).content.decode()

    assert "<strong>Logros</strong>" in body
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">enlace</a>' in body
    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "onclick" not in body
    assert "javascript:" not in body


def test_visitor_is_told_when_the_page_falls_back_to_another_language(client, db):
    initiative = InitiativeFactory(title_es="Solo en español", title_en=None, summary_en=None)

    english = client.get(f"/en/initiatives/{initiative.pk}-solo-en-espanol/").content.decode()
    spanish = client.get(f"/es/initiatives/{initiative.pk}-solo-en-espanol/").content.decode()

    assert "Parts of this initiative are not yet translated into your language" in english
    assert '<h1 lang="es">Solo en español</h1>' in english
    assert "not yet translated" not in spanish


def test_detail_page_shows_languages_related_initiatives_and_verification(client, db):
    initiative = InitiativeFactory(title_es="Principal", title_pt="Principal pt", themes=["health"])
    InitiativeFactory(title_es="Pariente", themes=["health"])
    InitiativeFactory(title_es="Lejana", themes=["consular-services"], populations=["public-officials"])

    response = client.get(f"/en/initiatives/{initiative.pk}-{initiative.slug_in('en')}/")

    assert [r.title for r in response.context["related"]] == ["Pariente"]
    assert [c.code for c in response.context["texts"].coverage] == ["es", "pt"]
    assert "Portuguese, except: summary" in response.content.decode()


def test_an_old_verification_flags_the_record_as_possibly_out_of_date(client, db, settings):
    stale = InitiativeFactory(last_verified_on=timezone.localdate() - timedelta(days=400))
    fresh = InitiativeFactory(last_verified_on=timezone.localdate() - timedelta(days=10))

    stale_page = client.get(f"/en/initiatives/{stale.pk}-{stale.slug_in('en')}/").content.decode()
    fresh_page = client.get(f"/en/initiatives/{fresh.pk}-{fresh.slug_in('en')}/").content.decode()
    results = client.get("/en/initiatives/").content.decode()

    assert "May be out of date" in stale_page
    assert "May be out of date" not in fresh_page
    assert results.count("May be out of date") == 1


def test_a_wrong_slug_redirects_to_the_canonical_address(client, db):
    initiative = InitiativeFactory(title_es="Ventanilla única")

    response = client.get(f"/es/initiatives/{initiative.pk}-otra-cosa/")

    assert response.status_code == 301
    assert response["Location"] == f"/es/initiatives/{initiative.pk}-ventanilla-unica/"


def test_detail_page_queries_do_not_grow_with_related_records(client, db, django_assert_max_num_queries):
    initiative = InitiativeFactory(themes=["health", "return-reintegration"], partners=["GT", "HN", "SV"])
    for _ in range(8):
        InitiativeFactory(themes=["health"])

    with django_assert_max_num_queries(13):
        response = client.get(initiative.get_absolute_url())

    assert len(response.context["related"]) == 5


def test_country_page_lists_its_initiatives_with_counts_by_theme_and_population(client, mexico):
    InitiativeFactory(title_es="Uno", lead_country=mexico, themes=["health"], populations=["children-youth"])
    InitiativeFactory(title_es="Dos", lead_country=mexico, themes=["health", "education-skills"])
    InitiativeFactory(title_es="Ajena", lead_country=country_of("GT"), themes=["health"])

    response = client.get("/es/countries/mx/")

    figures = response.context["initiatives"]
    assert figures["total"] == 2
    assert sorted(i.title for i in figures["latest"]) == ["Dos", "Uno"]
    assert [(t.slug, t.n) for t in figures["by_theme"]] == [("health", 2), ("education-skills", 1)]
    assert [(p.slug, p.n) for p in figures["by_population"]] == [("children-youth", 1), ("migrants", 1)]
    assert 'href="/es/feeds/initiatives/country/mx/"' in response.content.decode()


def test_no_template_comment_or_tag_reaches_a_detail_page(client, db):
    initiative = InitiativeFactory()

    body = client.get(f"/en/initiatives/{initiative.pk}-{initiative.slug_in('en')}/").content.decode()

    assert "{#" not in body
    assert "{%" not in body
    assert "{{" not in body
