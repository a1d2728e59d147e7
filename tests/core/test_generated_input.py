"""Generated bad input over every address of the site and the admin: no answer is a server error.

The addresses come from the URL resolver, so a new URL is probed without being listed here. Each
path parameter is filled with an existing object's value or a generated one; each request carries a
generated query string; every form found on a page (as an anonymous visitor, a focal point, or a
superuser with a second factor) is posted generated data, and so is the address itself.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import given, note, settings
from hypothesis import strategies as st

from initiatives import services
from initiatives.models import Initiative
from network.models import Theme
from tests.factories import (
    FocalPointFactory,
    InitiativeFactory,
    InstitutionFactory,
    StaffFactory,
    TOTPDeviceFactory,
    country,
)
from tests.initiatives.test_documents import PDF_BYTES

# --- every address, from the resolver --------------------------------------------------------------

PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def routes(patterns=None, prefix=""):
    """Every URL pattern as one route string ("es/initiatives/<int:pk>/edit/"), resolvers followed."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


ROUTES = sorted(set(routes()))


def parameters(route: str) -> list[str]:
    return [match["name"] or match["group"] for match in PARAMETER.finditer(route)]


def fill(route: str, values: dict[str, str]) -> str:
    """The address of `route` with each parameter replaced by its (quoted) value."""
    path = PARAMETER.sub(lambda match: quote(values[match["name"] or match["group"]], safe=""), route)
    return "/" + path.replace("^", "").replace("$", "")


# --- generated values ------------------------------------------------------------------------------

NASTY = [
    "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\u202e", "\ufeff", "²", "¹⁰", "٣", "'", '"', "<", ">",
    "%", "&", ";", "=", "+", "/", "\\", "..", "é", "🌎", " ", "\t", "\n",
]  # fmt: skip
SPECIAL = ["", "0", "-1", "²", "٣", "9" * 40, "1e9", "NaN", "x" * 5000, "../../etc/passwd", "%00", "None"]
KEYS = [
    "q", "country", "subregion", "forum", "theme", "population", "objective", "kind", "scope", "status",
    "language", "year_from", "year_to", "sort", "page", "p", "o", "e", "all", "next", "_to_field",
    "_popup", "_changelist_filters", "state__exact", "lead_country__id__exact", "term", "app_label",
    "model_name", "field_name", "action", "select_across",
]  # fmt: skip
CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
text = st.one_of(
    st.text(CHARACTERS, max_size=30),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=8).map("".join),
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**20), max_value=10**30).map(str),
)
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(KEYS), st.text(CHARACTERS, max_size=10)), text), max_size=5
)


def with_a_nul(value: str, position: int) -> str:
    position %= len(value) + 1
    return value[:position] + "\x00" + value[position:]


# --- the people and records the addresses are filled with -----------------------------------------


@dataclass
class World:
    clients: dict[str, Client]
    values: dict[str, list[str]]
    login: dict = field(default_factory=dict)

    def client_for(self, session: str) -> Client:
        """The session's client, logged in again (a generated POST may have logged it out)."""
        client = self.clients[session]
        if session in self.login:
            user, device = self.login[session]
            if not type(user).objects.filter(pk=user.pk).exists():  # deleted by a generated POST
                client.logout()
                return client
            client.force_login(user)
            if device is not None:  # what the admin's TOTP form stores once the code is right
                stored = client.session
                stored[DEVICE_ID_SESSION_KEY] = device.persistent_id
                stored.save()
        return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Records and accounts made once for the module, inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield make_world()
        transaction.set_rollback(True)


