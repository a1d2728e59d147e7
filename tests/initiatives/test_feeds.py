"""Atom feeds: per language, valid Atom, plain-text summaries, any search, robust to control characters."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import InitiativeFactory

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/es/feeds/initiatives/",
    "/es/feeds/initiatives/country/mx/",
    "/es/feeds/initiatives/theme/return-reintegration/",
]


def parse(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed to prove it is well formed


def texts(root: ET.Element, path: str) -> list[str]:
    return [element.text for element in root.findall(path, {"a": ATOM[1:-1]})]


def test_feed_texts_follow_the_language_of_its_address_not_the_reader(client, db, mexico):
    InitiativeFactory(title_es="Retorno digno", title_fr="Retour digne", lead_country=mexico)

    response = client.get("/fr/feeds/initiatives/", headers={"accept-language": "es"})

    root = parse(response)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert texts(root, "a:title") == ["RICOMI\xa0: initiatives récemment publiées"]
    assert texts(root, "a:entry/a:title") == ["Retour digne (Mexique)"]
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/fr/initiatives/"


def test_feed_has_author_updated_and_stable_ids(client, db, mexico, settings):
    settings.SITE_URL = "https://ricomi.example.org"
    initiative = InitiativeFactory(title_es="Retorno digno", lead_country=mexico)
    initiative.refresh_from_db()  # setting its themes after the save moved `updated_at`

    root = parse(client.get("/en/feeds/initiatives/"))

    assert texts(root, "a:author/a:name") == ["RICOMI technical secretariat"]
    assert texts(root, "a:author/a:uri") == ["https://ricomi.example.org"]
    assert texts(root, "a:id") == ["http://testserver/en/initiatives/"]
    assert texts(root, "a:updated") == [initiative.updated_at.isoformat()]
    assert texts(root, "a:entry/a:id") == [f"tag:ricomi.example.org,2026:initiatives/{initiative.pk}/en"]


def test_entry_id_stays_when_the_title_changes(client, db, mexico):
    initiative = InitiativeFactory(title_es="Retorno digno", lead_country=mexico)
    before = texts(parse(client.get("/es/feeds/initiatives/")), "a:entry/a:id")

    initiative.title_es = "Retorno digno y seguro"
    initiative.save()
    after = texts(parse(client.get("/es/feeds/initiatives/")), "a:entry/a:id")

    assert before == after


def test_summary_is_plain_text_so_typed_markup_reaches_the_reader_as_text(client, db):
    InitiativeFactory(title_es="Retorno", summary_es="Antes <script>alert(1)</script> & después")

    response = client.get("/es/feeds/initiatives/")

    summary = parse(response).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Antes <script>alert(1)</script> & después"
    assert '<summary type="text">Antes &lt;script&gt;alert(1)&lt;/script&gt; &amp; después</summary>' in (
        response.content.decode()
    )


def test_a_control_character_in_one_record_never_breaks_the_feeds(client, db, mexico):
    InitiativeFactory(
        title_es="Ventanilla\x0búnica", summary_es="Atención\x0b en\x01 frontera", lead_country=mexico,
        themes=["return-reintegration"],
    )  # fmt: skip

    responses = [client.get(url) for url in FEEDS]

    assert [response.status_code for response in responses] == [200, 200, 200]
    for response in responses:
        root = parse(response)
        assert texts(root, "a:entry/a:title") == ["Ventanillaúnica (México)"]
        assert texts(root, "a:entry/a:summary") == ["Atención en frontera"]


def test_search_feed_gives_the_newest_initiatives_of_that_search(client, db, mexico, guatemala):
    now = timezone.now()
    InitiativeFactory(title_es="Ventanilla vieja", lead_country=mexico, published_at=now - timedelta(days=9))
    InitiativeFactory(title_es="Ventanilla nueva", lead_country=mexico, published_at=now - timedelta(days=1))
    InitiativeFactory(title_es="Ventanilla ajena", lead_country=guatemala, published_at=now)
    InitiativeFactory(title_es="Registro consular", lead_country=mexico, published_at=now)

    root = parse(client.get("/es/feeds/initiatives/?q=ventanilla&country=mx&sort=title&page=3"))

    assert texts(root, "a:entry/a:title") == ["Ventanilla nueva (México)", "Ventanilla vieja (México)"]
    assert texts(root, "a:title") == [
        "RICOMI: iniciativas publicadas recientemente que coinciden con “ventanilla”"
    ]
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/es/initiatives/?country=mx&q=ventanilla",
        "self": "http://testserver/es/feeds/initiatives/?country=mx&q=ventanilla",
    }
    assert texts(root, "a:id") == ["http://testserver/es/initiatives/?country=mx&q=ventanilla"]


def test_country_and_theme_feeds_keep_their_records(client, db, guatemala):
    InitiativeFactory(title_es="Ventanilla única", lead_country=guatemala, themes=["health"])
    InitiativeFactory(title_es="Otra", themes=["consular-services"])

    by_country = parse(client.get("/es/feeds/initiatives/country/gt/"))
    by_theme = parse(client.get("/es/feeds/initiatives/theme/consular-services/"))

    assert texts(by_country, "a:entry/a:title") == ["Ventanilla única (Guatemala)"]
    assert texts(by_theme, "a:entry/a:title") == ["Otra (México)"]


@pytest.mark.parametrize("code", ["zz", "mxx", "m%20x"])
def test_unknown_or_malformed_country_feed_is_not_found(client, db, code):
    assert client.get(f"/es/feeds/initiatives/country/{code}/").status_code == 404


@pytest.mark.parametrize("path", ["/es/feeds/initiatives/country/%00/", "/feeds/initiatives/country/%00/"])
def test_a_nul_in_a_feed_address_is_refused_before_any_redirect_or_lookup(client, db, path):
    assert client.get(path).status_code == 400  # core.middleware: NUL refused everywhere


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/feeds/initiatives/", "/es/feeds/initiatives/"),
        ("/feeds/initiatives/country/mx/", "/es/feeds/initiatives/country/mx/"),
        ("/feeds/initiatives/theme/health/?x=1", "/es/feeds/initiatives/theme/health/?x=1"),
    ],
)
def test_old_feed_addresses_move_for_good_to_the_spanish_feeds(client, db, old, new):
    response = client.get(old, headers={"accept-language": "fr"})

    assert response.status_code == 301
    assert response["Location"] == new


def feed_links(html: str) -> list[str]:
    """The addresses of the Atom feeds a page announces in its head."""
    return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]*)', html)


def test_search_page_links_to_the_feed_of_its_search_in_its_language(client, db):
    response = client.get("/fr/initiatives/?q=retorno&country=mx&sort=title&page=2")

    html = response.content.decode()
    feed = "/fr/feeds/initiatives/?q=retorno&amp;country=mx"
    assert feed_links(html) == [feed]
    assert f'<a href="{feed}" type="application/atom+xml">' in html


def test_search_page_without_a_search_links_to_the_feed_of_everything(client, db):
    html = client.get("/en/initiatives/").content.decode()

    assert feed_links(html) == ["/en/feeds/initiatives/"]


def test_country_page_announces_its_feed_in_its_language(client, db, mexico):
    html = client.get("/pt/countries/mx/").content.decode()

    assert feed_links(html) == ["/pt/feeds/initiatives/country/mx/"]
