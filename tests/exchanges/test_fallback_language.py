"""Offers, requests and projects shown in another language than the page's carry lang (WCAG 3.1.2):
the factories write Spanish only, so an English page shows their texts in Spanish."""

import pytest
from django.urls import reverse
from django.utils import translation

from exchanges.models import Project

from .offer_factories import OfferFactory, RequestFactory
from .project_factories import IndicatorFactory, ProjectFactory, walk_to

pytestmark = pytest.mark.django_db


def main(html: str) -> str:
    """The page's own content, without the language switcher (whose links carry lang)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def get(client, name, language, *args, params=None, record=None) -> str:
    with translation.override(language):
        url = record.get_absolute_url() if record else reverse(name, args=args)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return main(response.content.decode())


@pytest.fixture
def project(focal_point_gt, ceam_user):
    draft = ProjectFactory(
        title_es="Proyecto sólo en español", title_en="", expected_results_es="Resultados."
    )
    IndicatorFactory(project=draft, name_es="Funcionarios capacitados", name_en="")
    return walk_to(draft, Project.State.APPROVED, focal_point_user=focal_point_gt.user, ceam_user=ceam_user)


def test_a_spanish_project_on_an_english_page_marks_its_texts(client, project):
    text = get(client, "exchanges:project_detail", "en", project.pk)

    assert '<h1 lang="es">Proyecto sólo en español</h1>' in text
    assert '<p class="lead" lang="es">México comparte' in text
    assert '<div lang="es"><p>Reducir el tiempo' in text
    assert '<div lang="es"><p>Resultados.</p></div>' in text
    assert '<span lang="es">Funcionarios capacitados</span>' in text


def test_a_spanish_project_on_a_spanish_page_has_no_extra_lang(client, project):
    text = get(client, "exchanges:project_detail", "es", project.pk)

    assert "<h1>Proyecto sólo en español</h1>" in text
    assert " lang=" not in text


def test_the_project_results_mark_a_spanish_title_and_summary_on_an_english_page(client, project):
    english = get(client, "exchanges:project_list", "en")
    spanish = get(client, "exchanges:project_list", "es")

    assert 'lang="es">Proyecto sólo en español</a>' in english
    assert '<p class="result-snippet" lang="es">' in english
    assert " lang=" not in spanish


@pytest.mark.parametrize(("factory", "kind"), [(OfferFactory, "offer"), (RequestFactory, "request")])
def test_a_spanish_offer_or_request_on_an_english_page_marks_its_texts(client, factory, kind):
    record = factory(title_es="Registro sólo en español")

    english = get(client, "", "en", record=record)
    spanish = get(client, "", "es", record=record)

    assert '<h1 lang="es">Registro sólo en español</h1>' in english
    assert '<div class="prose" lang="es">' in english
    assert "<h1>Registro sólo en español</h1>" in spanish
    assert " lang=" not in spanish


@pytest.mark.parametrize(("factory", "kind"), [(OfferFactory, "offer"), (RequestFactory, "request")])
def test_the_offer_and_request_results_mark_a_spanish_row_on_an_english_page(client, factory, kind):
    factory(title_es="Registro sólo en español")
    factory(title_es="Registro traducido", title_en="Translated record", description_en="In English.")

    english = get(client, f"exchanges:{kind}_list", "en")
    matched = get(client, f"exchanges:{kind}_list", "en", params={"q": "español"})

    assert 'lang="es">Registro sólo en español</a>' in english
    assert '">Translated record</a>' in english
    assert '<p class="result-snippet">In English.</p>' in english
    assert 'lang="es">Registro sólo en' in matched  # the highlighted title, in the same language
