"""Search results and the country page mark an initiative's title shown in a fallback language."""

import pytest

from tests.factories import InitiativeFactory, country

pytestmark = pytest.mark.django_db


def main(html: str) -> str:
    """The page's own content, without the language switcher (whose links carry lang)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_spanish_result_row_on_an_english_page_carries_lang(client):
    InitiativeFactory(title_es="Iniciativa sólo en español")
    InitiativeFactory(
        title_es="Iniciativa traducida", title_en="Translated initiative", summary_en="In English."
    )

    english = main(client.get("/en/initiatives/").content.decode())
    matched = main(client.get("/en/initiatives/", {"q": "español"}).content.decode())

    assert 'lang="es">Iniciativa sólo en español</a>' in english
    assert '<p class="result-snippet" lang="es">Un programa público' in english
    assert '">Translated initiative</a>' in english
    assert '<p class="result-snippet">In English.</p>' in english
    assert 'lang="es">Iniciativa sólo en' in matched


def test_a_result_row_in_the_pages_language_has_no_lang(client):
    InitiativeFactory(title_es="Iniciativa sólo en español")

    assert " lang=" not in main(client.get("/es/initiatives/").content.decode())


def test_the_country_page_marks_a_spanish_title_on_an_english_page(client):
    InitiativeFactory(title_es="Iniciativa sólo en español", lead_country=country("MX"))

    text = main(client.get(country("MX").get_absolute_url().replace("/es/", "/en/", 1)).content.decode())

    assert 'lang="es">Iniciativa sólo en español</a>' in text
