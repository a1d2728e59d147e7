"""The search page as visitors meet it: relevance first, links that keep the search, the phone layout."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, assert_accessible, save_screenshot
from tests.factories import InitiativeFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
BOTH_FACETS = re.compile(r"/initiatives/\?(?=.*theme=return-reintegration)(?=.*country=mx)")


@pytest.fixture
def catalogue(db):
    now = timezone.now()
    InitiativeFactory(
        title_es="Retorno digno: acogida de personas retornadas", lead_country=country("MX"),
        summary_es="Retorno y acogida en el retorno.", themes=["return-reintegration"],
        published_at=now - timedelta(days=30),
    )  # fmt: skip
    InitiativeFactory(
        title_es="Registro consular en línea", summary_es="Un registro para los consulados.",
        lead_country=country("GT"), themes=["return-reintegration"], published_at=now - timedelta(days=1),
    )  # fmt: skip
    InitiativeFactory(
        title_es="Programa de trabajadores agrícolas temporales", lead_country=country("MX"),
        themes=["labour-migration"], populations=["migrant-workers"], published_at=now,
    )  # fmt: skip


def phone_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, **options)
    return context, context.new_page()


def test_a_query_typed_on_the_list_page_is_ranked_by_relevance_without_javascript(
    browser, live_server, catalogue
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/initiatives/")
    expect(page.locator("#sort option:checked")).to_have_text("Más recientes")

    page.get_by_role("searchbox").fill("retorno")
    page.get_by_role("searchbox").press("Enter")

    expect(page.locator(".result-title")).to_have_text(
        ["Retorno digno: acogida de personas retornadas", "Registro consular en línea"]
    )
    expect(page.locator("#sort option:checked")).to_have_text("Pertinencia")
    assert "sort=&" in page.url or page.url.endswith("sort=")
    context.close()


def test_an_order_the_visitor_picks_is_kept_for_the_next_query(page, catalogue):
    page.goto("/es/initiatives/?q=retorno")

    page.locator("#sort").select_option("newest")
    expect(page.locator(".result-title").first).to_have_text("Registro consular en línea")
    page.get_by_role("searchbox").fill("retorno acogida OR registro")
    page.get_by_role("searchbox").press("Enter")

    expect(page.locator(".result-title")).to_have_text(
        ["Registro consular en línea", "Retorno digno: acogida de personas retornadas"]
    )
    assert "sort=newest" in page.url


def tick_two_facets(page):
    page.get_by_label(re.compile("^Retorno y reintegración")).check()
    expect(page.locator(".results-count")).to_have_text("2 iniciativas")
    if not page.locator("#f-country-mx").is_visible():
        page.locator("#facet-country summary").click()
    page.get_by_label(re.compile("^México")).check()
    expect(page.locator(".results-count")).to_have_text("1 iniciativa")


def test_links_keep_the_facets_ticked_in_place_and_switching_language_keeps_them(page, axe, catalogue):
    page.goto("/es/initiatives/")

    tick_two_facets(page)

    expect(page).to_have_url(BOTH_FACETS)
    expect(page.locator(".language-switcher a[hreflang=fr]")).to_have_attribute("href", BOTH_FACETS)
    expect(page.locator("head link[hreflang=en]")).to_have_attribute("href", BOTH_FACETS)
    feed = page.locator("head link[type='application/atom+xml']")
    expect(feed).to_have_attribute("href", re.compile(r"^/es/feeds/initiatives/\?.*country=mx"))
    expect(page.locator(".exports a", has_text="CSV")).to_have_attribute("href", re.compile("country=mx"))
    expect(page.locator("#search-status")).to_have_text("1 iniciativa")
    login = re.compile(r"^/es/accounts/login/\?next=/es/initiatives/%3F.*country%3Dmx")
    expect(page.locator(".nav-account a")).to_have_attribute("href", login)

    page.locator(".language-switcher a[hreflang=fr]").click()

    expect(page).to_have_url(
        re.compile(r"/fr/initiatives/\?(?=.*theme=return-reintegration)(?=.*country=mx)")
    )
    expect(page.locator("#f-theme-return-reintegration")).to_be_checked()
    expect(page.locator("#f-country-mx")).to_be_checked()
    expect(page.locator(".result-title")).to_have_text(["Retorno digno: acogida de personas retornadas"])
    expect(page.locator("head link[type='application/atom+xml']")).to_have_attribute(
        "href", re.compile(r"^/fr/feeds/initiatives/\?.*country=mx")
    )
    assert_accessible(axe, page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/es/initiatives/\?.*country=mx"))
    expect(page.locator("#f-country-mx")).to_be_checked()
    page.go_back()
    expect(page.locator(".results-count")).to_have_text("2 iniciativas")
    expect(page.locator("#f-country-mx")).not_to_be_checked()
    expect(page.locator(".language-switcher a[hreflang=fr]")).to_have_attribute(
        "href", "/fr/initiatives/?theme=return-reintegration"
    )


def test_skip_to_the_results_link_moves_on_to_the_results_without_reloading(page, catalogue):
    page.goto("/es/initiatives/")
    page.evaluate("window.notReloaded = true")

    page.locator(".skip-to-results a").focus()
    expect(page.locator(".skip-to-results a")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.url.endswith("/es/initiatives/#results")
    expect(page.locator("#sort")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True


def test_on_a_phone_the_results_come_first_and_the_facets_open_from_a_button(
    browser, live_server, axe, catalogue
):
    context, page = phone_page(browser, live_server)
    page.goto("/es/initiatives/")
    toggle = page.locator("#facets-toggle")
    first_result = page.locator(".result-title").first.bounding_box()
    search_box = page.get_by_role("searchbox").bounding_box()
    save_screenshot(page, "search-phone-closed")

    assert first_result["y"] + first_result["height"] < PHONE["height"]
    assert search_box["width"] == pytest.approx(PHONE["width"] - 32, abs=1)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#facets")).to_be_hidden()
    assert_accessible(axe, page)

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#facets")).to_be_focused()
    page.get_by_label(re.compile("^Retorno y reintegración")).check()

    done = page.locator("#facets-done")
    expect(done).to_have_text(re.compile(r"^\D*\b2\b\D*$"))  # "Show 2 initiatives", whatever its translation
    expect(done).to_be_in_viewport()
    expect(page.locator("#f-theme-return-reintegration")).to_be_focused()
    expect(toggle).to_have_text("Filtros (1)")
    save_screenshot(page, "search-phone-open")
    page.screenshot(path=str(SCREENSHOTS / "search-phone-open-screen.png"))  # what the visitor sees
    assert_accessible(axe, page)

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(page.locator("#facets")).to_be_hidden()

    toggle.click()
    done.click()
    expect(page.locator("#facets")).to_be_hidden()
    expect(page.locator("#results-count")).to_be_focused()
    expect(page.locator("#results-count")).to_have_text("2 iniciativas")
    context.close()


def test_on_a_phone_without_javascript_the_results_come_before_the_facets(browser, live_server, catalogue):
    context, page = phone_page(browser, live_server, java_script_enabled=False)
    page.goto("/es/initiatives/")

    results = page.locator("#results").bounding_box()
    facets = page.locator("#facets").bounding_box()

    assert results["y"] < facets["y"]
    expect(page.locator("#facets-toggle")).to_be_hidden()
    save_screenshot(page, "search-phone-no-js")
    context.close()


def test_on_a_desktop_the_facets_stay_beside_the_results(page, catalogue):
    page.goto("/es/initiatives/")

    facets = page.locator("#facets").bounding_box()
    results = page.locator("#results").bounding_box()

    assert facets["x"] + facets["width"] < results["x"]
    expect(page.locator("#facets-toggle")).to_be_hidden()
    expect(page.locator("#facets-done")).to_be_hidden()
