"""Content in the visitor's language or honestly marked; addresses in the page's language."""

import pytest

from initiatives import languages
from initiatives.models import Initiative
from tests.factories import InitiativeFactory

SPANISH_ONLY_SECTIONS = {
    "title_es": "Ventanilla única de retorno",
    "title_fr": "Guichet unique du retour",
    "summary_es": "Un solo lugar para los trámites.",
    "summary_fr": "Un seul lieu pour les démarches.",
    "description_es": "Descripción **en español**.",
    "objectives_es": "Objetivos en español.",
    "description_pt": "Descrição em português.",
}


def test_a_section_is_shown_in_the_visitor_language_else_in_the_original_one():
    record = Initiative(**SPANISH_ONLY_SECTIONS)

    description = languages.section(record, "description", "fr")
    title = languages.section(record, "title", "fr")
    missing = languages.section(record, "results", "fr")

    assert (description.language, description.text, description.is_fallback) == (
        "es",
        "Descripción **en español**.",
        True,
    )
    assert (title.language, title.is_fallback) == ("fr", False)
    assert missing is None


def test_the_original_language_is_the_one_the_record_is_most_complete_in():
    assert languages.original_language(Initiative(**SPANISH_ONLY_SECTIONS)) == "es"
    assert (
        languages.original_language(Initiative(title_pt="Título", summary_pt="Resumo", title_es="Título"))
        == "pt"
    )


def test_a_language_is_complete_only_when_every_written_section_exists_in_it():
    coverage = {c.code: c for c in languages.PageTexts(Initiative(**SPANISH_ONLY_SECTIONS), "fr").coverage}

    assert coverage["es"].missing == []
    assert coverage["fr"].missing == ["description", "objectives"]
    assert coverage["pt"].missing == ["title", "summary", "objectives"]
    assert "en" not in coverage


@pytest.mark.parametrize(("language", "fallback_sections"), [("fr", 2), ("es", 0)])
def test_spanish_only_sections_are_marked_with_their_language_and_a_notice(
    client, db, language, fallback_sections
):
    record = InitiativeFactory(**SPANISH_ONLY_SECTIONS)

    page = client.get(f"/{language}/initiatives/{record.pk}-{record.slug_in(language)}/").content.decode()

    assert page.count('class="section-text" lang="es"') == fallback_sections
    assert page.count('class="language-notice"') == fallback_sections


def test_an_english_page_names_the_language_of_each_untranslated_section(client, db):
    record = InitiativeFactory(**SPANISH_ONLY_SECTIONS)

    response = client.get(f"/en/initiatives/{record.pk}-{record.slug_in('en')}/")
    page = response.content.decode()

    assert page.count("Not yet translated into your language: shown in Spanish.") == 3  # summary too
    assert 'aria-describedby="description-language"' in page
    assert "French, except: description, objectives" in page
    assert [s.name for s in response.context["texts"].body] == ["description", "objectives"]


def test_a_complete_record_shows_no_notice(client, db):
    texts = {
        f"{name}_{code}": f"{name} {code}"
        for name in languages.TRANSLATED_TEXT_FIELDS
        for code in ["es", "en", "fr", "pt"]
    }
    record = InitiativeFactory(**texts)

    page = client.get(f"/pt/initiatives/{record.pk}-{record.slug_in('pt')}/").content.decode()

    assert "language-notice" not in page
    assert "message-warning" not in page
    assert 'lang="es"' not in page.split("<main", 1)[1]


def test_addresses_carry_the_slug_of_the_page_language_and_other_slugs_redirect(client, db):
    record = InitiativeFactory(**SPANISH_ONLY_SECTIONS)

    french = client.get(f"/fr/initiatives/{record.pk}-ventanilla-unica-de-retorno/")
    english = client.get(f"/en/initiatives/{record.pk}-guichet-unique-du-retour/")

    assert french.status_code == 301
    assert french["Location"] == f"/fr/initiatives/{record.pk}-guichet-unique-du-retour/"
    assert english.status_code == 301  # no English title: the Spanish one, the fallback, names it
    assert english["Location"] == f"/en/initiatives/{record.pk}-ventanilla-unica-de-retorno/"


def test_records_missing_a_language_are_found_by_the_database_query(db):
    complete = InitiativeFactory(title_es="Completa", title_fr="Complète", summary_fr="Résumé")
    lacking = InitiativeFactory(**SPANISH_ONLY_SECTIONS)

    missing_fr = set(
        Initiative.objects.filter(languages.missing_in_language("fr")).values_list("pk", flat=True)
    )

    assert lacking.pk in missing_fr
    assert complete.pk not in missing_fr
