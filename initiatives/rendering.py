"""The Markdown sections of an initiative, rendered once when it is saved, not on every view.

`rendered_markdown` holds, per section and language, the HTML and a digest of the text it was
rendered from: a text written by a path that skips `save()` (a queryset update, raw SQL) no longer
matches its digest and is rendered on the fly, so a page never shows HTML of an older text.
"""

import hashlib

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from core.markdown import render_markdown

MARKDOWN_FIELDS = ["description", "objectives", "modalities", "results", "lessons_learned"]


def digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def touches_markdown(field_names) -> bool:
    """Whether a save of these fields may change a section's text (`description`, `results_fr`...)."""
    return any(name.rsplit("_", 1)[0] in MARKDOWN_FIELDS or name in MARKDOWN_FIELDS for name in field_names)


def rendered_sections(record) -> dict:
    """{section: {language: {"source": digest, "html": html}}} for every non-empty text of `record`
    (an initiative, or its historical model in a migration)."""
    rendered = {}
    for name in MARKDOWN_FIELDS:
        texts = {code: getattr(record, f"{name}_{code}", None) for code in language_codes()}
        rendered[name] = {
            code: {"source": digest(text), "html": render_markdown(text)}
            for code, text in texts.items()
            if text
        }
    return rendered


def fallback_order(language: str) -> list[str]:
    """The languages modeltranslation reads a field in: the asked one, then the fallbacks."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    return [language, *(code for code in fallbacks if code != language)]


def section_html(record, name: str, language: str) -> SafeString:
    """The HTML of one section in `language`, or in the first fallback language that has it."""
    for code in fallback_order(language):
        if getattr(record, f"{name}_{code}", None):
            return html_in(record, name, code)
    return mark_safe("")


def html_in(record, name: str, code: str) -> SafeString:
    """The HTML of one section in exactly `code`: as stored on save, rendered now only if stale."""
    text = getattr(record, f"{name}_{code}", None) or ""
    kept = (record.rendered_markdown or {}).get(name, {}).get(code)
    html = kept["html"] if kept and kept["source"] == digest(text) else render_markdown(text)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in render_markdown
