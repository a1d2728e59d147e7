"""The current search of initiatives as a spreadsheet: CSV and XLSX, in the visitor's language."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.search import exports

from .catalogues import INITIATIVES


@require_safe
def export_csv(request):
    return exports.export_csv(request, INITIATIVES, get_language())


@require_safe
def export_xlsx(request):
    return exports.export_xlsx(request, INITIATIVES, get_language(), sheet_title=_("Initiatives"))
