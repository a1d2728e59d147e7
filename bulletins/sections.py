"""The sections of the annual bulletin, in their order: each one a key, a title and a function that
collects its data for a year (None or empty when its app has nothing: the section is left out).

To add a section (exchanges, projects, the fund, meetings): write `collect_<key>(year) -> dict | None`
reading the app's selectors, a template `bulletins/sections/<key>.html` that receives that dict
as `data`, and one line in SECTIONS. The PDF, its table of contents and the HTML version follow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives import selectors as initiative_selectors

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


SECTIONS = [
    Section("key_figures", _("Key figures"), collect_key_figures),
    Section("initiatives_by_country", _("New initiatives by country"), collect_initiatives_by_country),
    Section("initiatives_by_theme", _("New initiatives by theme"), collect_initiatives_by_theme),
    Section("priority_populations", _("Priority populations"), collect_priority_populations),
    Section("new_initiatives", _("The year's new initiatives"), collect_new_initiatives),
]


def filled_sections(year: int) -> list[FilledSection]:
    """The sections that have data for `year`, in order, collected in the active language."""
    filled = []
    for section in SECTIONS:
        data = section.collect(year)
        if data:
            filled.append(FilledSection(section, data))
    return filled
