"""Charts of the bulletin as inline SVG, drawn on the server: pure functions, no database."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 16
GAP = 6
LABEL_WIDTH = 190
BAR_SPACE = 230
WIDTH = LABEL_WIDTH + BAR_SPACE + 50


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    highlight: bool = False


def bar_chart(bars: list[Bar], *, title: str) -> SafeString:
    """A horizontal bar chart, longest bar = the largest value; `title` names it for screen readers."""
    if not bars:
        return mark_safe("")
    largest = max(bar.value for bar in bars) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = [_bar_row(index, bar, largest) for index, bar in enumerate(bars)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="RICOMI Sans, sans-serif" font-size="10">'
        f"<title>{escape(title)}</title>{''.join(rows)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text inside was escaped above


def _bar_row(index: int, bar: Bar, largest: int) -> str:
    y = GAP + index * (BAR_HEIGHT + GAP)
    length = round(BAR_SPACE * bar.value / largest) if bar.value else 0
    colour = "#b5531b" if bar.highlight else "#1d4f91"
    text_y = y + BAR_HEIGHT - 4
    return (
        f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" fill="#1a1a1a">'
        f"{escape(shorten(bar.label))}</text>"
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{colour}"/>'
        f'<text x="{LABEL_WIDTH + length + 4}" y="{text_y}" fill="#1a1a1a">{bar.value}</text>'
    )


def shorten(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
