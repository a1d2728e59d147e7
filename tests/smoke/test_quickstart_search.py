"""The quick start's search on SQLite (FTS5): accents and case folded, the query syntax kept, no
visitor input read as FTS5 syntax. Run by `make test` on SQLite."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection

import core.sqlite_fts
from core.search.index import text_columns
from core.sqlite_fts import MatchPlan, fts_filter, match_plan, refresh_fts
from initiatives import services
from initiatives.catalogues import INITIATIVES
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, StaffFactory

pytestmark = pytest.mark.smoke

HOSTILE = [
    '"',
    '""',
    'a"b',
    '"retorno',
    'retorno"',
    "NEAR(",
    "NEAR(retorno voluntario, 2)",
    "*",
    "retor*",
    "title:retorno",
    "body:",
    "^retorno",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "retorno AND NOT",
    "- -- ---",
    "+",
    "{body}: x",
    "\x01\x1f\x7f",
    "retorno\x07voluntario",
    "'; DROP TABLE initiatives_initiative_fts; --",
]

FTS_FIELDS = text_columns(INITIATIVES)  # what the quick start indexes for initiatives


@dataclass(frozen=True)
class Atom:
    """Any object with these three attributes is an atom for core.sqlite_fts."""

    text: str
    phrase: bool = False
    negated: bool = False


# The match expressions, no database needed


def test_a_word_is_sent_as_an_fts5_string():
    assert match_plan([[Atom("refugies")]]) == MatchPlan(required='"refugies"')


def test_groups_are_anded_and_atoms_of_a_group_ored():
    plan = match_plan([[Atom("retorno"), Atom("return")], [Atom("familias")]])

    assert plan == MatchPlan(required='("retorno" OR "return") AND "familias"')


def test_a_quoted_phrase_is_one_fts5_string():
    assert match_plan([[Atom("retorno asistido", phrase=True)]]) == MatchPlan(required='"retorno asistido"')


def test_exclusions_follow_not_when_a_word_is_required():
    groups = [[Atom("retorno")], [Atom("familias")], [Atom("a", negated=True)], [Atom("b", negated=True)]]

    plan = match_plan(groups)

    assert plan == MatchPlan(required='("retorno" AND "familias") NOT ("a" OR "b")')


def test_a_query_of_exclusions_only_has_nothing_required():
    plan = match_plan([[Atom("retorno", negated=True)], [Atom("asilo", negated=True)]])

    assert plan == MatchPlan(excluded='("retorno" OR "asilo")')


def test_a_group_mixing_a_word_and_an_exclusion_is_kept_apart():
    plan = match_plan([[Atom("retorno"), Atom("asilo", negated=True)]])

    assert plan == MatchPlan(either=(('"retorno"', '"asilo"'),))


def test_double_quotes_inside_a_word_are_doubled():
    assert match_plan([[Atom('dijo "hola"')]]) == MatchPlan(required='"dijo ""hola"""')


def test_fts5_syntax_typed_by_a_visitor_stays_inside_a_string():
    plan = match_plan([[Atom("NEAR(a")], [Atom("col:x")], [Atom("^x")], [Atom("AND")], [Atom("x*")]])

    assert plan == MatchPlan(required='"NEAR(a" AND "col:x" AND "^x" AND "AND" AND "x*"')


def test_words_without_letters_or_digits_are_dropped():
    assert match_plan([[Atom("*")], [Atom("...")], [Atom('"')], [Atom("-", negated=True)]]) == MatchPlan()
    assert match_plan([[Atom("*"), Atom("retorno")]]) == MatchPlan(required='"retorno"')


def test_control_characters_become_spaces():
    assert match_plan([[Atom("a\x01b\x7f")]]) == MatchPlan(required='"a b "')


def test_only_concrete_fields_of_the_model_are_indexed():
    for fields in (["title_es; DROP TABLE x"], ["themes"], ["search_titles", "nope"], []):
        with pytest.raises(ValueError, match=r"^Not concrete fields of initiatives\.Initiative"):
            refresh_fts(Initiative, fields)


# Searching the initiatives page on SQLite


def found(client, text, language="es"):
    response = client.get(f"/{language}/initiatives/", {"q": text})
    page = response.context["result"].page
    assert response.status_code == 200
    assert page.paginator.num_pages == 1
    return sorted(i.title_es for i in page.object_list)


