"""The bulletin's content for one language, as the PDF and the HTML version show it."""

from django.utils import translation

from core.models import RenderedDocument
from core.pdf import stored_pdf

from .models import Bulletin
from .sections import filled_sections, portal_url


def bulletin_content(bulletin: Bulletin, language: str) -> dict:
    """The template context of the bulletin in `language`: texts, filled sections, portal links."""
    with translation.override(language):
        sections = filled_sections(bulletin.year)
        outlook = getattr(bulletin, f"outlook_{language}") or bulletin.outlook
        for filled in sections:
            if filled.section.key == "what_comes_next":
                # The editorial outlook opens the data's "What comes next": one section, not two.
                filled.data["outlook"], outlook = outlook, ""
        return {
            "bulletin": bulletin,
            "year": bulletin.year,
            "introduction": getattr(bulletin, f"introduction_{language}") or bulletin.introduction,
            "outlook": outlook,
            "sections": sections,
            "portal_url": portal_url(f"/{language}/"),
            "archive_url": portal_url(bulletin.get_absolute_url()),
        }


def build_bulletin_pdf(bulletin: Bulletin, language: str) -> RenderedDocument:
    """Render and store the PDF of the bulletin's current build in `language` (once: a re-run finds it)."""
    return stored_pdf(
        bulletin.document_key,
        language,
        bulletin.version,
        "bulletins/bulletin_pdf.html",
        lambda: bulletin_content(bulletin, language),
        bulletin.pdf_filename(language),
    )
