"""A meeting shown in another language than the page's carries lang (WCAG 3.1.2)."""

import pytest
from django.test import Client
from django.utils import translation

from .factories import MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def spanish_only(**fields):
    return MeetingFactory(
        title_es="Reunión sólo en español",
        title_en="",
        description_es="Una descripción en español.",
        **fields,
    )


def main(html: str) -> str:
    """The page's own content, without the language switcher (whose links carry lang)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def page(meeting, language):
    with translation.override(language):
        url = meeting.get_absolute_url()
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_detail_page_marks_the_spanish_title_description_and_session_on_an_english_page():
    meeting = spanish_only()
    SessionFactory(meeting=meeting, title_es="Sesión de apertura")

    text = page(meeting, "en")

    assert '<h1 lang="es">Reunión sólo en español</h1>' in text
    assert '<div class="description" lang="es">' in text
    assert '<strong lang="es">Sesión de apertura</strong>' in text


def test_the_detail_page_in_the_records_own_language_adds_no_lang():
    meeting = spanish_only()

    text = page(meeting, "es")

    assert "<h1>Reunión sólo en español</h1>" in text
    assert '<div class="description">' in text
    assert " lang=" not in main(text)


def test_the_list_marks_a_spanish_title_on_an_english_page(client):
    spanish_only()
    MeetingFactory(title_en="Meeting in English")

    text = client.get("/en/meetings/").content.decode()

    assert 'lang="es">Reunión sólo en español</a>' in text
    assert '">Meeting in English</a>' in text
