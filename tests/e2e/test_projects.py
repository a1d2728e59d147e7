"""Cooperation projects in Chromium: the CEAM secretariat approves in the admin, the project page
shows its indicators against target; the pages pass axe-core and reflow at 320 px."""

from datetime import date

import pytest
from playwright.sync_api import expect

from exchanges import project_services as services
from exchanges.models import Project
from network.roles import CEAM_SECRETARIAT
from tests.e2e.conftest import assert_accessible, save_screenshot
from tests.e2e.test_csp import log_in_to_admin
from tests.exchanges.project_factories import BudgetLineFactory, IndicatorFactory, ProjectFactory, walk_to
from tests.factories import FocalPointFactory, InstitutionFactory, StaffFactory, TOTPDeviceFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def under_review():
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("GT")))
    ceam = StaffFactory(groups=[CEAM_SECRETARIAT])
    project = ProjectFactory(
        title_es="Ventanilla única para personas retornadas",
        title_en="One-stop shop for returning migrants",
        summary_en="Mexico shares its model of integrated care at repatriation points.",
    )
    BudgetLineFactory(project=project)
    IndicatorFactory(project=project, name_en="Officials trained", unit="people", baseline=0, target=40)
    IndicatorFactory(project=project, name_en="Days to serve a returnee", unit="days", baseline=15, target=3)
    walk_to(project, Project.State.UNDER_REVIEW, focal_point_user=focal_point.user, ceam_user=ceam)
    return project, focal_point.user, ceam


def test_the_ceam_secretariat_approves_in_the_admin_and_the_page_shows_the_indicators(
    page, axe, under_review
):
    project, focal_user, ceam = under_review
    log_in_to_admin(page, ceam, TOTPDeviceFactory(user=ceam))

    page.goto("/admin/exchanges/project/")
    page.locator(f"input[name='_selected_action'][value='{project.pk}']").check()
    page.locator("select[name='action']").select_option("approve")
    page.locator("button[name='index']").click()
    expect(page.locator("form input[name='reference']")).to_be_visible()
    save_screenshot(page, "projects-admin-confirm-approval")
    page.locator("input[name='reference']").fill("CP/CEAM/RES. 31/26")
    page.locator("textarea[name='note']").fill("Approved at the November session.")
    page.locator("input[type=submit][value]").last.click()

    expect(page.locator(".messagelist")).to_contain_text("1")
    project.refresh_from_db()
    assert (project.state, project.ceam_reference) == ("approved", "CP/CEAM/RES. 31/26")
    trained, days = project.indicators.order_by("pk")
    services.add_measurement(trained, by=focal_user, measured_on=date(2026, 6, 1), value=30, source="Lists")
    services.add_measurement(days, by=focal_user, measured_on=date(2026, 6, 1), value=9, source="Registry")

    page.goto(f"/en/cooperation/projects/{project.pk}/")
    table = page.locator("table.indicators")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first).to_contain_text("Officials trained")
    expect(page.locator("meter").first).to_have_attribute("value", "75")
    expect(page.locator("meter").last).to_have_attribute("value", "50")
    expect(page.locator(".detail-facts")).to_contain_text("CP/CEAM/RES. 31/26")
    assert_accessible(axe, page, strict=True)
    save_screenshot(page, "projects-detail-indicators")


def test_the_public_project_pages_and_the_fund_are_accessible_and_reflow_at_320px(page, axe, under_review):
    project, _focal_user, ceam = under_review
    services.approve_project(project, by=ceam, reference="CP/CEAM/RES. 32/26")
    page.set_viewport_size({"width": 320, "height": 800})

    for path, name in [
        ("/en/cooperation/projects/", "projects-list-320"),
        (f"/en/cooperation/projects/{project.pk}/", "projects-detail-320"),
        ("/en/cooperation/fund/", "projects-fund-320"),
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert_accessible(axe, page, strict=True)
        save_screenshot(page, name)


def test_a_focal_point_drafts_a_project_on_the_site(page, axe):
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("GT")))
    page.goto("/en/accounts/login/?next=/en/cooperation/projects/new/")
    page.locator("#id_username").fill(focal_point.user.username)
    from tests.factories import PASSWORD

    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("New cooperation project")
    assert_accessible(axe, page)

    page.locator("#id_providing_country").select_option(str(country("MX").pk))
    page.locator("#id_title_en").fill("Consular registration exchange")
    page.locator("#id_indicators-0-name").fill("Consulates registering")
    page.locator("#id_indicators-0-unit").fill("consulates")
    page.locator("#id_indicators-0-baseline").fill("2")
    page.locator("#id_indicators-0-target").fill("10")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.locator("h1")).to_have_text("Consular registration exchange")
    assert Project.objects.get().indicators.count() == 1
    save_screenshot(page, "projects-draft-saved")
