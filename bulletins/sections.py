"""The sections of the annual bulletin, in their order: each one a key, a title and a function that
collects its data for a year (None or empty when its app has nothing: the section is left out).

To add a section: write `collect_<key>(year) -> dict | None`
reading the app's selectors, a template `bulletins/sections/<key>.html` that receives that dict
as `data`, and one line in SECTIONS. The PDF, its table of contents and the HTML version follow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from exchanges import fund_selectors, offer_selectors, project_selectors
from initiatives import selectors as initiative_selectors
from meetings import selectors as meeting_selectors

from .charts import Bar, bar_chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    collect: Callable[[int], dict | None]

    @property
    def template(self) -> str:
        return f"bulletins/sections/{self.key}.html"


@dataclass(frozen=True)
class FilledSection:
    """A section with its data for one year, as the templates receive it."""

    section: Section
    data: dict

    @property
    def anchor(self) -> str:
        return f"section-{self.section.key}"


def portal_url(path: str) -> str:
    """An absolute address on the portal, for links printed in a PDF or sent by email."""
    return f"{settings.SITE_URL}{path}"


def linked(records) -> list[tuple]:
    """(record, its absolute address on the portal) for each record."""
    return [(record, portal_url(record.get_absolute_url())) for record in records]


def search_url(**facets) -> str:
    query = "&".join(f"{name}={value}" for name, value in facets.items())
    return portal_url(f"/{get_language()}/initiatives/?{query}")


def collect_key_figures(year: int) -> dict | None:
    figures = initiative_selectors.initiative_figures_for_year(year)
    if not figures.published_total:
        return None
    return {"initiatives": figures}


def collect_initiatives_by_country(year: int) -> dict | None:
    figures = initiative_selectors.initiative_figures_for_year(year)
    if not figures.new_initiatives:
        return None
    rows = [(tally, search_url(country=tally.key)) for tally in figures.by_country]
    title = _("New initiatives by country")
    return {
        "rows": rows,
        "chart": bar_chart([Bar(t.label, t.count) for t in figures.by_country], title=title),
    }


def collect_initiatives_by_theme(year: int) -> dict | None:
    figures = initiative_selectors.initiative_figures_for_year(year)
    if not figures.new_initiatives:
        return None
    rows = [(tally, search_url(theme=tally.key)) for tally in figures.by_theme]
    title = _("New initiatives by theme")
    return {"rows": rows, "chart": bar_chart([Bar(t.label, t.count) for t in figures.by_theme], title=title)}


def collect_priority_populations(year: int) -> dict | None:
    figures = initiative_selectors.initiative_figures_for_year(year)
    if not figures.new_initiatives:
        return None
    rows = [(tally, search_url(population=tally.key)) for tally in figures.by_population]
    bars = [Bar(t.label, t.count, highlight=t.priority) for t in figures.by_population]
    title = _("New initiatives by target population")
    return {"rows": rows, "figures": figures, "chart": bar_chart(bars, title=title)}


def collect_new_initiatives(year: int) -> dict | None:
    initiatives = initiative_selectors.new_initiatives_of_year(year)
    if not initiatives:
        return None
    return {"rows": [(initiative, portal_url(initiative.get_absolute_url())) for initiative in initiatives]}


def collect_cooperation(year: int) -> dict | None:
    """Offers and requests published in the year, by country and theme, and the matches agreed."""
    figures = offer_selectors.cooperation_figures_for_year(year)
    if not (figures["offers"] or figures["requests"] or figures["agreed_matches"]):
        return None
    bars = [Bar(row.name, row.offers + row.requests) for row in figures["by_theme"]]
    matches = [
        (match, portal_url(match.offer.get_absolute_url()), portal_url(match.request.get_absolute_url()))
        for match in figures["agreed_matches"]
    ]
    return {
        **figures,
        "agreed_matches": matches,
        "chart": bar_chart(bars, title=_("Offers and requests by theme")),
        "offers_url": portal_url(reverse("exchanges:offer_list")),
        "requests_url": portal_url(reverse("exchanges:request_list")),
    }


def collect_projects(year: int) -> dict | None:
    """Projects approved, in execution at the end of the year and completed in it, with indicators."""
    projects = project_selectors.projects_of_year(year)
    if not any(projects.values()):
        return None
    return {key: linked(found) for key, found in projects.items()}


def collect_fund(year: int) -> dict | None:
    """The cooperation fund's movements of the year, and who contributed."""
    movements = fund_selectors.fund_movements_of_year(year)
    if not (movements["received"] or movements["allocated"] or movements["disbursed"]):
        return None
    bars = [Bar(country.name, round(country.received)) for country in movements["by_contributor"]]
    return {**movements, "chart": bar_chart(bars, title=_("Contributions received by contributor (USD)"))}


def collect_meetings(year: int) -> dict | None:
    """The meetings the network held in the year."""
    meetings = meeting_selectors.meetings_held_in(year)
    if not meetings:
        return None
    return {"rows": linked(meetings)}


def collect_what_comes_next(year: int) -> dict | None:
    """What follows the year, seen from the day the bulletin is built: upcoming meetings, projects
    in execution, open requests still waiting for an offer (a few of each)."""
    after = max(timezone.localdate(), date(year, 12, 31) + timedelta(days=1))
    meetings = meeting_selectors.upcoming_meetings(after)
    projects = project_selectors.projects_in_execution()
    waiting, requests = offer_selectors.open_requests_without_offer(limit=5)
    if not (meetings or projects or waiting):
        return None
    return {
        "meetings": linked(meetings),
        "projects": linked(projects[:10]),
        "projects_total": len(projects),
        "requests": linked(requests),
        "requests_total": waiting,
    }


SECTIONS = [
    Section("key_figures", _("Key figures"), collect_key_figures),
    Section("initiatives_by_country", _("New initiatives by country"), collect_initiatives_by_country),
    Section("initiatives_by_theme", _("New initiatives by theme"), collect_initiatives_by_theme),
    Section("priority_populations", _("Priority populations"), collect_priority_populations),
    Section("new_initiatives", _("The year's new initiatives"), collect_new_initiatives),
    Section("cooperation", _("Cooperation offers, requests and matches"), collect_cooperation),
    Section("projects", _("Cooperation projects"), collect_projects),
    Section("fund", _("The cooperation fund"), collect_fund),
    Section("meetings", _("Meetings held"), collect_meetings),
    Section("what_comes_next", _("What comes next"), collect_what_comes_next),
]


def filled_sections(year: int) -> list[FilledSection]:
    """The sections that have data for `year`, in order, collected in the active language."""
    filled = []
    for section in SECTIONS:
        data = section.collect(year)
        if data:
            filled.append(FilledSection(section, data))
    return filled
