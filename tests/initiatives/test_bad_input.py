import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import InitiativeFactory, country

FACETS = ["q", "country", "subregion", "forum", "theme", "population", "objective", "kind", "scope", "status",
          "language", "year_from", "year_to", "sort", "page"]  # fmt: skip


@pytest.mark.parametrize(
    "query_string",
    [
        "country=zz&theme=does-not-exist&objective=99",
        "page=-1",
        "page=99999999999999999999",
        "page=abc",
        "year_from=not-a-year&year_to=1800",
        "q=" + "migración " * 1000,
        "q=' OR 1=1; DROP TABLE initiatives_initiative; --",
        "q=<script>alert(1)</script>",
        "q=%00%01%02",
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(FACETS), st.text(max_size=40)), max_size=6))
def test_generated_query_strings_never_cause_a_server_error(client, db, params):
    query = QueryDict(mutable=True)
    for key, value in params:
        query.appendlist(key, value.replace("\x00", ""))

    response = client.get("/es/initiatives/", query)

    assert response.status_code in (200, 400)
