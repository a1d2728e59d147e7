"""What the security review of issue 6 found, each kept as the probe that found it."""

import pytest
from django.contrib import admin
from django.test import Client
from django.utils.translation import trans_real

from core.models import OutboundEmail
from core.outbox import Recipient, queue_email, queue_emails
from tests.factories import InitiativeFactory, StaffFactory, UserFactory

# --- the admin's change lists: filters the database refuses, forged selections ------------------

# Filters Django checks when it builds the query but that fail when the database runs it.
REFUSED_FILTERS = [
    "created_at__year=99999",
    "created_at__year=0",
    "created_at__iso_year=0",
    "created_at__year__gt=99999",
    "created_at__date__year=0",
    "id__range=1",
    "title_es__regex=(",
    "title_es__iregex=[",
]


@pytest.fixture
def superuser_admin(db, admin_client_for):
    return admin_client_for(StaffFactory(is_superuser=True))


def test_a_filter_the_database_refuses_sends_the_admin_list_back_to_its_plain_form(superuser_admin):
    InitiativeFactory()

    answers = {
        query: superuser_admin.get(f"/admin/initiatives/initiative/?{query}") for query in REFUSED_FILTERS
    }

    assert {query: (r.status_code, r["Location"]) for query, r in answers.items()} == dict.fromkeys(
        REFUSED_FILTERS, (302, "/admin/initiatives/initiative/?e=1")
    )
    assert superuser_admin.get("/admin/initiatives/initiative/?e=1").status_code == 200


def test_every_admin_list_the_stock_ones_included_answers_a_refused_filter_without_an_error(superuser_admin):
    for path in admin_list_paths():
        for query in ["id__range=1", "id__in=1,a", "pk__regex=("]:
            response = superuser_admin.get(f"{path}?{query}")

            assert (response.status_code, response.get("Location")) == (302, f"{path}?e=1"), (path, query)


def admin_list_paths():
    return [f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry]


def test_a_forged_selection_in_an_admin_action_is_a_bad_request_on_every_list(superuser_admin):
    for path in admin_list_paths():
        for selected in ["abc", "", "1.5", "%FF"]:
            response = superuser_admin.post(
                path, {"action": "delete_selected", "_selected_action": ["1", selected], "index": "0"}
            )

            assert response.status_code == 400, (path, selected)


def test_an_add_form_sent_with_a_choice_that_is_not_an_id_never_answers_a_server_error(superuser_admin):
    # An autocomplete widget re-rendered with the value sent looks it up unguarded (a ValueError).
    for model in admin.site._registry:
        relations = [f.name for f in model._meta.get_fields() if f.is_relation and f.concrete and f.editable]
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        response = superuser_admin.post(path, dict.fromkeys(relations, ":"))

        assert response.status_code in (200, 400, 403), (path, response.status_code)


def test_an_admin_action_on_real_rows_still_runs(superuser_admin):
    initiative = InitiativeFactory()

    response = superuser_admin.post(
        "/admin/initiatives/initiative/",
        {"action": "delete_selected", "_selected_action": [str(initiative.pk)], "index": "0"},
    )

    assert response.status_code == 200  # the confirmation page of the deletion
    assert "delete_selected" in response.content.decode()


# --- the outbox: one bare address per row, compared as the Message-ID compares it ---------------


@pytest.mark.parametrize(
    "address",
    [
        "ana@example.org\r\nBcc: eve@example.org",
        "ana@example.org\nbruno@example.org",
        "ana@example.org, bruno@example.org",
        "Eve <ana@example.org>",
        "ana@example.org\x00",
        "",
        "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org",  # 313 characters: valid, but not storable
    ],
    ids=[
        "CR LF and a header",
        "line feed",
        "a list",
        "a display name",
        "NUL",
        "empty",
        "longer than its column",
    ],
)
def test_the_outbox_refuses_anything_but_one_address_and_writes_nothing(db, address):
    with pytest.raises(ValueError, match="one email address at a time"):
        queue_emails(
            [Recipient("bruno@example.org", "es"), Recipient(address, "es")],
            subject="Aviso",
            body="Hola.",
            about="tests.notice:1",
            key="tests.notice:1",
        )

    assert OutboundEmail.objects.count() == 0


