"""Full-text search over the four language versions of initiatives.

PostgreSQL: one weighted tsvector per initiative (title A, summary B, body and the names of its
themes, populations, objectives and countries C), built with one accent-insensitive, stemmed
configuration per language (ricomi_es, ricomi_en, ricomi_fr, ricomi_pt; see migration 0002).
A query term matches if any language's stemming of it matches, so "retornados" finds "retorno"
and "workers" finds "worker". Other databases (the SQLite quick start) use core.sqlite_fts: words
folded for case and accents over the same text, without stemming, ranking or tag names.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.sqlite_fts import fts_filter, refresh_fts
from core.versions import bump_version, current_version

from .models import TRANSLATED_TEXT_FIELDS, Initiative

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MAX_QUERY_LENGTH = 200
SIMILARITY = "0.4"  # word similarity above which a title word is offered as "did you mean"
MARK_START, MARK_STOP = "\x02", "\x03"  # never in user text, swapped for <mark> after escaping
# What the quick start's FTS5 index holds (core.sqlite_fts): every translated text field.
FTS_FIELDS = [f"{field}_{code}" for field in TRANSLATED_TEXT_FIELDS for code in LANGUAGE_CODES]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Atom:
    text: str
    phrase: bool = False
    negated: bool = False


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse(text: str) -> list[list[Atom]]:
    """Websearch syntax: words are ANDed, "quoted phrases", OR between words, -word excludes."""
    groups: list[list[Atom]] = []
    join_next = False
    for match in TOKEN.finditer(text[:MAX_QUERY_LENGTH]):
        negated_phrase, phrase, word = match.groups()
        if word is not None and word.upper() == "OR":
            join_next = bool(groups)
            continue
        if phrase is not None:
            atom = Atom(phrase.strip(), phrase=True, negated=bool(negated_phrase))
        else:
            negated = word.startswith("-") and len(word) > 1
            atom = Atom(word[1:] if negated else word, negated=negated)
        if not atom.text:
            continue
        if join_next and not atom.negated:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        join_next = False
    return groups


def drop_stopwords(groups: list[list[Atom]]) -> list[list[Atom]]:
    """Remove single words that some language ignores ("de", "the"): they would match nothing."""
    words = tuple(sorted({a.text for group in groups for a in group if not a.phrase}))
    if not words:
        return groups
    stopwords = stopwords_among(words)
    kept = [[a for a in group if a.phrase or a.text not in stopwords] for group in groups]
    return [group for group in kept if group]


@lru_cache(maxsize=4096)
def stopwords_among(words: tuple[str, ...]) -> frozenset[str]:
    """The words that at least one language's configuration ignores; fixed, so kept in memory."""
    ignored_somewhere = " OR ".join(f"numnode(plainto_tsquery('ricomi_{c}', w)) = 0" for c in LANGUAGE_CODES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT w FROM unnest(%s::text[]) AS w WHERE {ignored_somewhere}", [list(words)])  # noqa: S608
        return frozenset(row[0] for row in cursor.fetchall())


def tsquery_sql(groups: list[list[Atom]]) -> tuple[str, list[str]]:
    """SQL for a tsquery: each atom is the OR of its four language versions."""
    clauses, params = [], []
    for group in groups:
        alternatives = []
        for atom in group:
            function = "phraseto_tsquery" if atom.phrase else "plainto_tsquery"
            per_language = " || ".join(f"{function}('ricomi_{c}', %s)" for c in LANGUAGE_CODES)
            params += [atom.text] * len(LANGUAGE_CODES)
            alternatives.append(f"!!({per_language})" if atom.negated else f"({per_language})")
        clauses.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(clauses), params


@dataclass
class TextQuery:
    """A parsed visitor query, ready to filter, rank and highlight a queryset of initiatives."""

    text: str
    groups: list[list[Atom]]

    @classmethod
    def from_text(cls, text: str) -> "TextQuery":
        text = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())[:MAX_QUERY_LENGTH]
        groups = parse(text)
        if is_postgres() and groups:
            groups = drop_stopwords(groups)
        return cls(text=text, groups=groups)

    def __bool__(self):
        return bool(self.groups)

    @property
    def only_negated(self) -> bool:
        return all(atom.negated for group in self.groups for atom in group)

    def filter(self, queryset: QuerySet) -> QuerySet:
        if not self:
            return queryset
        if not is_postgres():
            return fts_filter(queryset, self.groups, fields=FTS_FIELDS)
        sql, params = tsquery_sql(self.groups)
        matched = RawSQL(f"search_vector @@ ({sql})", params, output_field=BooleanField())  # noqa: S611
        return queryset.alias(text_match=matched).filter(text_match=True)

    def rank(self, queryset: QuerySet) -> QuerySet:
        if not (self and is_postgres()):
            return queryset.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        sql, params = tsquery_sql(self.groups)
        rank = RawSQL(f"ts_rank(search_vector, ({sql}))", params, output_field=FloatField())  # noqa: S611
        return queryset.annotate(rank=rank)

    def headline_sql(self, language: str) -> tuple[str, list[str]]:
        """SQL for a snippet of summary and description with the matched words marked."""
        sql, params = tsquery_sql(self.groups)
        text = f"concat_ws(' ', coalesce(nullif(summary_{language}, ''), summary_es), description_{language})"
        options = f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxFragments=2, MaxWords=30, MinWords=12"
        return f"ts_headline('ricomi_{language}', {text}, ({sql}), %s)", [*params, options]


