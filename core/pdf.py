"""The platform's one PDF rendering service: a template rendered in a language, turned into a PDF
by WeasyPrint with the fonts shipped in `static/fonts/`, and stored once per content version.

Apps never render a PDF per request: they call `stored_pdf` (from a view, which renders only the
first time, or from a Celery task that renders ahead) and serve the stored file.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import RenderedDocument

STATIC_SOURCE = Path(settings.BASE_DIR) / "static"


def _allowed_roots():
    return [STATIC_SOURCE.resolve(), Path(settings.STATIC_ROOT).resolve()]


def _url_fetcher():
    """Only data: URIs and the project's own static files: a PDF never reaches the network or
    reads another file of the server, whatever text a record holds (a refused resource is left
    out and the document is still rendered)."""
    from weasyprint.urls import URLFetcher, URLFetchingError

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://")).resolve()
                if any(path.is_relative_to(root) for root in _allowed_roots()):
                    return super().fetch(url, headers)
            raise URLFetchingError(f"PDF resources come only from the project's static files: {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols={"data", "file"})


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` as a PDF; relative URLs (fonts, CSS, images) resolve in the static folder."""
    from weasyprint import HTML  # imported here: loading Pango costs time every process would pay

    return HTML(string=html, base_url=STATIC_SOURCE.as_uri() + "/", url_fetcher=_url_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, language: str) -> bytes:
    """Render `template_name` with `context` in `language` and return the PDF's bytes."""
    with translation.override(language):
        html = render_to_string(template_name, {**context, "pdf_language": language})
    return html_to_pdf(html)


def stored_pdf(
    key: str, language: str, version: str, template_name: str, context, filename: str
) -> RenderedDocument:
    """The stored PDF for (key, language, version), rendered now if it is not stored yet.

    `key` names the document ("meetings.badges:12"), `version` the state of the content it shows
    (bump it and the next call renders again); `context` may be a callable, called only when the
    document is rendered. Two callers racing for the same document store it once.
    """
    found = RenderedDocument.objects.filter(key=key, language=language, version=version).first()
    if found:
        return found
    data = render_pdf(template_name, context() if callable(context) else context, language)
    document = RenderedDocument(key=key, language=language, version=version, size=len(data))
    document.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        return RenderedDocument.objects.get(key=key, language=language, version=version)
    RenderedDocument.objects.filter(key=key, language=language).exclude(pk=document.pk).delete()
    return document
