"""At 320 CSS pixels no page scrolls sideways (WCAG 1.4.10 reflow), in the four languages.

Each page is also photographed at 320 and 1280 pixels into var/test-output/screenshots/.
"""

import pytest
from django.utils import translation

from initiatives.models import Initiative, StateChange
from network.models import GcmObjective
from tests.e2e.conftest import save_screenshot
from tests.factories import PASSWORD, InitiativeFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["es", "en", "fr", "pt"]
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}
LONG_EMAIL = "coordinacion.interinstitucional.retorno@migracion-y-extranjeria.gob.mx"
TOO_WIDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def records(focal_point_mx):
    """A published record full of long words, and a draft of the focal point with a history."""
    published = InitiativeFactory(
        title_es="Programa interinstitucional de reintegración sociolaboral de personas retornadas",
        contact_name="Dirección General de Atención a Personas Migrantes Retornadas",
        contact_email=LONG_EMAIL, contact_phone="+52 55 5555 5555", end_year=None,
        partner_organisations="Organización Internacional para las Migraciones (OIM)",
    )  # fmt: skip
    published.partner_countries.set([country("GT"), country("HN"), country("SV")])
    published.gcm_objectives.set(GcmObjective.objects.filter(number__in=[1, 21]))
    draft = InitiativeFactory(
        state=Initiative.State.SUBMITTED, contact_email=LONG_EMAIL,
        lead_institution=focal_point_mx.institution,
    )  # fmt: skip
    StateChange.objects.create(
        initiative=draft, from_state=Initiative.State.DRAFT, to_state=Initiative.State.SUBMITTED,
        by=focal_point_mx.user, note="Enviada para revisión por la Dirección General de Migración.",
    )  # fmt: skip
    return published, draft, focal_point_mx


def address(initiative, language):
    with translation.override(language):
        return initiative.get_absolute_url()


def public_pages(language, published):
    return [
        f"/{language}/",
        f"/{language}/countries/",
        f"/{language}/countries/NI/",
        f"/{language}/countries/MX/",
        f"/{language}/initiatives/",
        address(published, language),
        f"/{language}/accounts/login/",
        f"/{language}/accounts/password-reset/",
        f"/{language}/initiatives/?q=%00",  # the 400 page
        f"/{language}/no-such-page/",  # the 404 page
    ]


def focal_point_pages(language, published, draft, focal_point):
    return [
        *public_pages(language, published),
        f"/{language}/initiatives/mine/",
        f"/{language}/initiatives/new/",
        f"/{language}/initiatives/{draft.pk}/manage/",
        f"/{language}/initiatives/{draft.pk}/edit/",
        address(draft, language),
        f"/{language}/institutions/{focal_point.institution.pk}/edit/",
    ]


def log_in(page, language, user):
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/**")
    assert page.locator("nav.main-nav form button").count() == 1  # "Log out (…)": logged in


def pages_too_wide(page, addresses, name) -> list:
    """Visit each address at 320 pixels; return those that scroll sideways, with their widths."""
    too_wide = []
    for number, address in enumerate(addresses):
        page.set_viewport_size(NARROW)
        page.goto(address)
        if page.evaluate(TOO_WIDE):
            too_wide.append((address, page.evaluate(WIDTHS)))
        save_screenshot(page, f"reflow-{name}-{number:02d}-320")
        page.set_viewport_size(WIDE)
        save_screenshot(page, f"reflow-{name}-{number:02d}-1280")
    return too_wide


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_scrolls_sideways_at_320_pixels(page, records, language):
    published, _draft, _focal_point = records

    too_wide = pages_too_wide(page, public_pages(language, published), f"{language}-anonymous")

    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_of_a_focal_point_scrolls_sideways_at_320_pixels(page, records, language):
    published, draft, focal_point = records
    log_in(page, language, focal_point.user)

    addresses = focal_point_pages(language, published, draft, focal_point)
    too_wide = pages_too_wide(page, addresses, f"{language}-focal-point")

    assert too_wide == []
