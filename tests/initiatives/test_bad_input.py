"""Bad query strings on the search page (generated input on every page: tests/core/test_generated_input.py)"""

import pytest
from django.http import QueryDict

from tests.factories import InitiativeFactory, country


@pytest.mark.parametrize(
    "query_string",
    [
        "country=zz&theme=does-not-exist&objective=99",
        "page=-1",
        "page=99999999999999999999",
        "page=abc",
        "year_from=not-a-year&year_to=1800",
        "year_from=²&year_to=٣",
        "q=" + "migración " * 1000,
        "q=' OR 1=1; DROP TABLE initiatives_initiative; --",
        "q=<script>alert(1)</script>",
        "q=%01%02%0b",
        "page=²",
        "page=٣",
        "page=1e3",
        "page= 2",
        'q="unbalanced',
        "q=-",
        "q=OR OR OR",
        "q=!!(&|)<->:*",
        "sort=../../etc/passwd",
    ],
)
def test_bad_query_strings_give_a_page_never_an_error(client, db, query_string):
    InitiativeFactory(title_es="Registro")

    response = client.get("/es/initiatives/", QueryDict(query_string))

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("2", 2), ("²", 1), ("¹", 1), ("٢", 1), ("10001", 1), ("0", 1)])
def test_a_page_number_counts_only_in_ascii_digits(client, db, page, shown):
    for number in range(25):
        InitiativeFactory(title_es=f"Registro {number}")

    response = client.get("/es/initiatives/", {"page": page})

    assert response.status_code == 200
    assert response.context["result"].page.number == shown


def test_a_nul_in_the_query_string_is_refused_with_a_clear_message(client, db):
    response = client.get("/en/initiatives/?q=%00%01%02")

    assert response.status_code == 400
    assert "null character (NUL, code 0)" in response.content.decode()


def test_unknown_filter_values_are_reported_and_ignored(client, db):
    InitiativeFactory(title_es="Registro")

    InitiativeFactory(title_es="Otra", lead_country=country("GT"))

    response = client.get("/en/initiatives/?country=zz&country=mx&kind=programme")

    result = response.context["result"]
    assert [i.title for i in result.page.object_list] == ["Registro"]  # the valid "mx" still applies
    assert result.notices == ["“zz” is not a known value of “Country”; it was left out."]


def test_a_very_long_query_is_shortened_with_a_notice(client, db):
    response = client.get("/en/initiatives/", {"q": "x" * 10_000})

    assert len(response.context["result"].query.text) == 200
    assert "shortened" in " ".join(response.context["result"].notices)


def test_a_bad_year_is_reported_on_its_field_naming_it(client, db):
    InitiativeFactory(title_es="Registro")

    page = client.get("/en/initiatives/?year_from=abc").content.decode()

    message = "From year: “abc” is not a year between 1950 and 2100; it was left out."
    assert f'<p class="error" id="year_from_error">{message}</p>' in page
    assert 'aria-invalid="true" aria-describedby="year_from_error"' in page


def test_an_inverted_year_range_is_swapped_and_the_end_field_says_so(client, db):
    InitiativeFactory(title_es="Dentro", start_year=2015)
    InitiativeFactory(title_es="Fuera", start_year=2022)

    response = client.get("/en/initiatives/?year_from=2020&year_to=2010")

    selection = response.context["result"].selection
    assert (selection.year_from, selection.year_to) == (2010, 2020)
    assert [r.title for r in response.context["result"].page] == ["Dentro"]
    assert (
        selection.year_to_error
        == "The end year (2010) was before the start year (2020): the two were swapped."
    )
    assert 'id="year_to_error"' in response.content.decode()