def highlighted(snippet: str) -> SafeString:
    """Escape a ts_headline snippet and turn its markers into <mark> elements."""
    safe = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - everything but our own markers was escaped above


# Names of an initiative's themes, populations, objectives and countries in language {c}.
TAGS_SQL = """concat_ws(' ',
    (SELECT string_agg(t.name_{c}, ' ') FROM network_theme t
       JOIN initiatives_initiative_themes x ON x.theme_id = t.id
      WHERE x.initiative_id = i.id),
    (SELECT string_agg(p.name_{c}, ' ') FROM network_targetpopulation p
       JOIN initiatives_initiative_populations x ON x.targetpopulation_id = p.id
      WHERE x.initiative_id = i.id),
    (SELECT string_agg(g.name_{c}, ' ') FROM network_gcmobjective g
       JOIN initiatives_initiative_gcm_objectives x ON x.gcmobjective_id = g.id
      WHERE x.initiative_id = i.id),
    (SELECT string_agg(k.name_{c}, ' ') FROM network_country k
      WHERE k.id = i.lead_country_id OR k.id IN (
        SELECT x.country_id FROM initiatives_initiative_partner_countries x WHERE x.initiative_id = i.id)))"""


def vector_sql() -> str:
    """The tsvector of one initiative row `i`: weighted text of every language plus its tag names."""
    parts = []
    for c in LANGUAGE_CODES:
        body = ", ".join(
            f"i.{field}_{c}"
            for field in ["description", "objectives", "modalities", "results", "lessons_learned"]
        )
        tags = TAGS_SQL.format(c=c)
        parts += [
            f"setweight(to_tsvector('ricomi_{c}', coalesce(i.title_{c}, '')), 'A')",
            f"setweight(to_tsvector('ricomi_{c}', coalesce(i.summary_{c}, '')), 'B')",
            f"setweight(to_tsvector('ricomi_{c}', concat_ws(' ', {body})), 'C')",
            f"setweight(to_tsvector('ricomi_{c}', {tags}), 'C')",
        ]
    return " || ".join(parts)


VERSION_KEY = "initiatives:search-version"


def index_version() -> int:
    """A number that changes whenever search results may change; part of every cached search."""
    return current_version(VERSION_KEY)


def mark_index_changed(**kwargs) -> None:
    bump_version(VERSION_KEY)


def refresh_search_index(initiative_ids=None) -> None:
    """Recompute the search text of the given initiatives (all if None): tsvector, or FTS5 rows on SQLite."""
    mark_index_changed()
    if not is_postgres():
        refresh_fts(Initiative, FTS_FIELDS, initiative_ids)
        return
    titles = "lower(unaccent(concat_ws(' ', " + ", ".join(f"i.title_{c}" for c in LANGUAGE_CODES) + ")))"
    where, params = (
        ("WHERE i.id = ANY(%s)", [list(initiative_ids)]) if initiative_ids is not None else ("", [])
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE initiatives_initiative AS i SET search_vector = {vector_sql()}, "  # noqa: S608
            f"search_titles = {titles} {where}",
            params,
        )


def did_you_mean(text: str) -> str | None:
    """A spelling of the query built from title words that look like its words (pg_trgm), or None."""
    if not is_postgres():
        return None
    words = [a.text for group in parse(text) for a in group if not (a.phrase or a.negated)][:5]
    corrected, changed = [], False
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_trgm's default (0.6) misses two-letter typos in long words; only for this transaction
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [SIMILARITY])
        for word in words:
            cursor.execute(
                "SELECT search_titles FROM initiatives_initiative WHERE %s <%% search_titles AND state = %s "
                "ORDER BY word_similarity(%s, search_titles) DESC LIMIT 5",
                [word, "published", word],
            )
            candidates = {w for (titles,) in cursor.fetchall() for w in re.findall(r"\w{3,}", titles)}
            best = max(candidates, key=lambda c: SequenceMatcher(None, word.lower(), c).ratio(), default=None)
            changed |= best is not None and best != word.lower()
            corrected.append(best or word)
    return " ".join(corrected) if changed else None
