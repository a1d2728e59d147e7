"""The annual bulletin: sections from the database's figures, four PDFs, the archive, beat's draft."""

import io
import re
import time
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from bulletins import services
from bulletins.charts import Bar, bar_chart
from bulletins.models import Bulletin
from bulletins.sections import SECTIONS, filled_sections
from core.models import RenderedDocument
from initiatives.models import Initiative
from initiatives.selectors import initiative_figures_for_year

from .helpers import LANGUAGES, built_bulletin, initiative_of

MEXICO = {"es": "México", "en": "Mexico", "fr": "Mexique", "pt": "México"}
GUATEMALA = {"es": "Guatemala", "en": "Guatemala", "fr": "Guatemala", "pt": "Guatemala"}


def pdf_pages(document: RenderedDocument) -> list[str]:
    with document.file.open("rb") as stored:
        return [page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages]


@pytest.fixture
def year_2025(db):
    """Three new initiatives of Mexico (one for children), one of Guatemala, and one of 2024."""
    initiative_of(2025, "MX", title_es="Retorno seguro", populations=["children-youth"])
    initiative_of(2025, "MX", title_es="Ventanilla consular")
    initiative_of(2025, "MX", title_es="Datos de movilidad")
    initiative_of(2025, "GT", title_es="Programa Bienvenidos")
    initiative_of(2024, "GT", title_es="Anterior")


def test_the_years_figures_count_only_initiatives_first_published_that_year(year_2025):
    figures = initiative_figures_for_year(2025)

    assert (figures.new_initiatives, figures.countries, figures.published_total) == (4, 2, 5)
    assert figures.for_priority_groups == 1
    assert [(t.key, t.count) for t in figures.by_country] == [("mx", 3), ("gt", 1)]
    priority = [(t.key, t.count) for t in figures.by_population if t.priority]
    assert ("children-youth", 1) in priority
    assert len(priority) == 4  # the four priority groups are always reported, even at zero


def test_sections_without_data_are_left_out_and_declared_sections_come_in_order(db):
    assert filled_sections(2025) == []
    initiative_of(2025)

    initiative_keys = [section.key for section in SECTIONS][:5]  # the other apps' sections: test_sections.py
    assert [filled.section.key for filled in filled_sections(2025)] == initiative_keys


def test_the_chart_is_svg_with_escaped_labels_and_bars_in_proportion():
    svg = bar_chart([Bar("<México>", 4), Bar("Guatemala", 2)], title="By country")

    assert svg.startswith("<svg")
    assert "<title>By country</title>" in svg
    assert "&lt;México&gt;" in svg
    assert re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', svg) == ["230", "115"]


def test_each_languages_pdf_carries_the_databases_figures_in_that_language(year_2025):
    bulletin = built_bulletin(2025, introduction_es="Un año de cooperación.", introduction_fr="Une année.")

    pdfs = bulletin.stored_pdfs()
    assert sorted(pdfs) == sorted(LANGUAGES)
    for language in LANGUAGES:
        pages = pdf_pages(pdfs[language])
        text = "\n".join(pages)
        assert "2025" in pages[0]
        assert MEXICO[language] in text
        assert GUATEMALA[language] in text
        with translation.override(language):
            heading = gettext("New initiatives by country")
        by_country = next(page for page in pages if heading in page.splitlines()[0])
        assert re.search(rf"{MEXICO[language]}\s+3", by_country), by_country
        assert re.search(rf"{GUATEMALA[language]}\s+1", by_country)
        assert "Retorno seguro" in text
        assert "Anterior" not in text
        assert f"1 / {len(pages)}" not in pages[0]  # the cover carries no page number
        assert f"3 / {len(pages)}" in pages[2]
    assert "Une année." in "\n".join(pdf_pages(pdfs["fr"]))
    assert "Un año de cooperación." in "\n".join(pdf_pages(pdfs["pt"]))  # falls back to Spanish


def test_the_table_of_contents_gives_the_page_where_each_section_starts(year_2025):
    bulletin = built_bulletin(2025)

    pages = pdf_pages(bulletin.stored_pdfs()["en"])

    entries = re.findall(r"^(.+?) \.+ ?(\d+)$", pages[1], re.MULTILINE)
    with translation.override("en"):
        initiative_titles = [str(section.title) for section in SECTIONS][:5]  # the others: test_sections.py
    assert [title for title, _ in entries] == initiative_titles
    for title, number in entries:
        assert pages[int(number) - 1].splitlines()[0].startswith(title), (title, number)