def test_the_same_notice_to_one_address_written_in_two_cases_is_queued_once(db):
    written = [
        queue_email(to, language="es", subject="Aviso", body="Hola.", about="tests:1", key="tests:1")
        for to in ["Ana@Example.org", "ana@example.org", " ANA@EXAMPLE.ORG "]
    ]

    assert written == [1, 0, 0]
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["Ana@Example.org"]


# --- subjects are plain text, Django's own emails included -----------------------------------------


@pytest.fixture
def french_subject_with_an_apostrophe():
    """The French catalogue, as if a translator had written an apostrophe and an ampersand."""
    catalog = trans_real.translation("fr")._catalog
    msgid = "RICOMI: choose a new password"
    before = catalog[msgid]
    catalog[msgid] = "RICOMI : l'accès & le mot de passe"
    yield catalog[msgid]
    catalog[msgid] = before


def test_the_password_reset_subject_is_never_html_escaped(
    client, db, settings, french_subject_with_an_apostrophe
):
    settings.EMAIL_BACKEND = "core.mail_backend.OutboxEmailBackend"  # pytest-django replaces it
    UserFactory(username="ana", email="ana@example.org")

    client.post("/fr/accounts/password-reset/", {"email": "ana@example.org"})

    assert OutboundEmail.objects.get().subject == "RICOMI : l'accès & le mot de passe"


# --- error pages under the Content Security Policy ------------------------------------------------


@pytest.mark.parametrize("url", ["/fr/accounts/login/", "/admin/login/", "/es/accounts/password-reset/"])
def test_a_form_sent_without_its_csrf_token_gets_the_sites_page_without_inline_style(db, url):
    response = Client(enforce_csrf_checks=True).post(url, {"username": "ana", "password": "x"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "Content-Security-Policy" in response
    assert "<style" not in page
    assert 'href="/static/css/ricomi.css"' in page


# --- the outbox in the admin: no one reads another person's secret --------------------------------


def test_the_secretariat_cannot_read_a_password_reset_link_in_the_outbox(
    client, settings, secretariat_user, admin_client_for
):
    settings.EMAIL_BACKEND = "core.mail_backend.OutboxEmailBackend"
    administrator = StaffFactory(is_superuser=True, email="admin@example.org")
    client.post("/es/accounts/password-reset/", {"email": administrator.email})  # anyone can ask
    row = OutboundEmail.objects.get(to="admin@example.org")
    assert "/es/accounts/password-reset/" in row.body  # the link is there, for its recipient

    secretariat = admin_client_for(secretariat_user)
    page = secretariat.get(f"/admin/core/outboundemail/{row.pk}/change/")
    listing = secretariat.get("/admin/core/outboundemail/")

    assert page.status_code == listing.status_code == 200
    assert "password-reset/" not in page.content.decode() + listing.content.decode()
    assert row.subject in page.content.decode()  # what it is and what happened stay visible


@pytest.mark.parametrize(
    "path",
    [
        "/admin/network/focalpoint/add/?user=abc",
        "/admin/otp_totp/totpdevice/add/?throttling_failure_timestamp=abc",
    ],
    ids=["a related id that is not a number", "text for a read-only date"],
)
def test_an_add_form_prefilled_with_values_it_cannot_show_opens_empty(superuser_admin, path):
    response = superuser_admin.get(path)

    assert (response.status_code, response["Location"]) == (302, path.split("?")[0])
    assert superuser_admin.get(response["Location"]).status_code == 200


def test_an_add_form_prefilled_with_good_values_still_shows_them(superuser_admin):
    response = superuser_admin.get("/admin/network/theme/add/?name_en=Climate+mobility")

    assert response.status_code == 200
    assert 'value="Climate mobility"' in response.content.decode()
