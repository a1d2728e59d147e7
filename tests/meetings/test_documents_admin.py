"""Meeting documents uploaded in the admin are checked from their bytes, as every document of the portal."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Meeting, MeetingDocument

from .factories import MeetingFactory
from .test_admin import meeting_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_by_default")]

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_documents(meeting: Meeting, documents: list[dict], initial: int = 0) -> dict:
    data = meeting_form(meeting, [])
    data |= {"documents-TOTAL_FORMS": len(documents), "documents-INITIAL_FORMS": initial}
    for index, document in enumerate(documents):
        data |= {f"documents-{index}-{key}": value for key, value in document.items()}
        data[f"documents-{index}-meeting"] = meeting.pk
    return data


def document(name: str, content: bytes, **extra) -> dict:
    return {
        "kind": "minutes",
        "language": "es",
        "title": "Acta",
        "file": SimpleUploadedFile(name, content),
        **extra,
    }


def save(client, meeting, documents, initial=0):
    return client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/", with_documents(meeting, documents, initial)
    )


def test_a_text_file_named_pdf_is_refused_with_a_clear_error_and_nothing_is_stored(
    admin_client_for, secretariat_user, tmp_path
):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = save(client, meeting, [document("acta.pdf", b"Only text, renamed to look like a PDF.\n")])

    assert response.status_code == 200
    assert (
        "This file is not a PDF, Word, Excel or OpenDocument document (its content was checked)."
        in response.content.decode()
    )
    assert MeetingDocument.objects.count() == 0
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_a_file_over_the_size_limit_is_refused(admin_client_for, secretariat_user, settings, tmp_path):
    settings.INITIATIVE_DOCUMENT_MAX_BYTES = 1024
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = save(client, meeting, [document("acta.pdf", PDF_BYTES + b"0" * 2048)])

    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert MeetingDocument.objects.count() == 0


def test_a_real_pdf_is_accepted_and_stored(admin_client_for, secretariat_user, tmp_path):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    response = save(client, meeting, [document("acta.pdf", PDF_BYTES)])

    assert response.status_code == 302, response.content.decode()[:3000]
    stored = MeetingDocument.objects.get()
    assert stored.file.name == f"meetings/{meeting.pk}/acta.pdf"
    assert (tmp_path / stored.file.name).read_bytes() == PDF_BYTES


def test_the_upload_field_offers_only_the_accepted_kinds(admin_client_for, secretariat_user):
    meeting = MeetingFactory()
    client = admin_client_for(secretariat_user)

    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()

    assert 'accept=".pdf,.docx,.xlsx,.odt,.ods,.doc,.xls"' in page


def test_a_document_stored_before_the_check_does_not_block_editing_its_meeting(
    admin_client_for, secretariat_user
):
    meeting = MeetingFactory()
    old = MeetingDocument(meeting=meeting, kind="minutes", language="es", title="Acta")
    old.file.save("acta.txt", ContentFile(b"minutes"), save=True)
    client = admin_client_for(secretariat_user)
    kept = {"id": old.pk, "kind": "minutes", "language": "es", "title": "Acta revisada"}

    response = save(client, meeting, [kept], initial=1)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert MeetingDocument.objects.get().title == "Acta revisada"
