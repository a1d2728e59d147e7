import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible, save_screenshot
from tests.factories import PASSWORD, InitiativeFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    InitiativeFactory(
        title_es="Protocolo de atención a niñez no acompañada retornada",
        title_fr="",
        summary_es="Coordinación consular y de protección para recibir a niñas y niños retornados.",
        lead_country=country("GT"), themes=["return-reintegration", "protection-rights"],
        populations=["children-youth"], description_es="**Resultados**: atención en *frontera*.",
    )  # fmt: skip
    InitiativeFactory(
        title_es="Programa de trabajadores agrícolas temporales",
        title_en="Temporary agricultural workers programme",
        title_fr="Programme de travailleurs agricoles temporaires",
        lead_country=country("MX"), themes=["labour-migration"], populations=["migrant-workers"],
    )  # fmt: skip
    InitiativeFactory(
        title_es="Ventanilla de reintegración laboral",
        lead_country=country("MX"), themes=["return-reintegration", "labour-migration"],
        populations=["returned-migrants"],
    )  # fmt: skip


def results_count(page) -> int:
    return int(re.search(r"\d+", page.locator(".results-count").inner_text()).group())


def test_french_search_finds_a_term_that_exists_only_in_spanish(page, axe, catalogue):
    page.goto("/fr/initiatives/")

    page.get_by_role("searchbox").fill("acompañada")
    page.get_by_role("searchbox").press("Enter")

    expect(page.locator(".result-title")).to_have_text(
        ["Protocolo de atención a niñez no acompañada retornada"]
    )
    assert "q=acompa%C3%B1ada" in page.url
    assert_accessible(axe, page)
    save_screenshot(page, "initiatives-search-fr")


def test_two_facets_combine_and_the_counts_change(page, axe, catalogue):
    page.goto("/es/initiatives/")
    assert results_count(page) == 3
    theme = page.locator("label[for='f-theme-return-reintegration']")
    expect(theme).to_contain_text("(2)")

    page.get_by_label(re.compile("^Retorno y reintegración")).check()
    expect(page.locator(".results-count")).to_contain_text("2")
    page.locator("#facet-country summary").click()
    page.get_by_label(re.compile("^México")).check()

    expect(page.locator(".results-count")).to_contain_text("1")
    expect(page.locator(".result-title")).to_have_text(["Ventanilla de reintegración laboral"])
    expect(page.locator("label[for='f-country-gt']")).to_contain_text("(1)")
    assert "theme=return-reintegration" in page.url
    assert "country=mx" in page.url
    assert_accessible(axe, page)
    save_screenshot(page, "initiatives-facets-es")

    page.go_back()
    expect(page.locator(".results-count")).to_contain_text("2")


def test_detail_page_opens_from_the_results_and_is_accessible(page, axe, catalogue):
    page.goto("/en/initiatives/?q=niñez")

    page.locator(".result-title a").first.click()

    expect(page.locator("h1")).to_have_text("Protocolo de atención a niñez no acompañada retornada")
    expect(page.locator(".message-warning").first).to_contain_text("not yet translated into your language")
    expect(page.locator(".language-notice").first).to_contain_text("shown in Spanish")
    expect(page.locator(".detail-main strong")).to_have_text("Resultados")
    assert_accessible(axe, page)
    save_screenshot(page, "initiative-detail-en")


def log_in(page, username):
    page.goto("/es/accounts/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()


def test_focal_point_submits_an_initiative_and_the_secretariat_publishes_it(
    page, axe, focal_point_mx, secretariat_user
):
    log_in(page, focal_point_mx.user.username)
    page.goto("/es/initiatives/new/")
    assert_accessible(axe, page)
    page.locator("#id_title_es").fill("Red de albergues para personas migrantes en tránsito")
    page.locator("#id_summary_es").fill("Albergues coordinados con la sociedad civil en la ruta norte.")
    page.locator("#id_title_en").fill("Shelter network for migrants in transit")
    page.locator("#id_lead_country").select_option(str(focal_point_mx.country_id))
    page.locator("#id_kind").select_option("programme")
    page.locator("#id_start_year").fill("2022")
    page.get_by_label("Flujos mixtos y migración en tránsito").check()
    page.get_by_label("Migrantes en tránsito", exact=True).check()
    save_screenshot(page, "initiative-form-es")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("button", name="Presentar para su publicación").click()
    expect(page.locator(".messages")).to_be_visible()
    page.get_by_role("button", name=re.compile("Cerrar sesión")).click()

    log_in(page, secretariat_user.username)
    page.goto("/es/initiatives/mine/")
    page.get_by_role("link", name="Red de albergues para personas migrantes en tránsito").click()
    page.get_by_role("button", name="Publicar", exact=True).click()
    page.get_by_role("button", name=re.compile("Cerrar sesión")).click()

    page.goto("/es/initiatives/?q=albergues")
    expect(page.locator(".result-title")).to_have_text(
        ["Red de albergues para personas migrantes en tránsito"]
    )
    initiative = Initiative.objects.get()
    assert initiative.state == Initiative.State.PUBLISHED
    assert list(initiative.state_changes.values_list("to_state", flat=True)) == ["submitted", "published"]
