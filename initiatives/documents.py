"""What kind of file an upload really is, from its bytes, not its name."""

import zipfile
from pathlib import PurePath

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
