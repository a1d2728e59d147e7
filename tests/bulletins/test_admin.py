"""The secretariat's admin: subscribers (search, filters, import, export), bulletins (build,
preview, recipient counts, send after a confirmation page, delivery counts)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bulletins.models import Bulletin, Subscriber
from core.models import OutboundEmail

from .helpers import SubscriberFactory, built_bulletin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]
CHANGELIST = "/admin/bulletins/subscriber/"
IMPORT = "/admin/bulletins/subscriber/import/"


@pytest.fixture
def secretariat(admin_client_for, secretariat_user):
    return admin_client_for(secretariat_user)


def csv_file(text: str, name="subscribers.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("subscribers.xlsx", data.getvalue())


def test_the_secretariat_searches_and_filters_subscribers(secretariat):
    SubscriberFactory(email="ana@example.org", language="fr")
    SubscriberFactory(email="bruno@example.org", language="pt", status=Subscriber.Status.UNCONFIRMED)

    found = secretariat.get(CHANGELIST, {"q": "ana"}).content.decode()
    by_language = secretariat.get(CHANGELIST, {"language__exact": "pt"}).content.decode()
    by_status = secretariat.get(CHANGELIST, {"status__exact": "confirmed"}).content.decode()

    assert "ana@example.org" in found and "bruno@example.org" not in found  # noqa: PT018
    assert "bruno@example.org" in by_language and "ana@example.org" not in by_language  # noqa: PT018
    assert "ana@example.org" in by_status and "bruno@example.org" not in by_status  # noqa: PT018


def test_an_imported_csv_creates_unconfirmed_subscribers_who_must_confirm(secretariat, settings):
    SubscriberFactory(email="known@example.org")
    text = "email,language,countries\nAna@Example.org,fr,MX;GT\nknown@example.org,es,\nluis@example.org,,\n"

    response = secretariat.post(IMPORT, {"file": csv_file(text)})

    assert response.status_code == 302
    imported = Subscriber.objects.filter(source=Subscriber.Source.IMPORT).order_by("email")
    assert [(s.email, s.language, s.status) for s in imported] == [
        ("ana@example.org", "fr", Subscriber.Status.UNCONFIRMED),
        ("luis@example.org", settings.LANGUAGE_CODE, Subscriber.Status.UNCONFIRMED),  # the site's default
    ]
    assert sorted(imported[0].countries.values_list("code", flat=True)) == ["GT", "MX"]
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "ana@example.org",
        "luis@example.org",
    ]
    assert all("/bulletins/confirm/" in body for body in OutboundEmail.objects.values_list("body", flat=True))


def test_an_imported_xlsx_is_read_like_a_csv(secretariat):
    response = secretariat.post(
        IMPORT, {"file": xlsx_file([["Email", "Language"], ["eva@example.org", "pt"]])}
    )

    assert response.status_code == 302
    assert list(Subscriber.objects.values_list("email", "language", "status")) == [
        ("eva@example.org", "pt", "unconfirmed")
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            csv_file("email,language\nnot-an-address,es\nok@example.org,es\n"),
            "2: not-an-address is not an email",
        ),
        (csv_file("email,language\nok@example.org,de\n"), "language &#x27;de&#x27; is not one of"),
        (csv_file("email,countries\nok@example.org,ZZ\n"), "unknown country codes ZZ"),
        (csv_file("name\nAna\n"), "The first row must name the columns"),
        (SimpleUploadedFile("s.csv", b"\xff\xfe\x00bad"), "not UTF-8"),
        (SimpleUploadedFile("s.xlsx", b"not a workbook"), "cannot be read"),
        (SimpleUploadedFile("s.txt", b"email\n"), "Choose a .csv or .xlsx file."),
    ],
)
def test_a_bad_import_says_why_and_imports_nothing(secretariat, upload, message):
    response = secretariat.post(IMPORT, {"file": upload})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_the_export_is_a_csv_the_import_reads_back(secretariat):
    subscriber = SubscriberFactory(email="ana@example.org", language="fr")
    subscriber.countries.set([])

    response = secretariat.post(
        CHANGELIST, {"action": "export_selected", "_selected_action": [subscriber.pk]}
    )

    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == "email,language,countries,themes,status,subscribed_at,confirmed_at"
    assert lines[1].startswith("ana@example.org,fr,,,confirmed,")


def test_the_bulletin_page_shows_previews_recipient_counts_and_delivery_counts(secretariat):
    SubscriberFactory(language="fr")
    SubscriberFactory(language="fr")
    SubscriberFactory(language="es", status=Subscriber.Status.UNCONFIRMED)
    bulletin = built_bulletin(2025)

    response = secretariat.get(f"/admin/bulletins/bulletin/{bulletin.pk}/change/")
    page = response.content.decode()
    preview = secretariat.get(f"/admin/bulletins/bulletin/{bulletin.pk}/preview/pt/")

    for code in ["es", "en", "fr", "pt"]:
        assert f"/admin/bulletins/bulletin/{bulletin.pk}/preview/{code}/" in page
    counts = [(code, count) for code, _name, count in response.context["recipients_by_language"]]
    assert counts == [("es", 0), ("en", 0), ("fr", 2), ("pt", 0)]
    assert "Sent: 0 · pending: 0 · failed: 0" in page
    assert b"".join(preview.streaming_content).startswith(b"%PDF")


def test_sending_asks_for_confirmation_first_then_queues_every_confirmed_subscriber(secretariat):
    SubscriberFactory(email="ana@example.org")
    SubscriberFactory(email="waiting@example.org", status=Subscriber.Status.UNCONFIRMED)
    bulletin = built_bulletin(2025)
    changelist = "/admin/bulletins/bulletin/"

    asked = secretariat.post(changelist, {"action": "send", "_selected_action": [bulletin.pk]})
    assert OutboundEmail.objects.count() == 0
    sent = secretariat.post(
        changelist, {"action": "send", "_selected_action": [bulletin.pk], "confirmed": "yes"}
    )

    assert asked.status_code == 200
    assert "Yes, send it" in asked.content.decode()
    assert sent.status_code == 302
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["ana@example.org"]
    assert Bulletin.objects.get().status == Bulletin.Status.SENDING


def test_a_draft_cannot_be_sent_from_the_admin(secretariat):
    SubscriberFactory()
    bulletin = Bulletin.objects.create(year=2025)

    secretariat.post(
        "/admin/bulletins/bulletin/",
        {"action": "send", "_selected_action": [bulletin.pk], "confirmed": "yes"},
    )

    assert OutboundEmail.objects.count() == 0


def test_a_focal_point_does_not_see_subscribers(admin_client_for, focal_point_mx):
    client = admin_client_for(focal_point_mx.user)

    assert client.get(CHANGELIST).status_code == 403


def test_an_address_that_looks_like_a_formula_is_exported_as_text(secretariat):
    subscriber = SubscriberFactory(email="=cmd@example.org")

    response = secretariat.post(
        CHANGELIST, {"action": "export_selected", "_selected_action": [subscriber.pk]}
    )

    assert response.content.decode().splitlines()[1].startswith("'=cmd@example.org,es,")
