"""The bulletins in the browser: subscribe, confirm from the emailed link, change language,
unsubscribe; the archive of a built bulletin in four languages; the PDFs' first pages as images."""

import subprocess
from pathlib import Path

import pytest

from bulletins.models import Bulletin, Subscriber
from core.models import OutboundEmail
from tests.bulletins.helpers import LANGUAGES, built_bulletin, initiative_of, link_in
from tests.bulletins.test_sections import world  # noqa: F401 - the fixture
from tests.e2e.conftest import SCREENSHOTS, assert_accessible, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_subscribes_confirms_changes_language_and_unsubscribes(page, axe, live_server, settings):
    settings.SITE_URL = live_server.url  # the links the pages and emails build point to this server
    page.goto("/en/bulletins/subscribe/")
    assert_accessible(axe, page)
    page.get_by_label("Email address").fill("ana@example.org")
    page.get_by_label("Language of the bulletin").select_option("en")  # the emails' links open in it
    page.get_by_role("checkbox", name="Mexico").check()
    page.get_by_role("button", name="Subscribe").click()

    assert page.locator("h1").inner_text() == "Check your inbox"
    assert_accessible(axe, page)
    save_screenshot(page, "bulletins-subscribe-sent")

    page.goto(link_in(OutboundEmail.objects.get(to="ana@example.org").body, "confirm"))
    assert_accessible(axe, page)
    page.get_by_role("button", name="Confirm my subscription").click()
    assert page.locator("h1").inner_text() == "Subscription confirmed"
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    page.get_by_role("link", name="Change your language or interests").click()
    assert_accessible(axe, page)
    page.get_by_label("Language of the bulletin").select_option("pt")
    page.get_by_role("button", name="Save my preferences").click()
    assert page.get_by_role("status").inner_text() == "Your preferences were saved."
    assert Subscriber.objects.get().language == "pt"
    save_screenshot(page, "bulletins-preferences")

    page.get_by_role("link", name="Unsubscribe").click()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_the_archive_lists_a_built_bulletin_in_four_languages_and_its_pdfs_look_right(page, axe):
    initiative_of(2025, "MX", title_es="Retorno seguro", populations=["children-youth"])
    initiative_of(2025, "GT", title_es="Programa Bienvenidos")
    bulletin = built_bulletin(2025, introduction_es="Un año de cooperación.")

    page.goto("/en/bulletins/")
    links = page.locator(".downloads a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        f"/en/bulletins/2025/ricomi-{code}.pdf" for code in LANGUAGES
    ]
    assert_accessible(axe, page)
    save_screenshot(page, "bulletins-archive")
    page.get_by_role("link", name="Read the 2025 bulletin on this site").click()
    assert page.locator("h1").inner_text() == "Annual bulletin 2025"
    assert page.locator("svg.chart").count() == 3
    assert_accessible(axe, page)
    save_screenshot(page, "bulletins-html")
    page.set_viewport_size({"width": 320, "height": 800})
    assert no_sideways_scroll(page)

    for language, document in bulletin.stored_pdfs().items():
        images = pdf_first_pages(Path(document.file.path), f"bulletin-{language}")
        assert [image.stat().st_size > 5_000 for image in images] == [True, True, True]


def pdf_first_pages(pdf: Path, name: str, pages: int = 3) -> list[Path]:
    """The PDF's first pages as PNG images in the screenshots folder (pdftoppm, from poppler-utils)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / name
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
        check=True,
    )
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))[:pages]


def test_the_html_version_of_the_other_apps_sections_is_accessible(page, axe, world):  # noqa: F811
    Bulletin.objects.create(year=2025, build_number=1, status=Bulletin.Status.BUILT)

    page.goto("/en/bulletins/2025/")
    for heading in ("Cooperation offers, requests and matches", "Cooperation projects", "Meetings held"):
        assert page.get_by_role("heading", name=heading, level=2).is_visible()
    assert_accessible(axe, page)
    save_screenshot(page, "bulletins-html-sections")
    page.set_viewport_size({"width": 320, "height": 800})
    assert no_sideways_scroll(page)
