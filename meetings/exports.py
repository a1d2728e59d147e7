"""The budget page as a spreadsheet (XLSX): one row per category, then the totals."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.search.exports import safe_cell

from .costs import BudgetTable
from .models import Meeting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def budget_rows(table: BudgetTable):
    yield [_("Category"), _("Budget"), _("Committed"), _("Actual"), _("Variance (budget minus actual)")]
    for row in table.rows:
        yield [safe_cell(row.label), row.budget, row.committed, row.actual, row.variance]
    yield [_("Total"), table.budget, table.committed, table.actual, table.variance]


def budget_xlsx(meeting: Meeting, table: BudgetTable) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Budget")[:31])
    sheet.append([safe_cell(meeting.title)])
    sheet.append([_("Currency"), meeting.currency])
    for row in budget_rows(table):
        sheet.append([safe_cell(value) if value is not None else None for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budget-meeting-{meeting.pk}.xlsx"'
    return response