@pytest.fixture
def initiatives(db):
    assert connection.vendor == "sqlite"
    return [
        InitiativeFactory(title_es="Refugiados en tránsito", title_fr="Réfugiés en transit"),
        InitiativeFactory(title_es="Retorno voluntario", summary_es="Apoyo a la reintegración."),
        InitiativeFactory(title_es="Retorno asistido de familias", description_en="Assisted return."),
    ]


def test_a_word_typed_without_accents_finds_the_accented_title(client, initiatives):
    assert found(client, "refugies", "fr") == ["Refugiados en tránsito"]
    assert found(client, "Refugiés", "fr") == ["Refugiados en tránsito"]
    assert found(client, "RÉFUGIÉS", "fr") == ["Refugiados en tránsito"]
    assert found(client, "transito") == ["Refugiados en tránsito"]


def test_every_word_must_be_found(client, initiatives):
    assert found(client, "retorno familias") == ["Retorno asistido de familias"]
    assert found(client, "retorno refugiados") == []


def test_or_between_words_finds_either(client, initiatives):
    assert found(client, "voluntario OR transito") == ["Refugiados en tránsito", "Retorno voluntario"]


def test_a_quoted_phrase_must_be_found_in_that_order(client, initiatives):
    assert found(client, '"retorno asistido"') == ["Retorno asistido de familias"]
    assert found(client, '"asistido retorno"') == []


def test_a_word_after_a_minus_excludes(client, initiatives):
    assert found(client, "retorno -voluntario") == ["Retorno asistido de familias"]
    assert found(client, 'retorno -"retorno asistido"') == ["Retorno voluntario"]


def test_a_query_of_exclusions_only_finds_the_rest(client, initiatives):
    assert found(client, "-retorno") == ["Refugiados en tránsito"]
    assert found(client, "-retorno -transito") == []


def test_every_translated_text_field_is_searched(client, initiatives):
    assert found(client, "reintegracion") == ["Retorno voluntario"]
    assert found(client, "assisted") == ["Retorno asistido de familias"]


def test_hostile_input_never_breaks_the_search_page(client, initiatives, settings):
    settings.PAGE_CACHE_ENABLED = False  # `found` reads the context of pages already asked for
    for text in HOSTILE:
        response = client.get("/es/initiatives/", {"q": text})

        assert response.status_code == 200, text
    assert found(client, "NEAR(retorno voluntario, 2)") == []
    assert found(client, '"') == sorted(i.title_es for i in initiatives)


def test_hostile_atoms_given_directly_never_break_the_filter(initiatives):
    for text in HOSTILE:
        for negated in (False, True):
            rows = fts_filter(Initiative.objects.all(), [[Atom(text, negated=negated)]], fields=FTS_FIELDS)

            assert {i.pk for i in rows} <= {i.pk for i in initiatives}, text


def test_an_edited_initiative_is_found_by_its_new_text(
    client, initiatives, django_capture_on_commit_callbacks
):
    initiative = initiatives[1]
    initiative.title_es = "Albergue temporal"

    with django_capture_on_commit_callbacks(execute=True):
        services.save_initiative(initiative, by=StaffFactory(is_superuser=True))

    assert found(client, "albergue") == ["Albergue temporal"]
    assert found(client, "voluntario") == []


def test_a_deleted_initiative_is_no_longer_found_nor_indexed(client, initiatives):
    deleted = initiatives[1].pk
    Initiative.objects.filter(pk=deleted).delete()

    refresh_fts(Initiative, FTS_FIELDS, [deleted])

    assert found(client, "retorno") == ["Retorno asistido de familias"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM initiatives_initiative_fts ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == [initiatives[0].pk, initiatives[2].pk]


def test_a_database_filled_before_the_index_existed_is_indexed_at_the_first_search(client, initiatives):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE initiatives_initiative_fts")

    assert found(client, "refugies") == ["Refugiados en tránsito"]


def test_without_fts5_the_search_falls_back_to_substrings(client, initiatives, monkeypatch):
    # Fault injection: this SQLite has FTS5; a very old one would not.
    monkeypatch.setattr(core.sqlite_fts, "fts5_available", lambda: False)

    assert found(client, "réfugiés", "fr") == ["Refugiados en tránsito"]
    assert found(client, "retorno -voluntario") == ["Retorno asistido de familias"]
    assert found(client, "refugies", "fr") == []


def test_the_demo_data_is_searchable_without_accents_after_load_demo(client, db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    accented = found(client, "réfugiés", "fr")

    assert len(accented) > 0
    assert found(client, "refugies", "fr") == accented
    assert found(client, "Refugiés", "fr") == accented
    assert len(found(client, "refugiados")) > 0
