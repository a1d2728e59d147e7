"""The bulletin's sections on cooperation, projects, the fund and meetings: the year's figures from
the database, printed in each language's PDF, and left out for a year without them."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from bulletins.models import Bulletin
from bulletins.pdf import build_bulletin_pdf
from bulletins.sections import filled_sections
from exchanges.models import Allocation, Contribution, CooperationMatch, Disbursement, Measurement, Project
from meetings.models import Meeting, Registration
from tests.exchanges.offer_factories import OfferFactory, RequestFactory
from tests.exchanges.project_factories import IndicatorFactory, ProjectFactory, contribution
from tests.factories import StaffFactory, country
from tests.meetings.factories import MeetingFactory, RegistrationFactory

from .test_building import pdf_pages

YEAR_SECTIONS = ["cooperation", "projects", "fund", "meetings"]
NAMES = {
    "MX": {"es": "México", "en": "Mexico", "fr": "Mexique"},
    "GT": {"es": "Guatemala", "en": "Guatemala", "fr": "Guatemala"},
}
THEME = {"es": "Retorno", "en": "Return", "fr": "Retour"}


def in_2025(month: int, day: int = 1) -> datetime:
    return datetime(2025, month, day, 12, tzinfo=UTC)


def measured(indicator, day: date, value: str, by) -> Measurement:
    return Measurement.objects.create(
        indicator=indicator, measured_on=day, value=Decimal(value), source="Registro", recorded_by=by
    )


@pytest.fixture
def world(db):
    """2025: three offers of Mexico, two requests of Guatemala, one match agreed; a project approved,
    one in execution since 2024, one completed; contributions, an allocation, a payment; a meeting
    held; and, for what comes next, a meeting ahead. Plus an offer of 2024."""
    staff = StaffFactory()
    offers = [OfferFactory(published_at=in_2025(3)) for _n in range(3)]
    requests = [RequestFactory(published_at=in_2025(4)) for _n in range(2)]
    OfferFactory(published_at=datetime(2024, 5, 1, tzinfo=UTC))
    CooperationMatch.objects.create(
        offer=offers[0],
        request=requests[0],
        status=CooperationMatch.Status.AGREED,
        status_changed_at=in_2025(6),
    )

    approved_on = date(2025, 3, 2)
    ProjectFactory(title_es="Ventanilla aprobada", state=Project.State.APPROVED, ceam_decided_on=approved_on)
    running = ProjectFactory(
        title_es="Capacitación consular", state=Project.State.IN_EXECUTION, ceam_decided_on=date(2024, 11, 5)
    )
    trained = IndicatorFactory(project=running, name_es="Funcionarios capacitados", target=Decimal("40"))
    measured(trained, date(2025, 6, 1), "12", staff)
    measured(trained, date(2026, 2, 1), "30", staff)  # after the year: not the year's latest
    done = ProjectFactory(
        title_es="Datos de retorno",
        state=Project.State.COMPLETED,
        ceam_decided_on=date(2024, 5, 1),
        completed_on=date(2025, 10, 1),
    )
    records = IndicatorFactory(project=done, name_es="Registros", target=Decimal("40"))
    measured(records, date(2025, 9, 1), "38", staff)

    Contribution.objects.create(
        contributor=country("CA"),
        amount=Decimal("25000"),
        pledged_on=date(2025, 1, 10),
        received_on=date(2025, 2, 1),
        recorded_by=staff,
    )
    contribution("US", "10000", by=staff, received=False)  # pledged only: not received in 2025
    allocation = Allocation.objects.create(
        project=running, amount=Decimal("8000"), allocated_on=date(2025, 5, 1), recorded_by=staff
    )
    Disbursement.objects.create(
        allocation=allocation, amount=Decimal("5000"), disbursed_on=date(2025, 6, 1), recorded_by=staff
    )

    held = MeetingFactory(
        title_es="Reunión técnica de Panamá",
        title_en="Panama technical meeting",
        title_fr="Réunion technique de Panama",
        starts_on=date(2025, 9, 10),
        ends_on=date(2025, 9, 12),
        status=Meeting.Status.HELD,
    )
    for code, attendance in (("MX", "attended"), ("GT", "attended"), ("CA", "absent")):
        RegistrationFactory(
            meeting=held, country=country(code), status=Registration.Status.APPROVED, attendance=attendance
        )
    MeetingFactory(title_es="Reunión del año que viene", title_en="Next year's meeting")
    return {"running": running, "done": done}


def section_data(year: int) -> dict:
    with translation.override("en"):
        return {filled.section.key: filled.data for filled in filled_sections(year)}


def test_the_years_cooperation_figures_come_from_the_database(world):
    data = section_data(2025)["cooperation"]

    assert (data["offers"], data["requests"], len(data["agreed_matches"])) == (3, 2, 1)
    by_country = [(row.code, row.offers, row.requests) for row in data["by_country"]]
    assert by_country == [("MX", 3, 0), ("GT", 0, 2)]
    by_theme = [(row.slug, row.offers, row.requests) for row in data["by_theme"]]
    assert by_theme == [("return-reintegration", 3, 2)]


def test_projects_are_sorted_into_approved_running_and_completed_with_the_years_latest_measure(world):
    data = section_data(2025)["projects"]

    assert [project.title for project, _url in data["approved"]] == ["Ventanilla aprobada"]
    assert [project.title for project, _url in data["in_execution"]] == ["Capacitación consular"]
    assert [project.title for project, _url in data["completed"]] == ["Datos de retorno"]
    (indicator,) = data["in_execution"][0][0].indicators_at
    assert (indicator.latest.value, indicator.percent) == (Decimal("12"), 30)


def test_the_fund_counts_only_the_years_movements(world):
    data = section_data(2025)["fund"]

    assert (data["received"], data["allocated"], data["disbursed"]) == (25000, 8000, 5000)
    assert [(row.code, row.received) for row in data["by_contributor"]] == [("CA", 25000)]


def test_a_held_meeting_counts_the_delegates_who_attended_and_their_countries(world):
    (meeting, _url) = section_data(2025)["meetings"]["rows"][0]

    assert meeting.participants == 2
    assert meeting.countries == ["Guatemala", "Mexico"]


def test_what_comes_next_lists_the_meeting_ahead_the_running_project_and_the_request_waiting(world):
    data = section_data(2025)["what_comes_next"]

    assert [meeting.title_en for meeting, _url in data["meetings"]] == ["Next year's meeting"]
    assert [project.title for project, _url in data["projects"]] == ["Capacitación consular"]
    assert data["requests_total"] == 1  # the other request has its agreed match


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_pdf_prints_the_years_figures_in_the_language(world, language):
    outlooks = {"es": "Seguimos.", "fr": "On continue."}
    texts = {f"outlook_{code}": text for code, text in outlooks.items()}
    bulletin = Bulletin.objects.create(year=2025, build_number=1, **texts)

    pages = pdf_pages(build_bulletin_pdf(bulletin, language))

    with translation.override(language):
        titles = {key: gettext(title) for key, title in TITLES.items()}
    page = {
        key: "\n".join(page for page in pages if page.splitlines()[0].startswith(title))
        for key, title in titles.items()
    }
    for title in titles.values():
        assert re.search(rf"^{title} \.+ ?\d+$", pages[1], re.MULTILINE), title  # in the contents
    mexico, guatemala = (NAMES[code][language] for code in ("MX", "GT"))
    with translation.override(language):
        canada = country("CA").name
    assert re.search(rf"{mexico}\s+3\s+0", page["cooperation"])
    assert re.search(rf"{guatemala}\s+0\s+2", page["cooperation"])
    assert re.search(rf"{THEME[language]}.*\s+3\s+2", page["cooperation"])
    assert "Ventanilla aprobada" in page["projects"]
    # the columns' headings are longer in some languages: the row may wrap before its figures
    assert re.search(r"Funcionarios capacitados[\s\S]{0,40}?12[\s\S]{0,30}?40\s+30 %", page["projects"])
    assert re.search(r"38.*40\s+95 %", page["projects"])
    assert re.search(r"25\D{0,3}000", page["fund"])
    assert re.search(r"8\D{0,3}000", page["fund"])
    assert re.search(r"5\D{0,3}000", page["fund"])
    assert re.search(rf"{canada}\s+25\D{{0,3}}000", page["fund"])
    assert mexico in page["meetings"]
    assert guatemala in page["meetings"]
    assert canada not in page["meetings"]  # registered, but absent
    assert re.search(r"\s2\s*$", page["meetings"], re.MULTILINE)
    outlook = outlooks[language]
    assert outlook in page["what_comes_next"]
    assert "Capacitación consular" in page["what_comes_next"]
    assert sum(outlook in p for p in pages) == 1  # the editorial outlook opens that section, once


TITLES = {
    "cooperation": "Cooperation offers, requests and matches",
    "projects": "Cooperation projects",
    "fund": "The cooperation fund",
    "meetings": "Meetings held",
    "what_comes_next": "What comes next",
}


def test_a_year_without_such_data_leaves_the_sections_out(world):
    assert set(YEAR_SECTIONS) <= set(section_data(2025))
    assert not set(YEAR_SECTIONS) & set(section_data(2023))

    pages = pdf_pages(build_bulletin_pdf(Bulletin.objects.create(year=2023, build_number=1), "en"))

    text = "\n".join(pages)
    for key in YEAR_SECTIONS:
        assert TITLES[key] not in text


def test_what_comes_next_is_left_out_when_nothing_is_ahead(db):
    assert section_data(2025) == {}


def test_the_html_version_runs_as_many_queries_with_twice_the_records(client, world):
    Bulletin.objects.create(year=2025, build_number=1, status=Bulletin.Status.BUILT)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/en/bulletins/2025/").status_code == 200
    staff = StaffFactory()
    OfferFactory(published_at=in_2025(8), country=country("CR"))
    RequestFactory(published_at=in_2025(8), country=country("PA"))
    project = ProjectFactory(state=Project.State.IN_EXECUTION, ceam_decided_on=date(2025, 4, 1))
    measured(IndicatorFactory(project=project), date(2025, 7, 1), "20", staff)
    november = {"starts_on": date(2025, 11, 3), "ends_on": date(2025, 11, 4)}
    meeting = MeetingFactory(**november, status=Meeting.Status.HELD)
    RegistrationFactory(meeting=meeting, status=Registration.Status.APPROVED, attendance="attended")

    with CaptureQueriesContext(connection) as second:
        assert client.get("/en/bulletins/2025/").status_code == 200

    assert len(second) == len(first)
