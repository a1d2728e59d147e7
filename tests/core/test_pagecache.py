"""The whole-page cache of public pages (core/pagecache.py): what anonymous visitors see follows
every write at once, signed-in users never share a page, browsers revalidate with ETags."""

import pytest
from django.test import Client

from core.pagecache import STATUS_HEADER
from initiatives import services
from initiatives.models import Initiative
from tests.factories import InitiativeFactory

LIST = "/es/initiatives/"


def cache_status(response) -> str | None:
    return response.headers.get(STATUS_HEADER)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what the services leave for the commit (search index, second version bump) as a real
    commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_repeat_anonymous_visit_is_served_from_the_cache_with_headers_for_browsers_and_proxy(client, db):
    initiative = InitiativeFactory(title_es="Ventanilla única")

    first = client.get(initiative.get_absolute_url())
    second = client.get(initiative.get_absolute_url())

    assert (cache_status(first), cache_status(second)) == ("miss", "hit")
    assert second.content == first.content
    assert "Ventanilla única" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second
    assert "Cookie" in second["Vary"]
    cache_control = {part.strip() for part in second["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=5"} <= cache_control


def test_a_publication_shows_at_once_on_the_list_the_home_page_and_the_feed(
    client, db, secretariat_user, commits
):
    InitiativeFactory(title_es="Ya publicada")
    submitted = InitiativeFactory(
        title_es="Casa del migrante retornado", state=Initiative.State.SUBMITTED, published_at=None
    )
    pages = [LIST, "/es/", "/es/feeds/initiatives/"]
    before = [client.get(page) for page in pages]
    assert [cache_status(client.get(page)) for page in pages] == ["hit"] * 3

    with commits():
        services.publish_initiative(submitted, by=secretariat_user)
    after = [client.get(page) for page in pages]

    assert "Casa del migrante retornado" not in before[0].content.decode()
    assert "Casa del migrante retornado" in after[0].content.decode()
    assert before[1].content != after[1].content  # the count of published initiatives
    assert "Casa del migrante retornado" in after[2].content.decode()
    assert [cache_status(response) for response in after] == ["miss"] * 3


def test_an_edit_shows_at_once_on_the_detail_page_and_the_search(client, db, secretariat_user, commits):
    initiative = InitiativeFactory(summary_es="Texto de antes.")
    client.get(initiative.get_absolute_url())
    client.get(f"{LIST}?q=ventanilla")

    initiative.summary_es = "Una ventanilla para los que vuelven."
    with commits():
        services.save_initiative(initiative, by=secretariat_user)

    detail = client.get(initiative.get_absolute_url()).content.decode()
    search = client.get(f"{LIST}?q=ventanilla")
    assert "Una ventanilla para los que vuelven." in detail
    assert "Texto de antes." not in detail
    assert search.context["result"].page.paginator.count == 1


def test_an_archived_initiative_leaves_the_public_pages_at_once(client, db, secretariat_user, commits):
    initiative = InitiativeFactory(title_es="Programa que se archiva")
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert "Programa que se archiva" in client.get(LIST).content.decode()

    with commits():
        services.archive_initiative(initiative, by=secretariat_user)

    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert "Programa que se archiva" not in client.get(LIST).content.decode()


def test_a_new_translation_shows_at_once_in_its_language(client, db, secretariat_user, commits):
    initiative = InitiativeFactory(title_es="Retorno digno", title_en=None, summary_en=None)
    english_url = initiative.get_absolute_url().replace("/es/", "/en/", 1)
    before = client.get(english_url).content.decode()

    initiative.title_en = "Dignified return"
    with commits():
        services.save_initiative(initiative, by=secretariat_user)
    after = client.get(english_url, follow=True).content.decode()  # its English slug is new: 301

    assert '<h1 lang="es">Retorno digno</h1>' in before
    assert "<h1>Dignified return</h1>" in after


def test_a_signed_in_focal_point_never_gets_the_anonymous_page_nor_leaves_theirs_behind(
    client, focal_point_mx, mexico
):
    initiative = InitiativeFactory(lead_country=mexico)
    url = initiative.get_absolute_url()
    client.get(url)
    assert cache_status(client.get(url)) == "hit"
    official = Client()
    official.force_login(focal_point_mx.user)

    theirs = official.get(url)
    anonymous = client.get(url)

    assert cache_status(theirs) is None
    assert "Log out" in theirs.content.decode()
    assert "private" in theirs["Cache-Control"]
    assert "Cookie" in theirs["Vary"]
    assert cache_status(anonymous) == "hit"
    assert "Log out" not in anonymous.content.decode()


def test_a_signed_in_user_never_receives_another_users_page(db, focal_point_mx, focal_point_gt):
    initiative = InitiativeFactory()
    mexican, guatemalan = Client(), Client()
    mexican.force_login(focal_point_mx.user)
    guatemalan.force_login(focal_point_gt.user)

    first = mexican.get(initiative.get_absolute_url()).content.decode()
    second = guatemalan.get(initiative.get_absolute_url()).content.decode()

    assert focal_point_mx.user.username in first
    assert focal_point_mx.user.username not in second
    assert focal_point_gt.user.username in second


def test_a_draft_seen_by_its_focal_point_is_never_shown_to_visitors(client, focal_point_mx, mexico):
    draft = InitiativeFactory(lead_country=mexico, state=Initiative.State.DRAFT, published_at=None)
    official = Client()
    official.force_login(focal_point_mx.user)

    assert official.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_conditional_get_with_the_current_etag_gets_304_until_the_content_changes(
    client, db, secretariat_user
):
    initiative = InitiativeFactory()
    url = initiative.get_absolute_url()
    etag = client.get(url)["ETag"]

    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    compressed = client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}")  # as GZipMiddleware weakens it
    initiative.summary_es = "Resumen nuevo."
    services.save_initiative(initiative, by=secretariat_user)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert (unchanged.status_code, compressed.status_code) == (304, 304)
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Resumen nuevo." in changed.content.decode()


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_page_with_a_csrf_token_is_never_kept(client, db):
    first = client.get("/es/test-form/")
    second = client.get("/es/test-form/")

    assert (cache_status(first), cache_status(second)) == (None, None)
    assert "csrftoken" in second.cookies
    assert "private" in second["Cache-Control"]


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_page_setting_a_cookie_is_never_kept(client, db):
    client.get("/es/test-cookie/")

    assert cache_status(client.get("/es/test-cookie/")) is None


