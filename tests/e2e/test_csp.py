"""The Content Security Policy in Chromium: the watcher works, the admin and the site's scripts obey it."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.conftest import current_token
from tests.factories import PASSWORD, InitiativeFactory, StaffFactory, TOTPDeviceFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_refused_and_reported(page, csp_violations, live_server):
    page.goto("/en/")

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.title = 'injected'";
          document.body.append(script);
        }"""
    )

    page.wait_for_function("window.cspViolationsSeen === 1")  # its report was sent before this returns

    expect(page).not_to_have_title("injected")
    event, console = sorted(csp_violations, key=lambda violation: violation.startswith("console:"))
    assert event == f"script-src-elem refused inline on {live_server.url}/en/ (?:4) "
    assert console.startswith(
        "console: Executing inline script violates the following Content Security Policy"
    )
    csp_violations.clear()  # seen: the fixture must not fail this test for it


def log_in_to_admin(page, user, device):
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_otp_token").fill(current_token(device))
    page.locator("input[type=submit]").first.click()
    expect(page.locator("#site-name")).to_have_text("RICOMI")


def test_the_admin_works_under_the_policy(page):
    user = StaffFactory(is_superuser=True)
    device = TOTPDeviceFactory(user=user)
    initiative = InitiativeFactory(lead_country=country("MX"), themes=["labour-migration"])

    log_in_to_admin(page, user, device)
    page.goto("/admin/initiatives/initiative/")
    page.locator("#action-toggle").check()  # actions.js: select all
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    page.goto(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    expect(page.locator("#id_title_es")).to_have_value(initiative.title_es)
    page.goto("/admin/network/theme/add/")
    page.locator("#id_name_en").press_sequentially("Climate mobility")
    expect(page.locator("#id_slug")).to_have_value("climate-mobility")  # prepopulate.js
    page.goto(f"/admin/network/country/{country('MX').pk}/change/")
    expect(page.locator("#id_forums_filter")).to_be_visible()  # SelectFilter2.js built the widget
    page.goto("/admin/network/focalpoint/add/")
    page.locator("#id_user + .select2").click()  # autocomplete.js (select2)
    expect(page.locator(".select2-search__field")).to_be_visible()


def test_archiving_asks_for_confirmation_through_the_site_script(page, secretariat_user):
    initiative = InitiativeFactory(lead_country=country("MX"), state=Initiative.State.PUBLISHED)
    page.goto("/en/accounts/login/")
    page.get_by_label("Username").fill(secretariat_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/en/initiatives/{initiative.pk}/manage/")
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("button", name="Archive")).to_be_visible()
    initiative.refresh_from_db()
    state_after_cancel = initiative.state
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("button", name="Publish again")).to_be_visible()

    assert questions == ["Archive this initiative? It will no longer be public."] * 2
    assert state_after_cancel == Initiative.State.PUBLISHED
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.ARCHIVED
    assert re.search(r"/manage/$", page.url)
