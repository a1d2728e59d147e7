"""Forms sent back with errors: every error in a summary that takes the focus, tied to its field.

axe-core's "needs review" results are gated here too (assert_accessible(strict=True)): a dangling
aria-describedby is reported only there.
"""

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible, save_screenshot
from tests.factories import PASSWORD, InitiativeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DANGLING_REFERENCES = """() => [...document.querySelectorAll("[aria-describedby]")].flatMap(
  (element) => element.getAttribute("aria-describedby").split(/\\s+/)
    .filter((id) => !document.getElementById(id)).map((id) => `${element.id || element.tagName} -> ${id}`))"""
MISSING_LINK_TARGETS = """() => [...document.querySelectorAll("[data-error-summary] a")]
  .map((link) => link.getAttribute("href").slice(1)).filter((id) => !document.getElementById(id))"""


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/**")


def summary(page) -> list[str]:
    """The summary, which must have the focus, as its items' texts."""
    expect(page.locator("[data-error-summary]")).to_be_focused()
    return page.locator("[data-error-summary] li").all_inner_texts()


def assert_errors_tied_to_fields(page, axe):
    assert page.evaluate(DANGLING_REFERENCES) == []
    assert page.evaluate(MISSING_LINK_TARGETS) == []
    assert_accessible(axe, page, strict=True)


def test_a_failed_initiative_form_lists_every_error_and_ties_each_to_its_field(page, axe, focal_point_mx):
    log_in(page, focal_point_mx.user)
    page.goto("/en/initiatives/new/")

    page.locator("#id_summary_fr").fill("Un résumé sans titre.")
    page.locator("main form button[type=submit]").click()

    assert summary(page) == [
        "Give the title in at least one language.",
        "Kind: This field is required.",
        "Start year: This field is required.",
        "Themes: This field is required.",
        "Target populations: This field is required.",
        "Title [fr]: A language version needs its title.",
    ]
    assert page.locator("#id_title_fr").get_attribute("aria-describedby") == "id_title_fr_error"
    assert page.locator("#id_summary_fr").get_attribute("aria-describedby") == "id_summary_fr_helptext"
    themes = page.locator("fieldset:has(#id_themes_0)")
    assert themes.get_attribute("aria-describedby") == "id_themes_error"
    assert themes.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_themes_error").inner_text() == "This field is required."
    assert_errors_tied_to_fields(page, axe)
    save_screenshot(page, "form-errors-en")

    page.get_by_role("link", name="Themes: This field is required.").click()

    expect(page.locator("#id_themes_0")).to_be_focused()


def test_the_initiative_form_errors_reflow_at_320_pixels(page, focal_point_mx):
    log_in(page, focal_point_mx.user)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/fr/initiatives/new/")

    page.locator("main form button[type=submit]").click()

    assert summary(page)[0] == "Indiquez le titre dans au moins une langue."
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    save_screenshot(page, "form-errors-fr-320")


def test_a_failed_login_puts_the_focus_on_its_error(page, axe, db):
    page.goto("/en/accounts/login/")

    page.locator("#id_username").fill("nobody")
    page.locator("main form button[type=submit]").click()

    assert summary(page) == ["Password: This field is required."]
    assert page.locator("#id_password").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_password").get_attribute("aria-describedby") == "id_password_error"
    assert_errors_tied_to_fields(page, axe)

    page.locator("#id_password").fill("wrong password")
    page.locator("main form button[type=submit]").click()

    assert summary(page) == ["Your username and password did not match. Please try again."]
    assert_errors_tied_to_fields(page, axe)


def test_a_failed_password_reset_request_puts_the_focus_on_its_error(page, axe, db):
    page.goto("/en/accounts/password-reset/")

    page.locator("#id_email").fill("not an address")
    page.locator("main form button[type=submit]").click()

    assert summary(page) == ["Email: Enter a valid email address."]
    assert page.locator("#id_email").get_attribute("aria-describedby") == "id_email_error"
    assert_errors_tied_to_fields(page, axe)


def test_a_failed_institution_form_puts_the_focus_on_its_errors(page, axe, focal_point_mx):
    log_in(page, focal_point_mx.user)
    page.goto(f"/en/institutions/{focal_point_mx.institution.pk}/edit/")

    page.locator("#id_name").fill("")
    page.locator("#id_website").fill("http://")
    page.locator("main form button[type=submit]").click()

    assert summary(page) == ["Name: This field is required.", "Website: Enter a valid URL."]
    assert_errors_tied_to_fields(page, axe)


def test_a_failed_document_upload_puts_the_focus_on_its_errors(page, axe, focal_point_mx):
    # A draft: documents of a published record are added by the secretariat only.
    initiative = InitiativeFactory(lead_institution=focal_point_mx.institution, state=Initiative.State.DRAFT)
    log_in(page, focal_point_mx.user)
    page.goto(f"/en/initiatives/{initiative.pk}/manage/")

    page.get_by_role("button", name="Attach the document").click()

    assert summary(page) == ["Title: This field is required.", "File: This field is required."]
    assert page.locator("#id_file").get_attribute("aria-describedby") == "id_file_helptext id_file_error"
    assert_errors_tied_to_fields(page, axe)
