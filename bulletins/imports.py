"""Subscriber rows read from an uploaded CSV or XLSX file, and the export: pure file handling."""

import csv
import io

from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    """A subscriber file the import cannot read; its message says why, for the secretariat."""


COLUMNS = ["email", "language", "countries"]


def read_rows(upload) -> list[dict]:
    """The file's rows as dicts keyed by the lower-cased header; UnreadableFile if it cannot be read."""
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return xlsx_rows(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("The CSV file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text))
    rows = [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]
    return checked(rows, reader.fieldnames or [])


def xlsx_rows(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        values = [
            ["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The XLSX file cannot be read.")) from error
    if not values:
        return []
    header = [cell.strip().lower() for cell in values[0]]
    return checked([dict(zip(header, row, strict=False)) for row in values[1:]], header)


def checked(rows: list[dict], header: list[str]) -> list[dict]:
    if "email" not in [name.strip().lower() for name in header if name]:
        raise UnreadableFile(_("The first row must name the columns, one of them 'email'."))
    return rows


def export_csv(subscribers) -> str:
    """Subscribers as CSV (email, language, countries, themes, status, dates): the import's columns first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "themes", "status", "subscribed_at", "confirmed_at"])
    for s in subscribers:
        countries = ";".join(c.code for c in s.countries.all())
        themes = ";".join(t.slug for t in s.themes.all())
        confirmed = s.confirmed_at.isoformat() if s.confirmed_at else ""
        row = [s.email, s.language, countries, themes, s.status, s.created_at.isoformat(), confirmed]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula ("=cmd@x.org" is a valid address)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
