"""Generic pages of a catalogue: the search page and its exports, from the declaration alone."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.parsing import parse_page_number

from .catalogue import Catalogue
from .exports import export_csv, export_xlsx
from .results import search

MAX_PAGE = 10_000


@require_safe
def search_view(request, catalogue: Catalogue, template: str = "core/search/page.html", **extra_context):
    """The search page of a catalogue; `extra_context` may name an `export_url`."""
    result = search(
        catalogue,
        request.GET,
        get_language(),
        page_number=parse_page_number(request.GET.get("page"), MAX_PAGE),
    )
    context = {"result": result, "q": result.query.text, "title": catalogue.title, **extra_context}
    return render(request, template, context)


@require_safe
def export_view(request, catalogue: Catalogue, file_format: str | None = None):
    """CSV unless XLSX is asked for, by the URL pattern or by `?format=xlsx`."""
    if (file_format or request.GET.get("format")) == "xlsx":
        return export_xlsx(request, catalogue, get_language(), sheet_title=str(catalogue.title)[:31])
    return export_csv(request, catalogue, get_language())
