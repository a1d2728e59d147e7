"""A catalogue's current search as a spreadsheet (CSV and XLSX), from its declared columns.

Cells are made safe for spreadsheet programs: text that starts like a formula gets an apostrophe
in front (OWASP's advice against CSV injection), and control characters that XML forbids are
removed (openpyxl refuses them, and CSV readers choke on them too).
"""

import csv
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
    if isinstance(value, datetime):  # spreadsheets know no time zones: the site's local time
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
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


ADDRESS_WIDTH = 45
DATE_FORMAT = "yyyy-mm-dd"


def export_xlsx(request, catalogue: Catalogue, language: str, *, sheet_title: str) -> HttpResponse:
    """The spreadsheet: declared column widths, a bold header row that stays in view, real dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    widths = [column.width for column in catalogue.columns] + [ADDRESS_WIDTH]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    rows = export_rows(request, catalogue, language)
    sheet.append([header_cell(sheet, value) for value in next(rows)])
    for row in rows:
        sheet.append([date_cell(sheet, value) if isinstance(value, date) else value for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{catalogue.export_name}.xlsx"'
    return response


def header_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def date_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT if not isinstance(value, datetime) else f"{DATE_FORMAT} hh:mm"
    return cell
