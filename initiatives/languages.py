"""In which languages an initiative's texts exist: what a page shows in each section, what is missing.

Plain reads of the translated columns (``title_es``, ``description_fr``…), no database access, so the
detail page, the translation desk, the focal point's workspace and the tests share one answer.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_language_info

from .models import TRANSLATED_TEXT_FIELDS, Initiative

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The sections of the page body, in their order; title and summary head the page.
BODY_SECTIONS = ["description", "objectives", "modalities", "results", "lessons_learned"]


def language_name(code: str) -> str:
    """The language's name in the active interface language ("espagnol" on a French page)."""
    return str(get_language_info(code)["name_translated"])


def text_in(initiative: Initiative, name: str, language: str) -> str:
    return (getattr(initiative, f"{name}_{language}", "") or "").strip()


def written_fields(initiative: Initiative, language: str) -> list[str]:
    """The translated fields that have text in `language`, in the record's field order."""
    return [name for name in TRANSLATED_TEXT_FIELDS if text_in(initiative, name, language)]


def expected_fields(initiative: Initiative) -> list[str]:
    """The fields written in at least one language: a complete version has all of them."""
    return [
        name for name in TRANSLATED_TEXT_FIELDS if any(text_in(initiative, name, c) for c in LANGUAGE_CODES)
    ]


def missing_fields(initiative: Initiative, language: str) -> list[str]:
    """The fields written in some language but not in `language`."""
    return [name for name in expected_fields(initiative) if not text_in(initiative, name, language)]


def original_language(initiative: Initiative) -> str:
    """The language the record is most complete in; ties go to the settings' order (Spanish first)."""
    return max(
        LANGUAGE_CODES, key=lambda code: (len(written_fields(initiative, code)), -LANGUAGE_CODES.index(code))
    )


def field_label(name: str) -> str:
    return str(Initiative._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Section:
    """One text of the record as a page in `wanted` shows it: in `language`, which may differ."""

    name: str
    language: str
    wanted: str
    text: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.wanted

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def label(self) -> str:
        return field_label(self.name)


def section(initiative: Initiative, name: str, wanted: str) -> Section | None:
    """The field in the wanted language, else in the original language, else in any; None if unwritten."""
    original = original_language(initiative)
    order = [wanted, original, *(c for c in LANGUAGE_CODES if c not in (wanted, original))]
    for code in order:
        text = text_in(initiative, name, code)
        if text:
            return Section(name=name, language=code, wanted=wanted, text=text)
    return None


def source_section(initiative: Initiative, name: str, target: str) -> Section | None:
    """The text a translator into `target` works from: the original language's, else another's."""
    original = original_language(initiative)
    for code in [original, *LANGUAGE_CODES]:
        text = text_in(initiative, name, code)
        if code != target and text:
            return Section(name=name, language=code, wanted=target, text=text)
    return None


@dataclass(frozen=True)
class Coverage:
    """Whether the record is complete in one language, and which of its sections are not."""

    code: str
    missing: list[str]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def missing_labels(self) -> list[str]:
        return [field_label(name) for name in self.missing]


class PageTexts:
    """Every text of the detail page in one language: heading, summary, body sections, coverage."""

    def __init__(self, initiative: Initiative, language: str):
        self.initiative = initiative
        self.language = language

    @cached_property
    def title(self) -> Section:
        return section(self.initiative, "title", self.language)

    @cached_property
    def summary(self) -> Section | None:
        return section(self.initiative, "summary", self.language)

    @cached_property
    def body(self) -> list[Section]:
        found = (section(self.initiative, name, self.language) for name in BODY_SECTIONS)
        return [s for s in found if s is not None]

    @cached_property
    def fallback_languages(self) -> list[str]:
        """The other languages the page shows some text in, for one notice at the top."""
        shown = [self.title, self.summary, *self.body]
        return sorted(
            {s.language for s in shown if s is not None and s.is_fallback}, key=LANGUAGE_CODES.index
        )

    @cached_property
    def coverage(self) -> list[Coverage]:
        """Each language the record has any text in, complete or with the sections it lacks."""
        return [
            Coverage(code, missing_fields(self.initiative, code))
            for code in LANGUAGE_CODES
            if written_fields(self.initiative, code)
        ]


def missing_in_language(language: str) -> Q:
    """Records with at least one field written in another language but empty in `language`."""
    condition = Q()
    for name in TRANSLATED_TEXT_FIELDS:
        empty_here = Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
        written_elsewhere = Q()
        for code in LANGUAGE_CODES:
            if code != language:
                written_elsewhere |= Q(**{f"{name}_{code}__gt": ""})
        condition |= empty_here & written_elsewhere
    return condition


def translation_status(initiative: Initiative) -> list[Coverage]:
    """Each of the four languages, complete or with the sections it still lacks (all, if unwritten)."""
    return [Coverage(code, missing_fields(initiative, code)) for code in LANGUAGE_CODES]
