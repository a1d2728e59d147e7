"""Reaching a country is not writing on it: CEAM reads only; public records change through the secretariat."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives import services
from initiatives.models import Initiative, InitiativeDocument, Verification
from tests.factories import InitiativeFactory

State = Initiative.State
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def guatemalan_draft(guatemala):
    return InitiativeFactory(
        title_es="Borrador de Guatemala", lead_country=guatemala, state=State.DRAFT, published_at=None
    )


def stored_document(initiative, title="Anexo"):
    document = InitiativeDocument(initiative=initiative, title=title, content_type="application/pdf", size=9)
    document.file.save("anexo.pdf", ContentFile(PDF_BYTES), save=True)
    return document


def test_ceam_secretariat_cannot_submit_or_verify_records_on_the_site(client, ceam_user, guatemalan_draft):
    published = InitiativeFactory()
    client.force_login(ceam_user)

    submit = client.post(f"/es/initiatives/{guatemalan_draft.pk}/actions/submit/")
    verify = client.post(f"/es/initiatives/{published.pk}/actions/verify/")

    assert (submit.status_code, verify.status_code) == (404, 404)
    assert Initiative.objects.get(pk=guatemalan_draft.pk).state == State.DRAFT
    assert Verification.objects.count() == 0


def test_ceam_secretariat_reads_every_countrys_draft_without_a_manage_link(
    client, ceam_user, guatemalan_draft
):
    client.force_login(ceam_user)

    page = client.get(guatemalan_draft.get_absolute_url())

    assert page.status_code == 200
    assert page.context["may_edit"] is False
    assert "/manage/" not in page.content.decode()


def test_every_write_service_refuses_the_ceam_secretariat(ceam_user, guatemalan_draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("informe.pdf", PDF_BYTES)
    upload.sniffed_content_type = "application/pdf"
    guatemalan_draft.title_es = "Cambiado por la CEAM"
    attempts = [
        lambda: services.save_initiative(guatemalan_draft, by=ceam_user),
        lambda: services.submit_initiative(guatemalan_draft, by=ceam_user),
        lambda: services.verify_initiative(guatemalan_draft, by=ceam_user),
        lambda: services.attach_document(guatemalan_draft, title="Anexo", upload=upload, by=ceam_user),
        lambda: services.remove_document(stored_document(guatemalan_draft), by=ceam_user),
    ]

    refused = 0
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
        refused += 1

    assert refused == 5
    assert Initiative.objects.get(pk=guatemalan_draft.pk).title_es == "Borrador de Guatemala"
    assert list(InitiativeDocument.objects.values_list("title", flat=True)) == ["Anexo"]


def test_focal_point_cannot_attach_a_document_to_its_published_record(
    client, focal_point_mx, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    published = InitiativeFactory(lead_country=focal_point_mx.country)
    client.force_login(focal_point_mx.user)

    response = client.post(
        f"/en/initiatives/{published.pk}/documents/",
        {"title": "Anexo sin revisar", "file": SimpleUploadedFile("anexo.pdf", PDF_BYTES)},
        follow=True,
    )

    assert response.redirect_chain == [(f"/en/initiatives/{published.pk}/manage/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Documents of a published initiative are added by the technical secretariat."
    ]
    assert 'enctype="multipart/form-data"' not in response.content.decode()
    assert InitiativeDocument.objects.count() == 0


def test_focal_point_still_attaches_documents_to_its_draft(client, focal_point_mx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = InitiativeFactory(lead_country=focal_point_mx.country, state=State.DRAFT, published_at=None)
    client.force_login(focal_point_mx.user)

    manage = client.get(f"/en/initiatives/{draft.pk}/manage/").content.decode()
    response = client.post(
        f"/en/initiatives/{draft.pk}/documents/",
        {"title": "Informe", "file": SimpleUploadedFile("informe.pdf", PDF_BYTES)},
    )

    assert 'enctype="multipart/form-data"' in manage
    assert response.status_code == 302
    assert list(draft.documents.values_list("title", flat=True)) == ["Informe"]


@pytest.mark.parametrize("state", [State.PUBLISHED, State.ARCHIVED])
def test_only_the_secretariat_adds_or_removes_documents_of_a_public_record(
    focal_point_mx, secretariat_user, state, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    record = InitiativeFactory(lead_country=focal_point_mx.country, state=state)
    document = stored_document(record)
    upload = SimpleUploadedFile("informe.pdf", PDF_BYTES)
    upload.sniffed_content_type = "application/pdf"

    with pytest.raises(PermissionDenied):
        services.attach_document(record, title="Del punto focal", upload=upload, by=focal_point_mx.user)
    with pytest.raises(PermissionDenied):
        services.remove_document(document, by=focal_point_mx.user)
    services.attach_document(record, title="De la Secretaría", upload=upload, by=secretariat_user)
    services.remove_document(document, by=secretariat_user)

    assert list(record.documents.values_list("title", flat=True)) == ["De la Secretaría"]


def test_focal_point_cannot_edit_its_archived_record(client, focal_point_mx):
    archived = InitiativeFactory(lead_country=focal_point_mx.country, state=State.ARCHIVED)
    archived.title_es = "Reescrita en silencio"

    with pytest.raises(PermissionDenied):
        services.save_initiative(archived, by=focal_point_mx.user)
    assert Initiative.objects.get(pk=archived.pk).title_es != "Reescrita en silencio"


def test_visitors_see_who_verified_by_role_and_institution_and_staff_by_name(
    client, focal_point_mx, secretariat_user
):
    focal_point_mx.user.first_name, focal_point_mx.user.last_name = "Ana", "Pérez Gómez"
    focal_point_mx.user.save()
    published = InitiativeFactory(lead_country=focal_point_mx.country)
    services.verify_initiative(published, by=focal_point_mx.user)
    services.verify_initiative(published, by=secretariat_user)

    english_page = f"/en/initiatives/{published.pk}-{published.slug}/"

    public_page = client.get(english_page).content.decode()
    client.force_login(secretariat_user)
    staff_page = client.get(english_page).content.decode()

    assert f"National focal point, {focal_point_mx.institution.name}</li>" in public_page
    assert "Technical secretariat</li>" in public_page
    assert "Pérez Gómez" not in public_page
    assert secretariat_user.last_name not in public_page
    assert "Ana Pérez Gómez" in staff_page
