"""What kind of file an upload really is, from its bytes, not its name: the one check of every
document uploaded to the portal (site forms, admin, models), whatever the app.

`validate_document` is the model-field validator (the admin and ModelForms run it), `DocumentField`
the form field of the plain forms; both go through `check_document`. The size limit is the
`INITIATIVE_DOCUMENT_MAX_BYTES` setting, read at each check.
"""

import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

EXTENSIONS = {
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    ODT: {".odt"},
    ODS: {".ods"},
    DOC: {".doc"},
    XLS: {".xls"},
}
ACCEPT = ",".join(extension for extensions in EXTENSIONS.values() for extension in sorted(extensions))
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def sniff_content_type(upload) -> str | None:
    """The content type of an accepted document kind, judged from the content; None otherwise."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    extension = PurePath(upload.name or "").suffix.lower()
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE_MAGIC):  # legacy Office: the container does not say Word or Excel
        return {".doc": DOC, ".xls": XLS}.get(extension)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(upload)
    return None


def _zip_document_type(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in (ODT, ODS) else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def extension_matches(content_type: str, filename: str) -> bool:
    return PurePath(filename).suffix.lower() in EXTENSIONS.get(content_type, set())


def check_document(upload) -> str:
    """The content type of an acceptable document; ValidationError if too large or not a document.

    `upload` is an uploaded file, or a model's FieldFile holding one that is not stored yet.
    """
    limit = settings.INITIATIVE_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if content_type is None or not extension_matches(content_type, upload.name):
        raise ValidationError(
            _("This file is not a PDF, Word, Excel or OpenDocument document (its content was checked)."),
            code="not_a_document",
        )
    return content_type


def validate_document(value) -> None:
    """Validator of a model's document FileField: checks a new upload, leaves a stored file alone.

    A file already stored was checked when it came in (or predates the check); reading it back from
    the storage each time its row is edited would cost a download and block edits of old rows.
    """
    if not value or getattr(value, "_committed", False):
        return
    check_document(value)


class DocumentField(forms.FileField):
    """A form's document upload: checked like the models' ones; the content type found is kept on
    the cleaned upload as `sniffed_content_type` for the row that stores it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, Word, Excel or OpenDocument."))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and not getattr(upload, "_committed", False):
            upload.sniffed_content_type = check_document(upload)
        return upload
