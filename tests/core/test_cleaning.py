"""Text input is cleaned at the edges: control characters out, NUL refused with a clear 400 page."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.cleaning import clean_record, clean_text, refuse_nul
from core.parsing import parse_page_number, parse_positive_int
from initiatives.demo import demo_records
from initiatives.models import Initiative
from network.models import Institution
from tests.factories import InitiativeFactory, InstitutionFactory, StaffFactory, country
from tests.initiatives.test_workflow import site_form_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Registro civil", "Registro civil"),
        ("tab\there, lines\r\nkept", "tab\there, lines\r\nkept"),
        ("línea\x0bsiguiente\x0cpágina", "línea\nsiguiente\npágina"),
        ("bell\x07 escape\x1b del\x7f c1\x85\x9f", "bell escape del c1"),
        ("null\x00byte", "nullbyte"),
        ("lone \ud800surrogate \udfff", "lone surrogate "),
        ("not characters \ufffe\uffff", "not characters "),
        ("accents, emoji 🌎 and ñ stay", "accents, emoji 🌎 and ñ stay"),
    ],
)
def test_clean_text_removes_what_xml_and_people_never_want(text, expected):
    assert clean_text(text) == expected


def test_refuse_nul_names_the_character():
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            refuse_nul("a\x00b")

        assert refused.value.messages == [
            "The request contains a null character (NUL, code 0), which no text may contain. "
            "Remove it and try again."
        ]
    assert refuse_nul("ab") == "ab"


def test_clean_record_cleans_every_text_value_of_an_imported_row():
    row = {"title_es": "A\x0bB", "partner_countries": ["MX\x07"], "budget": 10, "nested": {"x": "\x01y"}}

    assert clean_record(row) == {
        "title_es": "A\nB",
        "partner_countries": ["MX"],
        "budget": 10,
        "nested": {"x": "y"},
    }


def test_demo_records_are_read_through_the_cleaning():
    assert all(clean_record(row) == row for row in demo_records())


@pytest.mark.parametrize(
    "address",
    [
        "/en/countries/a%00/",
        "/en/feeds/initiatives/country/%00/",
        "/en/initiatives/?q=%00",
        "/en/initiatives/?page=1%00",
        "/en/initiatives/?%00=1",
        "/en/initiatives/1%00/",
    ],
)
def test_a_nul_in_the_address_gets_a_clear_400_page(client, db, address):
    response = client.get(address)

    assert response.status_code == 400
    assert "null character (NUL, code 0)" in response.content.decode()
    assert "<title>Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "header", [{"HTTP_USER_AGENT": "Mozilla\x00"}, {"HTTP_COOKIE": "sessionid=abcdefgh\x00ijklmnop"}]
)
def test_a_nul_in_a_header_or_cookie_gets_a_400_before_it_reaches_the_database(client, db, header):
    response = client.post("/en/accounts/login/", {"username": "ana", "password": "wrong"}, **header)

    assert response.status_code == 400
    assert "null character (NUL, code 0)" in response.content.decode()


def test_the_400_page_is_in_the_language_of_the_address(client, db):
    response = client.get("/fr/countries/a%00/")

    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_nothing_is_saved(client, focal_point_mx):
    client.force_login(focal_point_mx.user)

    response = client.post(
        "/en/initiatives/new/", site_form_data(lead_country=focal_point_mx.country_id, title_es="Hola\x00")
    )

    assert response.status_code == 400
    assert "null character (NUL, code 0)" in response.content.decode()
    assert Initiative.objects.count() == 0


def test_control_characters_typed_into_a_site_form_are_not_saved(client, focal_point_mx):
    from network.models import TargetPopulation, Theme

    client.force_login(focal_point_mx.user)
    data = site_form_data(
        lead_country=focal_point_mx.country_id,
        themes=[Theme.objects.get(slug="return-reintegration").pk],
        populations=[TargetPopulation.objects.get(slug="returned-migrants").pk],
        title_es="Ventanilla\x0búnica\x07",
        summary_es="Atención\x01 integral.",
    )

    response = client.post("/en/initiatives/new/", data)

    assert response.status_code == 302
    assert Initiative.objects.values_list("title_es", "summary_es").get() == (
        "Ventanilla\núnica",
        "Atención integral.",
    )


def test_control_characters_typed_into_an_admin_form_are_not_saved(admin_client_for, db):
    from network.roles import TECHNICAL_SECRETARIAT

    staff = admin_client_for(StaffFactory(groups=[TECHNICAL_SECRETARIAT]))
    institution = InstitutionFactory(country=country("MX"), name="Instituto")
    page = staff.get(f"/admin/network/institution/{institution.pk}/change/")
    data = {
        name: value for name, value in page.context["adminform"].form.initial.items() if value is not None
    }
    data.update(name="Instituto\x0bNacional\x1b de Migración", country=institution.country_id)

    response = staff.post(f"/admin/network/institution/{institution.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Institution.objects.get(pk=institution.pk).name == "Instituto\nNacional de Migración"


def test_an_admin_list_filter_with_a_nul_gets_a_400_not_a_database_error(admin_client_for, db):
    staff = admin_client_for(StaffFactory(is_superuser=True))
    InitiativeFactory()

    response = staff.get("/admin/initiatives/initiative/?state__exact=%00")

    assert response.status_code == 400


def test_other_bad_requests_get_the_same_page_with_a_general_message(client, db, settings):
    settings.DEBUG = False  # Django's own 400 handler, as in production

    response = client.post(
        "/en/accounts/login/",
        b"username=ana",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert response.status_code == 400
    assert "The address or the form data is not valid" in response.content.decode()


def test_an_unreadable_multipart_body_gets_a_400(client, db):
    response = client.generic(
        "POST", "/en/accounts/login/", b"garbage", content_type="multipart/form-data; boundary="
    )

    assert response.status_code == 400
    assert "The form data could not be read" in response.content.decode()


def test_text_stored_before_the_cleaning_is_cleaned_once_by_the_command(db):
    from io import StringIO

    from django.core.management import call_command

    initiative = InitiativeFactory(title_es="Ventanilla\x0búnica", summary_es="Atención\x07 integral.")
    institution = InstitutionFactory(name="Instituto\x1b Nacional")
    first, second = StringIO(), StringIO()

    call_command("clean_stored_text", stdout=first)
    call_command("clean_stored_text", stdout=second)

    assert Initiative.objects.values_list("title_es", "summary_es").get(pk=initiative.pk) == (
        "Ventanilla\núnica",
        "Atención integral.",
    )
    assert Institution.objects.get(pk=institution.pk).name == "Instituto Nacional"
    assert "initiatives.Initiative: 1 cleaned" in first.getvalue()
    assert "network.Institution: 1 cleaned" in first.getvalue()
    assert "initiatives.Initiative: 0 cleaned" in second.getvalue()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), ("007", 7), ("²", None), ("٣", None), ("-1", None), ("0", None), (" 7", None), ("7 ", None),
     ("+7", None), ("1e3", None), ("", None), (None, None), ("9" * 19, None), (str(2**63 - 1), 2**63 - 1)],
)  # fmt: skip
def test_ids_are_parsed_from_ascii_digits_only(value, expected):
    assert parse_positive_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("3", 3), ("²", 1), ("10001", 1), ("10000", 10000), (None, 1)]
)
def test_a_page_number_outside_ascii_digits_or_the_last_page_is_the_first_page(value, expected):
    assert parse_page_number(value, 10_000) == expected
