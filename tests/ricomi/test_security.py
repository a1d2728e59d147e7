"""Lockout keyed on the real client, request bodies capped early, the admin's one-step login."""

import re

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from core.client_ip import client_ip_address
from initiatives.models import Initiative, InitiativeDocument
from tests.conftest import current_token
from tests.factories import PASSWORD, InitiativeFactory, StaffFactory, TOTPDeviceFactory, UserFactory

PROXY = "172.28.0.10"
LOAD_BALANCER = "10.0.0.0/24"

# --- the client address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "198.51.100.4", "203.0.113.9", "198.51.100.4"),
        ([PROXY], "198.51.100.4", "203.0.113.9", "198.51.100.4"),
        ([PROXY], PROXY, "203.0.113.9", "203.0.113.9"),
        ([PROXY], PROXY, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        ([PROXY, LOAD_BALANCER], PROXY, "192.0.2.1, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, "192.0.2.1, not-an-address", PROXY),
        ([f"{PROXY}/32", "2001:db8::/32"], "2001:db8::1", "2001:db8:ffff::5, 203.0.113.9", "203.0.113.9"),
    ],
    ids=[
        "no trusted proxy: the socket address",
        "not from the proxy: a forged header is ignored",
        "from the proxy: the address it saw",
        "from the proxy: what the client wrote before it is ignored",
        "through a load balancer and the proxy: the hop before them",
        "from the proxy without a header: the proxy",
        "from the proxy with garbage: the last trusted hop",
        "networks and IPv6",
    ],
)
def test_client_address_comes_from_the_forwarded_header_only_through_trusted_proxies(
    settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip_address(request) == expected


def fail_to_log_in(client, username, **headers):
    return client.post("/en/accounts/login/", {"username": username, "password": "wrong"}, **headers)


def test_a_forged_forwarded_header_does_not_change_the_lockout_key_without_a_trusted_proxy(
    client, db, settings
):
    user = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        fail_to_log_in(
            client, user.username, REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"
        )

    response = client.post(
        "/en/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert response.status_code == 429
    # One record for all the forged addresses; the refused last try counts as one more failure.
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        ("198.51.100.4", settings.AXES_FAILURE_LIMIT + 1)
    ]


def test_behind_a_trusted_proxy_one_client_locked_out_leaves_another_free_to_log_in(db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    user = UserFactory()
    attacker, official = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        fail_to_log_in(attacker, user.username, HTTP_X_FORWARDED_FOR="203.0.113.66")

    attacker_login = attacker.post(
        "/en/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    official_login = official.post(
        "/en/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert attacker_login.status_code == 429
    assert official_login.status_code == 302
    assert official.session["_auth_user_id"] == str(user.pk)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.66"]


# --- request bodies -----------------------------------------------------------------------


def test_a_30_mb_upload_is_refused_with_413_before_the_view_reads_it(
    client, focal_point_mx, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, state=Initiative.State.DRAFT, published_at=None
    )
    client.force_login(focal_point_mx.user)
    upload = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (30 * 2**20))

    response = client.post(f"/en/initiatives/{initiative.pk}/documents/", {"title": "Huge", "file": upload})

    assert response.status_code == 413
    assert [template.name for template in response.templates][:2] == ["413.html", "base.html"]
    assert "The portal accepts at most 21.0\xa0MB in one submission" in response.content.decode()
    assert InitiativeDocument.objects.count() == 0
    assert list(tmp_path.rglob("*")) == []


def test_the_request_body_cap_is_one_document_and_a_megabyte(settings):
    assert settings.MAX_REQUEST_BODY_BYTES == settings.INITIATIVE_DOCUMENT_MAX_BYTES + 2**20 == 22_020_096


def test_a_body_under_the_cap_reaches_the_view(client, focal_point_mx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_REQUEST_BODY_BYTES = 64 * 1024
    settings.INITIATIVE_DOCUMENT_MAX_BYTES = 1024
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, state=Initiative.State.DRAFT, published_at=None
    )
    client.force_login(focal_point_mx.user)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096)

    response = client.post(f"/en/initiatives/{initiative.pk}/documents/", {"title": "Big", "file": upload})

    assert response.status_code == 400
    assert "initiatives/manage.html" in [template.name for template in response.templates]


# --- the admin's log-in -------------------------------------------------------------------


def error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def test_admin_login_with_one_device_takes_password_and_code_in_one_submission(client, db):
    user = StaffFactory()
    device = TOTPDeviceFactory(user=user)

    response = client.post(
        "/admin/login/",
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": current_token(device),
            "next": "/admin/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_with_two_devices_still_asks_which_one(client, db):
    user = StaffFactory()
    device = TOTPDeviceFactory(user=user)
    TOTPDeviceFactory(user=user, name="backup phone")

    response = client.post(
        "/admin/login/",
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": current_token(device),
            "next": "/admin/",
        },
    )

    assert response.status_code == 200
    assert error_codes(response) == ["device_required"]
    assert "_auth_user_id" not in client.session


def test_admin_login_with_one_device_refuses_a_wrong_code(client, db):
    user = StaffFactory()
    device = TOTPDeviceFactory(user=user)
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"

    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": wrong, "next": "/admin/"},
    )

    assert response.status_code == 200
    assert error_codes(response) == ["invalid_token"]
    assert "_auth_user_id" not in client.session


# --- the Content Security Policy ----------------------------------------------------------

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


@pytest.mark.parametrize("url", ["/es/", "/en/initiatives/", "/admin/login/", "/en/accounts/login/"])
def test_every_page_carries_the_content_security_policy(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == POLICY


def test_no_page_template_has_an_inline_script_style_or_event_handler():
    """A backstop to the browser tests, which see only the pages they visit.

    Email and PDF templates are read by mail clients and WeasyPrint, not under the policy.
    """
    from pathlib import Path

    from django.conf import settings

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    templates = [
        path
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
        if not {".venv", "email", "pdf"} & set(path.parts)
    ]

    offenders = [f"{path}: {match}" for path in templates for match in inline.findall(path.read_text())]

    assert len(templates) > 20
    assert offenders == []


def test_a_404_page_links_each_languages_home_and_never_repeats_the_address(client, db):
    response = client.get("/es/initiatives/999-borrador-secreto/?q=x")

    assert response.status_code == 404
    assert "borrador-secreto" not in response.content.decode()
    assert [link["url"] for link in response.context["language_links"]] == ["/es/", "/en/", "/fr/", "/pt/"]


@pytest.mark.parametrize(
    "address", ["/es/", "/es/countries/", "/es/countries/mx/", "/es/initiatives/", "/healthz"]
)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_read_only_pages_refuse_methods_that_would_change_something(client, db, address, method):
    response = getattr(client, method)(address)

    assert response.status_code == 405
