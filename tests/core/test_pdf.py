import io

import pytest
from pypdf import PdfReader

from core import pdf
from core.models import RenderedDocument


@pytest.fixture
def sample_template(tmp_path, settings):
    folder = tmp_path / "templates"
    (folder / "sample").mkdir(parents=True)
    (folder / "sample" / "doc.html").write_text(
        '{% extends "core/pdf/base.html" %}{% load i18n %}'
        "{% block content %}<h1>{% translate 'Initiatives' %}</h1><p>{{ body }}</p>{% endblock %}"
    )
    # Changing TEMPLATES through the settings fixture makes Django rebuild its template engines.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]
    return "sample/doc.html"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_pdf_is_rendered_in_the_language_asked_with_accents_intact(sample_template):
    data = pdf.render_pdf(sample_template, {"body": "Réfugiés, migração, niñez"}, "fr")

    text = pdf_text(data)
    assert data.startswith(b"%PDF")
    assert "Initiatives" in text
    assert "Réfugiés, migração, niñez" in text


@pytest.mark.django_db
def test_a_stored_pdf_is_rendered_once_per_version_and_replaced_by_the_next(
    sample_template, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    calls = []

    def context():
        calls.append(1)
        return {"body": f"call {len(calls)}"}

    first = pdf.stored_pdf("sample:1", "es", "v1", sample_template, context, "sample.pdf")
    again = pdf.stored_pdf("sample:1", "es", "v1", sample_template, context, "sample.pdf")
    assert again.pk == first.pk
    assert len(calls) == 1

    newer = pdf.stored_pdf("sample:1", "es", "v2", sample_template, context, "sample.pdf")
    assert newer.pk != first.pk
    assert len(calls) == 2
    assert "call 2" in pdf_text(newer.file.read())
    assert list(RenderedDocument.objects.values_list("version", flat=True)) == ["v2"]


def test_a_pdf_never_fetches_a_resource_outside_the_static_files(sample_template):
    html = '<html><body><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"><p>ok</p></body></html>'

    data = pdf.html_to_pdf(html)

    assert "ok" in pdf_text(data)
