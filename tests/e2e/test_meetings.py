"""Meetings in Chromium: a focal point registers two delegates (one lands on the waiting list), the
secretariat approves and funds one, and the budget shows the committed cost; PDFs made into images."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import translation
from playwright.sync_api import expect

from meetings.models import Registration
from tests.e2e.conftest import SCREENSHOTS, assert_accessible, save_screenshot
from tests.factories import PASSWORD
from tests.meetings.factories import MeetingFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def english_url(record) -> str:
    """The record's English page, whatever language an earlier test left active in this thread."""
    with translation.override("en"):
        return record.get_absolute_url()


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/**")


def register(page, meeting, name, email):
    page.locator("#id_name").fill(name)
    page.locator("#id_position").fill("Director of migration")
    page.locator("#id_institution").fill("Instituto Nacional de Migración")
    page.locator("#id_email").fill(email)
    page.locator("#id_arrival_on").fill((meeting.starts_on - timedelta(days=1)).isoformat())
    page.locator("#id_departure_on").fill(meeting.ends_on.isoformat())
    page.get_by_role("button", name="Register", exact=True).click()


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(title_en="Technical meeting on return", seats=1)
    SessionFactory(meeting=meeting, title_en="Opening session", speakers="Technical secretariat")
    SessionFactory(meeting=meeting, title_en="Good practices", starts_at="11:00", ends_at="13:00")
    return meeting


def pdf_to_image(page, url: str, name: str):
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = SCREENSHOTS / f"{name}.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(response.body())
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SCREENSHOTS / name)],
        check=True,
    )
    [image] = SCREENSHOTS.glob(f"{name}-*1.png")
    return image


def test_a_focal_point_registers_two_delegates_and_the_secretariat_funds_one(
    page, axe, meeting, focal_point_mx, secretariat_user
):
    log_in(page, focal_point_mx.user)
    page.goto(english_url(meeting))
    assert_accessible(axe, page)
    save_screenshot(page, "meeting-page")
    page.get_by_role("link", name="Register my country's delegates").click()

    register(page, meeting, "Ana Pérez", "ana@example.org")
    expect(page.locator(".messages")).to_contain_text("Ana Pérez is registered.")
    register(page, meeting, "Luis Gómez", "luis@example.org")
    expect(page.locator(".messages")).to_contain_text(
        "The meeting is full: Luis Gómez is on the waiting list."
    )
    assert_accessible(axe, page)
    save_screenshot(page, "meeting-registrations-focal-point")

    page.context.clear_cookies()
    log_in(page, secretariat_user)
    page.goto(f"/en/meetings/{meeting.pk}/registrations/")
    ana = Registration.objects.get(email="ana@example.org")
    page.locator(f"#decision-{ana.pk}").select_option("approve_funded")
    page.get_by_role("button", name="Apply Ana Pérez").click()
    expect(page.locator(".messages")).to_contain_text(
        "The registration of Ana Pérez was approved and funded."
    )
    save_screenshot(page, "meeting-registrations-secretariat")

    page.goto(f"/en/meetings/{meeting.pk}/budget/")
    expect(page.locator("tr[data-category=travel] .committed")).to_have_text("1000.00")
    expect(page.locator("tr[data-category=per_diem] .committed")).to_have_text("1050.00")
    expect(page.locator("tfoot .committed")).to_have_text("2050.00")
    assert_accessible(axe, page)
    save_screenshot(page, "meeting-budget")

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"ana@example.org": "approved", "luis@example.org": "waiting"}
    for name in ("participants", "badges"):
        assert (
            pdf_to_image(page, f"/en/meetings/{meeting.pk}/{name}.pdf", f"meeting-{name}-pdf").stat().st_size
            > 0
        )


def test_the_meeting_page_reflows_at_320_pixels_and_prints_the_agenda(page, axe, meeting):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(english_url(meeting))

    wide = page.evaluate("document.documentElement.scrollWidth")
    page.emulate_media(media="print")
    nav_hidden = page.locator("nav.breadcrumb").is_hidden()

    assert wide <= 320
    assert nav_hidden
    save_screenshot(page, "meeting-page-print-320")


def test_a_funded_delegate_gives_travel_details_by_the_link_and_the_budget_follows(
    page, axe, meeting, secretariat_user
):
    from meetings.services import delegate_token
    from tests.meetings.factories import RegistrationFactory

    delegate = RegistrationFactory(meeting=meeting, name="Ana Pérez", status="approved", funded=True)
    page.goto(f"/en/meetings/delegate/{delegate_token(delegate)}/")
    assert_accessible(axe, page)

    page.locator("#id_itinerary").fill("MEX 18:05 → PTY 22:10")
    page.locator("#id_ticket_cost").fill("-20")
    page.get_by_role("button", name="Send my travel details").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("A cost cannot be negative.")
    assert_accessible(axe, page)
    page.locator("#id_ticket_cost").fill("812.40")
    page.get_by_role("button", name="Send my travel details").click()
    expect(page.locator(".messages")).to_contain_text("your travel details were saved")
    save_screenshot(page, "meeting-delegate-page")

    log_in(page, secretariat_user)
    page.goto(f"/en/meetings/{meeting.pk}/budget/")
    expect(page.locator("tr[data-category=travel] .committed")).to_have_text("812.40")


def test_the_meetings_list_is_accessible(page, axe, meeting):
    page.goto("/en/meetings/")

    expect(page.get_by_role("link", name="Technical meeting on return")).to_be_visible()
    assert_accessible(axe, page)
