"""A catalogue's current search as a spreadsheet (CSV and XLSX), from its declared columns.

Cells are made safe for spreadsheet programs: text that starts like a formula gets an apostrophe
in front (OWASP's advice against CSV injection), and control characters that XML forbids are
removed (openpyxl refuses them, and CSV readers choke on them too).
"""

import csv
import re
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .catalogue import Catalogue
from .results import found

MAX_ROWS = 10_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """A value a spreadsheet shows as written: numbers stay numbers, text never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = ILLEGAL_IN_XML.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def export_rows(request, catalogue: Catalogue, language: str):
    """The header, then one row per record of the current search (at most MAX_ROWS)."""
    ordered = found(catalogue, request.GET, language)
    with_address = hasattr(catalogue.model, "get_absolute_url")
    yield [safe_cell(column.header) for column in catalogue.columns] + [_("Address")] * with_address
    records = ordered.select_related(*catalogue.select_related).prefetch_related(*catalogue.export_related)
    for record in records[:MAX_ROWS]:
        address = [request.build_absolute_uri(record.get_absolute_url())] if with_address else []
        yield [safe_cell(column.value(record)) for column in catalogue.columns] + address


def export_csv(request, catalogue: Catalogue, language: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{catalogue.export_name}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents as UTF-8
    csv.writer(response).writerows(export_rows(request, catalogue, language))
    return response


def export_xlsx(request, catalogue: Catalogue, language: str, *, sheet_title: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in export_rows(request, catalogue, language):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{catalogue.export_name}.xlsx"'
    return response