def make_world() -> World:
    focal_point = FocalPointFactory(institution=InstitutionFactory(country=country("MX")))
    superuser = StaffFactory(is_superuser=True)
    device = TOTPDeviceFactory(user=superuser)
    published = InitiativeFactory(title_es="Ventanilla única")
    draft = InitiativeFactory(
        lead_country=focal_point.country, state=Initiative.State.DRAFT, published_at=None
    )
    upload = SimpleUploadedFile("informe.pdf", PDF_BYTES)
    upload.sniffed_content_type = "application/pdf"
    document = services.attach_document(draft, title="Informe", upload=upload, by=focal_point.user)
    user = focal_point.user
    values = {
        "pk": [draft.pk, published.pk, focal_point.institution_id],
        "document_pk": [document.pk],
        "slug": [published.slug, Theme.objects.first().slug],
        "code": ["mx", "MX", "gt"],
        "action": ["submit", "return", "verify", "publish", "archive"],
        "uidb64": [urlsafe_base64_encode(force_bytes(user.pk))],
        "token": [default_token_generator.make_token(user), "set-password"],
        "object_id": [published.pk, focal_point.institution_id, user.pk, focal_point.pk, "mx"],
        "content_type_id": [ContentType.objects.get_for_model(Initiative).pk],
        "id": [user.pk],
        "app_label": ["initiatives", "network", "auth", "axes", "otp_totp"],
        "url": ["", "nothing/here/"],
        "path": [document.file.name],
    }
    return World(
        clients={"anonymous": Client(), "focal point": Client(), "superuser": Client()},
        values={name: [str(value) for value in found] for name, found in values.items()},
        login={"focal point": (user, None), "superuser": (superuser, device)},
    )


# --- forms found on the pages ----------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values seen on the page
    files: list[str] = field(default_factory=list)


