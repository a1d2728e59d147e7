import csv
import io
from datetime import date

from openpyxl import load_workbook

from tests.factories import InitiativeFactory


def test_atom_feed_in_the_address_language_lists_newly_published_initiatives(client, db, guatemala):
    InitiativeFactory(title_es="Ventanilla única", lead_country=guatemala, themes=["health"])
    InitiativeFactory(title_es="Otra", themes=["consular-services"])

    everything = client.get("/es/feeds/initiatives/").content.decode()
    by_country = client.get("/es/feeds/initiatives/country/gt/").content.decode()
    by_theme = client.get("/es/feeds/initiatives/theme/consular-services/").content.decode()

    assert 'xmlns="http://www.w3.org/2005/Atom"' in everything
    assert everything.count("<entry>") == 2
    assert by_country.count("<entry>") == 1
    assert "Ventanilla única (Guatemala)" in by_country
    assert by_theme.count("<entry>") == 1
    assert "Otra" in by_theme
    assert client.get("/es/feeds/initiatives/country/zz/").status_code == 404


def test_csv_export_holds_the_current_search(client, db, mexico):
    InitiativeFactory(title_es="Retorno digno", lead_country=mexico)
    InitiativeFactory(title_es="Registro consular", themes=["consular-services"])

    response = client.get("/en/initiatives/export.csv?q=retorno")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"] == 'attachment; filename="ricomi-initiatives.csv"'
    assert rows[0][:3] == ["Title", "Country", "Kind"]
    assert [row[0] for row in rows[1:]] == ["Retorno digno"]
    assert rows[1][1] == "Mexico"


def test_xlsx_export_holds_the_current_search(client, db):
    InitiativeFactory(title_es="Retorno digno", themes=["health"])
    InitiativeFactory(title_es="Registro consular", themes=["consular-services"])

    response = client.get("/es/initiatives/export.xlsx?theme=health")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == ["Retorno digno"]
    assert values[0][0] == "Título"


def test_exports_neutralise_formulas_and_drop_characters_xml_forbids(client, db):
    InitiativeFactory(title_es='=HYPERLINK("http://x","y")', summary_es="Línea\x0btabulada", title_en="")
    InitiativeFactory(title_es="-2+3", summary_es="@SUM(A1)", title_en="")

    csv_rows = list(
        csv.reader(io.StringIO(client.get("/es/initiatives/export.csv").content.decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(client.get("/es/initiatives/export.xlsx").content)).active
    cells = list(sheet.iter_rows(min_row=2))

    assert sorted((row[0], row[9]) for row in csv_rows[1:]) == [
        ("'-2+3", "'@SUM(A1)"),
        ('\'=HYPERLINK("http://x","y")', "Líneatabulada"),
    ]
    assert sorted((row[0].value, row[9].value) for row in cells) == sorted((r[0], r[9]) for r in csv_rows[1:])
    assert {row[0].data_type for row in cells} == {"s"}


def test_xlsx_export_has_widths_a_frozen_bold_header_and_real_dates(client, db):
    InitiativeFactory(title_es="Retorno digno", last_verified_on=date(2026, 3, 14))

    sheet = load_workbook(io.BytesIO(client.get("/en/initiatives/export.xlsx").content)).active
    header, row = list(sheet.iter_rows(max_row=2))
    csv_rows = list(
        csv.reader(io.StringIO(client.get("/en/initiatives/export.csv").content.decode("utf-8-sig")))
    )

    assert sheet.freeze_panes == "A2"
    assert {cell.font.b for cell in header} == {True}
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["J"].width) == (50, 80)
    assert header[11].value == "Last verified"
    assert (row[11].value.date(), row[11].number_format) == (date(2026, 3, 14), "yyyy-mm-dd")
    assert row[10].is_date
    assert csv_rows[1][11] == "2026-03-14"
