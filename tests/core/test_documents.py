"""The one content check of uploaded documents (`core.documents`), shared by every app."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import translation

from core.documents import PDF, DocumentField, check_document, validate_document
from core.models import RenderedDocument

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT_AS_PDF = ("informe.pdf", b"Just some text, renamed to look like a PDF.\n")
# Files the portal writes itself, never uploaded: no check needed.
GENERATED = {RenderedDocument}


@pytest.fixture(autouse=True)
def in_english():
    """The messages are read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


class UploadForm(forms.Form):
    file = DocumentField()


def test_a_real_pdf_passes_and_its_type_is_given():
    assert check_document(SimpleUploadedFile("informe.pdf", PDF_BYTES)) == PDF


def test_a_text_file_named_pdf_is_refused_for_its_content():
    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile(*TEXT_AS_PDF))

    assert refused.value.code == "not_a_document"
    assert "its content was checked" in refused.value.messages[0]


def test_a_pdf_under_another_extension_is_refused():
    with pytest.raises(ValidationError, match="its content was checked"):
        check_document(SimpleUploadedFile("informe.docx", PDF_BYTES))


def test_the_size_limit_is_read_from_the_settings_at_each_check(settings):
    settings.INITIATIVE_DOCUMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048))

    assert refused.value.code == "too_large"
    assert "too large" in refused.value.messages[0]


def test_the_model_validator_checks_a_new_upload_held_by_a_model_field():
    row = RenderedDocument()
    row.file = SimpleUploadedFile(*TEXT_AS_PDF)  # the admin's ModelForm assigns it so

    with pytest.raises(ValidationError, match="its content was checked"):
        validate_document(row.file)
    row.file = SimpleUploadedFile("informe.pdf", PDF_BYTES)
    validate_document(row.file)


def test_the_model_validator_leaves_a_stored_file_alone():
    row = RenderedDocument()
    stored = FieldFile(row, RenderedDocument._meta.get_field("file"), "meetings/1/minutes-es.txt")

    validate_document(stored)  # not read back from the storage: no error, no download


def test_the_form_field_keeps_the_type_found_and_refuses_other_content():
    accepted = UploadForm(files={"file": SimpleUploadedFile("informe.pdf", PDF_BYTES)})
    refused = UploadForm(files={"file": SimpleUploadedFile(*TEXT_AS_PDF)})

    assert accepted.is_valid()
    assert accepted.cleaned_data["file"].sniffed_content_type == PDF
    assert not refused.is_valid()
    assert "its content was checked" in refused.errors["file"][0]


def test_every_uploaded_file_column_of_the_portal_goes_through_the_check():
    unchecked = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model not in GENERATED
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and validate_document not in field.validators
    ]

    assert unchecked == []