class FormFinder(HTMLParser):
    """The POST forms of a page: their action and their fields with the values the page offers."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.forms, self.select = page_url, [], None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self.forms.append(Form(urljoin(self.page_url, attrs.get("action") or self.page_url)))
        elif not self.forms or (tag != "option" and not attrs.get("name")):
            return
        elif tag == "input" and attrs.get("type") == "file":
            self.forms[-1].files.append(attrs["name"])
        elif tag in ("input", "textarea", "select", "button"):
            self.forms[-1].fields.setdefault(attrs["name"], []).append(attrs.get("value", ""))
            self.select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self.select:
            self.forms[-1].fields[self.select].append(attrs.get("value", ""))


def forms_on(client: Client, url: str) -> list[Form]:
    response = client.get(url)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    finder = FormFinder(url)
    finder.feed(response.content.decode())
    return finder.forms


@st.composite
def form_data(draw, form: Form):
    """Each field either a value the page offers or generated text; files with generated names."""
    data = {name: draw(st.one_of(st.sampled_from(offered), text)) for name, offered in form.fields.items()}
    for name in form.files:
        data[name] = SimpleUploadedFile(draw(text) or "x", draw(st.sampled_from([PDF_BYTES, b"", b"MZ\x90"])))
    return data


# --- the probe -------------------------------------------------------------------------------------


def assert_not_a_server_error(response, method, url):
    assert response.status_code < 500, f"{method} {url} answered {response.status_code}"


@pytest.mark.parametrize("route", ROUTES)
def test_no_generated_input_causes_a_server_error(world, db, route):
    names = parameters(route)
    existing = {name: world.values.get(name, ["1"]) for name in names}
    page = fill(route, {name: values[0] for name, values in existing.items()})
    forms = {session: forms_on(world.client_for(session), page) for session in world.clients}
    for session in ("anonymous", "superuser" if route.startswith("admin/") else "focal point"):
        for url in known_bad_addresses(route, existing):
            assert_not_a_server_error(world.client_for(session).get(url), "GET", url)

    @settings(max_examples=2, deadline=None, database=None)
    @given(data=st.data())
    def probe(data):
        values = {
            name: data.draw(st.one_of(st.sampled_from(existing[name]), text), label=name) for name in names
        }
        params = dict(enumerate(data.draw(query, label="query")))
        put_a_nul_now_and_then(data, values)
        put_a_nul_now_and_then(data, params)
        url = f"{fill(route, values)}?{urlencode(list(params.values()))}"
        for session in world.clients:
            note(f"as {session}")
            headers = {"user-agent": data.draw(text), "accept-language": data.draw(text)}
            assert_not_a_server_error(world.client_for(session).get(url, headers=headers), "GET", url)
            # The forms the page showed, and the address itself posted a form it does not expect.
            form = data.draw(st.sampled_from([*forms[session], Form(url, {key: [""] for key in KEYS[:6]})]))
            post(world.client_for(session), form, data)

    probe()


ODD_QUERY = {"page": "²", "p": "³", "o": "¹", "q": "a\x0bb", "year_from": "9" * 30, "year_to": "²"}


def known_bad_addresses(route: str, existing: dict[str, list[str]]) -> list[str]:
    """What the probe of the portal found, on every address: odd digits, NUL in filters and paths."""
    page = fill(route, {name: values[0] for name, values in existing.items()})
    addresses = [f"{page}?{urlencode(ODD_QUERY)}", f"{page}?state__exact=%00"]
    for odd in ("a\x00", "é🌎" * 500, "9" * 30):
        addresses.append(fill(route, dict.fromkeys(existing, odd)))
    return addresses if existing else addresses[:2]


def put_a_nul_now_and_then(data, values: dict) -> None:
    """One time in four, a NUL goes into one of the text values (a (key, value) pair's value)."""
    texts = sorted(key for key, value in values.items() if isinstance(value, str | tuple))
    if texts and data.draw(st.integers(0, 3), label="with a NUL") == 0:
        key = data.draw(st.sampled_from(texts))
        position = data.draw(st.integers(0, 50))
        if isinstance(values[key], tuple):
            values[key] = (values[key][0], with_a_nul(values[key][1], position))
        else:
            values[key] = with_a_nul(values[key], position)


def post(client, form: Form, data):
    posted = data.draw(form_data(form), label=f"POST {form.action}")
    put_a_nul_now_and_then(data, posted)
    if not form.files and data.draw(st.booleans(), label="urlencoded"):
        body = urlencode(posted, doseq=True)
        response = client.post(form.action, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(form.action, posted)
    assert_not_a_server_error(response, "POST", form.action)


# --- the probe reaches what it claims to -----------------------------------------------------------


WATCHED = {"username", "email", "title_es", "title", "file", "name"}


def field_names(client, path) -> set[str]:
    return {name for form in forms_on(client, path) for name in [*form.fields, *form.files]}


def test_the_probe_finds_the_sites_forms_as_each_session(world, db):
    draft, institution = world.values["pk"][0], world.values["pk"][2]

    found = {
        (session, path): sorted(field_names(world.client_for(session), path) & WATCHED)
        for session, path in [
            ("anonymous", "/es/accounts/login/"),
            ("anonymous", "/es/accounts/password-reset/"),
            ("focal point", "/es/initiatives/new/"),
            ("focal point", f"/es/initiatives/{draft}/manage/"),
            ("focal point", f"/es/institutions/{institution}/edit/"),
            ("superuser", f"/admin/network/institution/{institution}/change/"),
        ]
    }

    assert found == {
        ("anonymous", "/es/accounts/login/"): ["username"],
        ("anonymous", "/es/accounts/password-reset/"): ["email"],
        ("focal point", "/es/initiatives/new/"): ["title_es"],
        ("focal point", f"/es/initiatives/{draft}/manage/"): ["file", "title"],
        ("focal point", f"/es/institutions/{institution}/edit/"): ["name"],
        ("superuser", f"/admin/network/institution/{institution}/change/"): ["name"],
    }


def test_the_enrolment_pages_of_an_unknown_device_answer_404(world, db):
    superuser = world.client_for("superuser")

    assert superuser.get("/admin/").status_code == 200  # the second factor is verified
    assert superuser.get("/admin/otp_totp/totpdevice/987654/config/").status_code == 404
    assert superuser.get("/admin/otp_totp/totpdevice/987654/qrcode/").status_code == 404


@pytest.mark.parametrize("code", ["é", "ñ1", "🌎🌎", "x" * 5000, "m x", "9" * 30])
@pytest.mark.parametrize("prefix", ["/es/countries/", "/es/feeds/initiatives/country/"])
def test_odd_country_codes_in_a_path_answer_404(client, db, prefix, code):
    response = client.get(f"{prefix}{quote(code, safe='')}/")

    assert response.status_code == 404
