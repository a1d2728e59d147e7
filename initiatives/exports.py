"""The current search as a spreadsheet: CSV and XLSX, in the visitor's language."""

import csv
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .selectors import matching_initiatives

MAX_ROWS = 10_000


def export_rows(request):
    language = get_language()
    _query, _filterset, _matched, ordered, _sort = matching_initiatives(request.GET, language)
    header = [_("Title"), _("Country"), _("Kind"), _("Scope"), _("Status"), _("Start year"), _("End year"),
              _("Themes"), _("Target populations"), _("Summary"), _("Address")]  # fmt: skip
    rows = ordered.select_related("lead_country").prefetch_related("themes", "populations")[:MAX_ROWS]
    yield header
    for i in rows:
        yield [
            i.title, i.lead_country.name, i.get_kind_display(), i.get_scope_display(), i.get_status_display(),
            i.start_year, i.end_year or "", "; ".join(t.name for t in i.themes.all()),
            "; ".join(p.name for p in i.populations.all()), i.summary,
            request.build_absolute_uri(i.get_absolute_url()),
        ]  # fmt: skip


def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ricomi-initiatives.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents as UTF-8
    csv.writer(response).writerows(export_rows(request))
    return response


def export_xlsx(request):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Initiatives"))
    for row in export_rows(request):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="ricomi-initiatives.xlsx"'
    return response
