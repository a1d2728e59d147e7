import pytest
from django.http import QueryDict

from initiatives.models import Initiative
from tests.factories import InitiativeFactory


def titles(response):
    return [initiative.title for initiative in response.context["result"].page.object_list]


def search(client, query_string, language="es"):
    response = client.get(f"/{language}/initiatives/", QueryDict(query_string))
    assert response.status_code == 200
    return response


def test_search_ignores_accents(client, db):
    InitiativeFactory(title_es="Política de migración laboral ordenada")

    assert titles(search(client, "q=migracion")) == ["Política de migración laboral ordenada"]


@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ("retornados", "summary_es", "Apoyo al retorno voluntario y digno."),
        ("workers", "summary_en", "Support for each seasonal worker."),
        ("travailleurs", "summary_fr", "Appui au travailleur saisonnier."),
        ("trabalhadoras", "summary_pt", "Apoio à trabalhadora migrante."),
    ],
)
def test_search_stems_words_in_each_language(client, db, query, field, text):
    InitiativeFactory(title_es="Registro", **{field: text})

    assert titles(search(client, f"q={query}")) == ["Registro"]


def test_french_visitor_finds_a_term_that_exists_only_in_spanish(client, db):
    InitiativeFactory(title_es="Protocolo de atención a niñez no acompañada", title_fr="")

    response = search(client, "q=acompañada", language="fr")

    assert titles(response) == ["Protocolo de atención a niñez no acompañada"]


def test_websearch_syntax_handles_phrases_or_and_minus(client, db):
    InitiativeFactory(title_es="Retorno de trabajadores temporales", themes=["health"])
    InitiativeFactory(title_es="Trabajadores temporales agrícolas", themes=["health"])
    InitiativeFactory(title_es="Registro consular", themes=["health"])

    assert sorted(titles(search(client, "q=temporales -retorno"))) == ["Trabajadores temporales agrícolas"]
    assert sorted(titles(search(client, "q=consular OR retorno"))) == [
        "Registro consular",
        "Retorno de trabajadores temporales",
    ]
    assert titles(search(client, 'q="temporales agrícolas"')) == ["Trabajadores temporales agrícolas"]


def test_title_matches_rank_above_summary_above_body(client, db):
    InitiativeFactory(title_es="Salud", summary_es="Texto", description_es="Atención de la frontera sur.")
    InitiativeFactory(title_es="Educación", summary_es="Cooperación en la frontera norte.")
    InitiativeFactory(title_es="Gestión de la frontera", summary_es="Texto")

    assert titles(search(client, "q=frontera&sort=relevance")) == [
        "Gestión de la frontera",
        "Educación",
        "Salud",
    ]


def test_snippets_highlight_matched_words_and_escape_the_rest(client, db):
    InitiativeFactory(
        title_es="Ventanilla",
        summary_es="Atención <script>alert(1)</script> a personas retornadas & familias.",
    )

    response = search(client, "q=retorno")

    body = response.content.decode()
    assert "<mark>retornadas</mark> &amp; familias" in body
    assert "<script>alert(1)</script>" not in body


def test_words_naming_a_theme_find_initiatives_tagged_with_it_in_any_language(client, db):
    InitiativeFactory(title_es="Mesa interinstitucional", themes=["trafficking-smuggling"])
    InitiativeFactory(title_es="Otra cosa", themes=["health"])

    assert titles(search(client, "q=trata")) == ["Mesa interinstitucional"]
    assert titles(search(client, "q=trafficking")) == ["Mesa interinstitucional"]


def test_words_naming_a_country_find_its_initiatives(client, db, guatemala):
    InitiativeFactory(title_es="Ventanilla única", lead_country=guatemala)
    InitiativeFactory(title_es="Otra ventanilla")

    assert titles(search(client, "q=Guatemala ventanilla")) == ["Ventanilla única"]


def test_stopwords_in_a_query_do_not_hide_results(client, db):
    InitiativeFactory(title_es="Prevención de la trata de personas en frontera")

    assert titles(search(client, "q=trata de personas")) == ["Prevención de la trata de personas en frontera"]
    assert titles(search(client, "q=the trafficking")) == []  # no English text, no tagged theme


def test_a_misspelt_query_gets_a_did_you_mean_suggestion(client, db):
    InitiativeFactory(title_es="Regularización migratoria extraordinaria")

    response = search(client, "q=regularisasion")

    assert titles(response) == []
    assert response.context["result"].suggestion == "regularizacion"
    assert "?q=regularizacion" in response.content.decode()


def test_only_published_initiatives_are_found(client, db):
    InitiativeFactory(title_es="Borrador", state=Initiative.State.DRAFT, published_at=None)
    InitiativeFactory(title_es="Publicada")

    assert titles(search(client, "")) == ["Publicada"]


def test_sorting_by_title_uses_the_visitors_language(client, db):
    InitiativeFactory(title_es="Zeta", title_en="Alpha")
    InitiativeFactory(title_es="Alfa", title_en="Omega")

    assert titles(search(client, "sort=title", language="en")) == ["Alpha", "Omega"]
    assert titles(search(client, "sort=title", language="es")) == ["Alfa", "Zeta"]


def test_titles_are_highlighted_and_escaped_like_snippets(client, db):
    InitiativeFactory(title_es="Retorno <b>seguro</b> & digno", summary_es="Texto")

    body = search(client, "q=retorno").content.decode()

    assert "<mark>Retorno</mark> &lt;b&gt;seguro&lt;/b&gt; &amp; digno</a>" in body


@pytest.mark.parametrize("sort", ["", "sort=", "sort=unknown"])
def test_a_query_without_a_chosen_order_is_ranked_by_relevance(client, db, sort):
    InitiativeFactory(title_es="Salud", summary_es="Frontera", published_at="2020-01-01T00:00Z")
    InitiativeFactory(title_es="Gestión de la frontera", published_at="2010-01-01T00:00Z")

    response = search(client, f"q=frontera&{sort}")

    assert response.context["result"].sort == "relevance"
    assert titles(response) == ["Gestión de la frontera", "Salud"]


def test_browsing_without_a_query_shows_the_newest_first(client, db):
    InitiativeFactory(title_es="Antigua", published_at="2010-01-01T00:00Z")
    InitiativeFactory(title_es="Reciente", published_at="2020-01-01T00:00Z")

    response = search(client, "sort=relevance")

    assert response.context["result"].sort == "newest"
    assert titles(response) == ["Reciente", "Antigua"]


def test_a_country_joining_a_forum_refreshes_the_forum_facet_of_its_initiatives(
    client, db, mexico, django_capture_on_commit_callbacks
):
    from network.models import RegionalForum

    InitiativeFactory(lead_country=mexico)
    forum = RegionalForum.objects.exclude(countries=mexico).first()

    with django_capture_on_commit_callbacks(execute=True):
        mexico.forums.add(forum)

    assert client.get(f"/es/initiatives/?forum={forum.code}").context["result"].page.paginator.count == 1


def test_a_result_row_names_its_themes_in_the_pages_language(client, db, mexico):
    InitiativeFactory(lead_country=mexico, themes=["health", "return-reintegration"])

    english = client.get("/en/initiatives/").content.decode()
    spanish = client.get("/es/initiatives/").content.decode()

    assert '<span class="tag">Health and migration</span>' in english
    assert '<span class="tag">Salud y migración</span>' in spanish
