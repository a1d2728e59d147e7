"""A focal point posts a cooperation request and sees the offers that could answer it."""

import pytest
from playwright.sync_api import expect

from exchanges.models import CooperationRequest
from tests.e2e.conftest import assert_accessible, save_screenshot
from tests.exchanges.offer_factories import OfferFactory
from tests.factories import PASSWORD, FocalPointFactory, InstitutionFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/**")


def test_a_focal_point_posts_a_request_and_sees_suggested_offers(page, axe):
    OfferFactory(
        title_es="Modelo de ventanilla única para personas retornadas",
        title_en="One-stop service model for returned migrants",
        country=country("MX"), working_languages=["es", "en"],
    )  # fmt: skip
    OfferFactory(
        title_en="Health insurance for migrants", country=country("CO"), themes=["health"],
        populations=["children-youth"],
    )  # fmt: skip
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("GT")))
    log_in(page, focal_point.user)

    page.goto("/en/cooperation/requests/new/")
    page.get_by_role("button", name="Save", exact=True).click()  # nothing filled in
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert not CooperationRequest.objects.exists()

    page.locator("#id_title_en").fill("Support to set up a reception centre for returnees")
    page.locator("#id_description_en").fill("We need a one-stop service for returned migrants.")
    page.locator("#id_modality").select_option("technical_assistance")
    page.get_by_role("group", name="Working languages").get_by_label("English").check()
    page.get_by_role("group", name="Themes").get_by_label("Return and reintegration").check()
    page.get_by_role("group", name="Target populations").get_by_label("Returned migrants").check()
    page.get_by_role("button", name="Save and submit for publication").click()

    expect(page.locator("h1")).to_have_text("Support to set up a reception centre for returnees")
    suggestions = page.locator(".match")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_contain_text("One-stop service model for returned migrants")
    expect(suggestions.first).to_contain_text("Shared themes: Return and reintegration.")
    expect(suggestions.first).to_contain_text("A common working language: English.")
    assert CooperationRequest.objects.get().state == CooperationRequest.State.SUBMITTED
    assert_accessible(axe, page, strict=True)
    save_screenshot(page, "exchanges-request-suggestions")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    save_screenshot(page, "exchanges-request-suggestions-320")


def test_the_consolidation_table_and_the_offer_list_are_accessible(page, axe):
    OfferFactory(title_en="One-stop service model for returned migrants", country=country("MX"))
    from tests.exchanges.offer_factories import RequestFactory

    RequestFactory(title_en="Data on mixed flows", country=country("GT"), themes=["migration-data"])
    page.goto("/en/cooperation/consolidation/")
    expect(page.locator("h1")).to_have_text("Consolidation of offer and demand")
    assert_accessible(axe, page, strict=True)
    save_screenshot(page, "exchanges-consolidation")
    page.get_by_role("link", name="1 offers: Mexico").click()
    expect(page.locator(".result-title")).to_have_count(1)
    assert_accessible(axe, page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/en/cooperation/consolidation/")
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 320)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
