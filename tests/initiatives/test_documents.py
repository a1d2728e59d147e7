import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.documents import DOCX, ODT, PDF, XLSX, sniff_content_type
from initiatives.models import Initiative, InitiativeDocument
from tests.factories import InitiativeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office_file(*names, mimetype=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("informe.pdf", PDF_BYTES, PDF),
        ("informe.docx", office_file("[Content_Types].xml", "word/document.xml"), DOCX),
        ("datos.xlsx", office_file("[Content_Types].xml", "xl/workbook.xml"), XLSX),
        ("nota.odt", office_file("content.xml", mimetype=ODT), ODT),
        ("virus.pdf", b"MZ\x90\x00 this is an executable", None),
        ("page.pdf", b"<html><script>alert(1)</script></html>", None),
        ("archive.docx", office_file("random.txt"), None),
    ],
)
def test_document_type_is_judged_from_the_content(name, content, expected):
    assert sniff_content_type(SimpleUploadedFile(name, content)) == expected


@pytest.fixture
def own_initiative(focal_point_mx):
    return InitiativeFactory(
        lead_country=focal_point_mx.country, state=Initiative.State.DRAFT, published_at=None
    )


def upload(client, initiative, name, content, title="Informe final"):
    return client.post(
        f"/en/initiatives/{initiative.pk}/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_focal_point_attaches_a_pdf_that_is_served_as_a_download(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, "informe.pdf", PDF_BYTES)
    document = InitiativeDocument.objects.get()
    download = client.get(document.get_absolute_url())

    assert response.status_code == 302
    assert (document.content_type, document.size) == (PDF, len(PDF_BYTES))
    assert download["Content-Disposition"] == 'attachment; filename="informe.pdf"'
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_file_whose_content_is_not_a_document_is_refused_and_nothing_is_saved(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, "informe.pdf", b"MZ\x90\x00 not a pdf at all")

    assert response.status_code == 400
    assert "its content was checked" in response.content.decode()
    assert InitiativeDocument.objects.count() == 0
    assert list(tmp_path.rglob("*.*")) == []


def test_a_file_over_the_size_limit_is_refused(client, focal_point_mx, own_initiative, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INITIATIVE_DOCUMENT_MAX_BYTES = 1024
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, "big.pdf", PDF_BYTES + b"0" * 2048)

    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert InitiativeDocument.objects.count() == 0


def test_documents_of_unpublished_initiatives_are_not_downloadable_by_visitors(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)
    upload(client, own_initiative, "informe.pdf", PDF_BYTES)
    client.logout()

    assert client.get(InitiativeDocument.objects.get().get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "stored", "disposition"),
    [
        ("é" * 130 + ".pdf", "é" * 121 + ".pdf", "attachment; filename*=utf-8''" + "%C3%A9" * 121 + ".pdf"),
        ("a" * 996 + ".pdf", "a" * 243 + ".pdf", 'attachment; filename="' + "a" * 243 + '.pdf"'),
    ],
)
def test_a_file_name_too_long_for_the_disk_is_shortened_keeping_its_extension(
    client, focal_point_mx, own_initiative, settings, tmp_path, name, stored, disposition
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, name, PDF_BYTES)
    document = InitiativeDocument.objects.get()
    download = client.get(document.get_absolute_url())

    assert response.status_code == 302
    assert document.file.name == f"initiatives/{own_initiative.pk}/{stored}"
    assert [path.name for path in tmp_path.rglob("*.pdf")] == [stored]
    assert download["Content-Disposition"] == disposition
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_the_same_long_name_uploaded_twice_is_stored_twice_within_the_limit(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    for _upload in range(2):
        upload(client, own_initiative, "é" * 130 + ".pdf", PDF_BYTES)

    names = sorted(path.name for path in tmp_path.rglob("*.pdf"))
    assert len(names) == 2
    assert max(len(name.encode()) for name in names) <= 255
    assert all(name.endswith(".pdf") for name in names)


def test_control_characters_in_a_document_title_and_name_are_not_stored(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, "informe\x07.pdf", PDF_BYTES, title="Informe\x0bfinal\x1b")

    assert response.status_code == 302
    assert InitiativeDocument.objects.values_list("title", "file").get() == (
        "Informe\nfinal",
        f"initiatives/{own_initiative.pk}/informe.pdf",
    )


def test_a_nul_in_an_uploaded_file_name_is_dropped_with_the_other_control_characters(
    client, focal_point_mx, own_initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_mx.user)

    response = upload(client, own_initiative, "infor\x00me\x0b.pdf", PDF_BYTES)

    assert response.status_code == 302
    assert InitiativeDocument.objects.get().file.name == f"initiatives/{own_initiative.pk}/informe.pdf"