def test_the_pdf_links_back_to_the_records_on_the_portal(year_2025, settings):
    bulletin = built_bulletin(2025)
    initiative = Initiative.objects.get(title_es="Retorno seguro")

    with bulletin.stored_pdfs()["fr"].file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert f"{settings.SITE_URL}/fr/initiatives/{initiative.pk}-retorno-seguro/" in uris
    assert f"{settings.SITE_URL}/fr/initiatives/?country=mx" in uris


def test_the_archive_lists_a_built_bulletin_with_four_pdfs_and_an_html_version(client, year_2025):
    Bulletin.objects.create(year=2024)  # a draft: not public
    built_bulletin(2025)

    archive = client.get("/fr/bulletins/").content.decode()
    html = client.get("/fr/bulletins/2025/")
    pdf = client.get("/fr/bulletins/2025/ricomi-pt.pdf")

    assert [f"/fr/bulletins/2025/ricomi-{code}.pdf" in archive for code in LANGUAGES] == [True] * 4
    assert "/fr/bulletins/2024/" not in archive
    assert html.status_code == 200
    assert "Mexique" in html.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get("/fr/bulletins/2024/").status_code == 404
    assert client.get("/fr/bulletins/2025/ricomi-de.pdf").status_code == 404


def test_the_html_version_runs_a_fixed_number_of_queries(client, year_2025, django_assert_max_num_queries):
    built_bulletin(2025)

    with django_assert_max_num_queries(50):  # whatever the data: test_sections.py checks it does not grow
        response = client.get("/en/bulletins/2025/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("today", "created"),
    [(date(2026, 1, 14), None), (date(2026, 1, 15), 2025), (date(2026, 11, 2), 2025)],
)
def test_beat_creates_last_years_draft_from_the_configured_date(db, today, created):
    bulletin = services.create_annual_draft_if_due(today)

    assert (bulletin.year if bulletin else None) == created
    assert services.create_annual_draft_if_due(today) is None  # once


def test_the_draft_date_is_a_setting(db, settings):
    settings.BULLETINS_DRAFT_DATE = "03-01"

    assert services.create_annual_draft_if_due(date(2026, 2, 28)) is None
    assert services.create_annual_draft_if_due(date(2026, 3, 1)).year == 2025


def test_beat_runs_the_draft_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["bulletins-create-annual-draft"]

    assert entry["task"] == "bulletins.tasks.create_annual_draft_task"


def test_a_bulletin_being_sent_is_not_built_again(db):
    bulletin = Bulletin.objects.create(year=2025, status=Bulletin.Status.SENDING)

    with pytest.raises(ValueError, match="not built again"):
        services.build_bulletin(bulletin)


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_four_languages_and_marks_the_bulletin_built(celery_worker):
    initiative_of(2025, "MX")
    bulletin = Bulletin.objects.create(year=2025)

    number = services.build_bulletin(bulletin)

    deadline = time.monotonic() + 120
    while bulletin.status != Bulletin.Status.BUILT:
        assert time.monotonic() < deadline, "the build did not finish"
        time.sleep(0.3)
        bulletin.refresh_from_db()
    assert number == 1
    assert sorted(bulletin.stored_pdfs()) == sorted(LANGUAGES)
    assert {d.version for d in RenderedDocument.objects.filter(key=bulletin.document_key)} == {"build-1"}


def test_the_demo_bulletin_is_listed_at_once_and_each_pdf_is_rendered_when_first_opened(client, db):
    from bulletins.demo import load_demo_bulletin

    assert load_demo_bulletin()
    assert not load_demo_bulletin()  # idempotent
    bulletin = Bulletin.objects.get()
    assert bulletin.stored_pdfs() == {}

    archive = client.get("/pt/bulletins/").content.decode()
    pdf = client.get("/pt/bulletins/2025/ricomi-pt.pdf")

    assert "/pt/bulletins/2025/ricomi-pt.pdf" in archive
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert sorted(bulletin.stored_pdfs()) == ["pt"]
