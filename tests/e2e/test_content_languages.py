"""Content languages in the browser, in French and Portuguese: honest notices, the translation desk,
the secretariat's desk; every page axe-clean and without sideways scrolling at 320 px."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from initiatives.models import TRANSLATED_TEXT_FIELDS, Initiative
from network.roles import TRANSLATORS
from tests.e2e.conftest import assert_accessible, assert_no_sideways_scroll, save_screenshot
from tests.factories import PASSWORD, InitiativeFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TRANSLATION = {
    "fr": "Un guichet unique accueille les personnes de retour et les oriente vers l'emploi.",
    "pt": "Um balcão único acolhe as pessoas que retornam e as orienta para o emprego.",
}


def address(initiative, language):
    with translation.override(language):
        return initiative.get_absolute_url()


def check(page, axe, name):
    """Every page of these tests: axe-clean (needs-review items too), no sideways scroll at 320 px."""
    assert_accessible(axe, page, strict=True)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 320, "height": 640})
    save_screenshot(page, f"{name}-320")
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, user, language):
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/**")


def complete_record():
    texts = {
        f"{name}_{code}": f"{name} ({code}): texte complet, texto completo."
        for name in TRANSLATED_TEXT_FIELDS
        for code in ("es", "en", "fr", "pt")
    }
    return InitiativeFactory(**texts)


def spanish_sections_record(language):
    return InitiativeFactory(
        title_es="Ventanilla única para personas retornadas",
        **{f"title_{language}": "Guichet unique" if language == "fr" else "Balcão único"},
        summary_es="Un solo lugar para los trámites del retorno.",
        **{f"summary_{language}": "Résumé traduit." if language == "fr" else "Resumo traduzido."},
        description_es="La ventanilla acoge a las personas retornadas y las orienta hacia el empleo.",
        results_es="Doce mil personas atendidas en 2023.",
    )


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_complete_pages_have_no_notice_and_spanish_sections_are_marked(page, axe, language):
    complete = complete_record()
    partial = spanish_sections_record(language)

    page.goto(address(complete, language))
    check(page, axe, f"languages-complete-{language}")
    expect(page.locator(".language-notice")).to_have_count(0)
    page.goto(address(partial, language))
    check(page, axe, f"languages-partial-{language}")

    notices = page.locator(".language-notice")
    expect(notices).to_have_count(2)
    expect(page.locator('.section-text[lang="es"]')).to_have_count(2)
    description = page.locator("section", has=page.locator("#description-title"))
    expect(description).to_have_attribute("aria-describedby", "description-language")
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_a_translator_fills_in_a_section_from_the_desk_and_the_notice_goes(page, axe, language):
    partial = spanish_sections_record(language)
    log_in(page, UserFactory(groups=[TRANSLATORS]), language)

    page.goto(f"/{language}/initiatives/translations/?language={language}")
    check(page, axe, f"translation-desk-{language}")
    page.locator(f'a[href$="/initiatives/{partial.pk}/translate/{language}/"]').click()
    check(page, axe, f"translate-{language}")
    page.locator("#id_description").fill(TRANSLATION[language])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/initiatives/translations/?language={language}")
    check(page, axe, f"translation-desk-after-{language}")
    page.goto(address(partial, language))

    description = page.locator("section", has=page.locator("#description-title"))
    expect(description.locator(".language-notice")).to_have_count(0)
    expect(description).to_contain_text(TRANSLATION[language])
    expect(page.locator(".language-notice")).to_have_count(1)  # the results are still in Spanish
    partial.refresh_from_db()
    with translation.override(language):  # the note is written in the translator's language
        opening = gettext("Translated into %(language)s: %(fields)s.").split("%(language)s")[0]
    assert partial.state_changes.get().note.startswith(opening)


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_the_secretariat_desk_puts_the_queue_first_and_paginates(page, axe, language):
    from network.roles import TECHNICAL_SECRETARIAT

    for n in range(27):
        InitiativeFactory(title_es=f"Registro publicado {n:02d}")
    InitiativeFactory(title_es="En espera de revisión", state=Initiative.State.SUBMITTED)
    log_in(page, StaffFactory(groups=[TECHNICAL_SECRETARIAT]), language)

    page.goto(f"/{language}/initiatives/mine/")
    check(page, axe, f"desk-{language}")
    expect(page.locator("#queue-title + table tbody tr")).to_have_count(1)
    page.locator("a[rel=next]").click()
    check(page, axe, f"desk-page-2-{language}")

    expect(page.locator("#records-title ~ table tbody tr")).to_have_count(2)
    expect(page.locator("a[rel=prev]")).to_be_visible()
