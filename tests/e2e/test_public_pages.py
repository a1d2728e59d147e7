import pytest

from tests.e2e.conftest import assert_accessible, save_screenshot

pytestmark = pytest.mark.e2e

HEADINGS = {
    "es": ("Red Interamericana de Cooperación sobre Migraciones", "Países de la red"),
    "en": ("Inter-American Network for Cooperation on Migration", "Countries of the network"),
    "fr": ("Réseau interaméricain de coopération sur les migrations", "Pays du réseau"),
    "pt": ("Rede Interamericana de Cooperação sobre Migrações", "Países da rede"),
}


@pytest.mark.parametrize("code", ["es", "en", "fr", "pt"])
def test_home_and_country_index_are_accessible_in_each_language(page, axe, code):
    home_heading, countries_heading = HEADINGS[code]

    page.goto(f"/{code}/")
    assert page.locator("h1").inner_text() == home_heading
    assert page.locator("html").get_attribute("lang") == code
    assert_accessible(axe, page)
    assert save_screenshot(page, f"home-{code}").stat().st_size > 10_000

    page.goto(f"/{code}/countries/")
    assert page.locator("h1").inner_text() == countries_heading
    assert page.locator(".country-grid a").count() >= 100
    assert_accessible(axe, page)
    assert save_screenshot(page, f"countries-{code}").stat().st_size > 10_000


def test_skip_link_is_the_first_stop_of_the_keyboard_and_moves_to_main(page):
    page.goto("/en/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")

    assert focused == "Skip to main content"
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_visitor_on_the_country_page(page):
    page.goto("/es/countries/br/")

    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Français").click()

    assert page.url.endswith("/fr/countries/br/")
    assert page.locator("h1").inner_text() == "Brésil"