@pytest.mark.urls("tests.core.pagecache_urls")
def test_the_order_of_query_parameters_does_not_make_another_page(client, db):
    client.get("/es/test-plain/?b=1&a=2")

    assert cache_status(client.get("/es/test-plain/?a=2&b=1")) == "hit"
    assert cache_status(client.get("/es/test-plain/?a=2&b=3")) == "miss"


def test_a_visitor_with_pending_messages_gets_a_page_built_for_them(client, db):
    initiative = InitiativeFactory()
    client.get(initiative.get_absolute_url())
    client.cookies["messages"] = "pending"

    assert cache_status(client.get(initiative.get_absolute_url())) is None


def test_each_language_and_each_page_is_kept_apart(client, db):
    initiative = InitiativeFactory(title_es="Solo español")
    client.get("/es/")

    english_home = client.get("/en/")
    countries = client.get("/es/countries/")
    detail = client.get(initiative.get_absolute_url())

    assert [cache_status(r) for r in (english_home, countries, detail)] == ["miss"] * 3
    assert 'lang="en"' in english_home.content.decode()


def test_the_country_page_follows_a_change_of_its_institutions(client, db, mexico):
    from tests.factories import InstitutionFactory

    client.get("/es/countries/mx/")
    InstitutionFactory(country=mexico, name="Instituto Nacional de Migración de prueba")

    assert "Instituto Nacional de Migración de prueba" in client.get("/es/countries/mx/").content.decode()


def test_the_page_cache_can_be_turned_off(client, db, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/es/")

    assert cache_status(client.get("/es/")) is None
