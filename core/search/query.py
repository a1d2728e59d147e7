"""A visitor's query in websearch syntax, parsed once and turned into a PostgreSQL tsquery.

A query term matches if any language's configuration matches it (one stemmed, accent-insensitive
configuration per language), so "retornados" finds "retorno" and "workers" finds "worker". Other
databases (the SQLite quick start) filter through `core.sqlite_fts`.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
SIMILARITY = "0.4"  # word similarity above which a title word is offered as "did you mean"
MARK_START, MARK_STOP = "\x02", "\x03"  # never in user text, swapped for <mark> after escaping
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Atom:
    text: str
    phrase: bool = False
    negated: bool = False


def parse(text: str) -> list[list[Atom]]:
    """Websearch syntax: words are ANDed, "quoted phrases", OR between words, -word excludes.
    Returns groups ANDed together, the atoms of a group ORed."""
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


def drop_stopwords(groups: list[list[Atom]], configs: tuple[str, ...]) -> list[list[Atom]]:
    """Remove single words that some language ignores ("de", "the"): they would match nothing."""
    words = tuple(sorted({a.text for group in groups for a in group if not a.phrase}))
    if not words:
        return groups
    stopwords = stopwords_among(words, configs)
    kept = [[a for a in group if a.phrase or a.text not in stopwords] for group in groups]
    return [group for group in kept if group]


@lru_cache(maxsize=4096)
def stopwords_among(words: tuple[str, ...], configs: tuple[str, ...]) -> frozenset[str]:
    """The words that at least one configuration ignores; fixed, so kept in memory.
    Hand-written SQL: the ORM has no way to select from a list of literals (unnest)."""
    ignored_somewhere = " OR ".join("numnode(plainto_tsquery(%s::regconfig, w)) = 0" for _c in configs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w FROM unnest(%s::text[]) AS w WHERE {ignored_somewhere}",  # noqa: S608 - placeholders only
            [list(words), *configs],
        )
        return frozenset(row[0] for row in cursor.fetchall())


def atom_query(atom: Atom, configs: tuple[str, ...]):
    """An atom in every language, ORed; a negated atom is NOT any of them (De Morgan: AND of NOTs)."""
    search_type = "phrase" if atom.phrase else "plain"
    versions = [SearchQuery(atom.text, config=config, search_type=search_type) for config in configs]
    if atom.negated:
        return reduce(and_, [~version for version in versions])
    return reduce(or_, versions)


@dataclass
class TextQuery:
    """A parsed visitor query, ready to filter, rank and highlight."""

    text: str
    groups: list[list[Atom]]
    configs: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str, configs: tuple[str, ...]) -> "TextQuery":
        text = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())[:MAX_QUERY_LENGTH]
        groups = parse(text)
        if is_postgres() and groups:
            groups = drop_stopwords(groups, configs)
        return cls(text=text, groups=groups, configs=configs)

    def __bool__(self):
        return bool(self.groups)

    @property
    def only_negated(self) -> bool:
        return all(atom.negated for group in self.groups for atom in group)

    def tsquery(self):
        """The whole query as one SearchQuery expression: AND of groups, OR inside a group."""
        return reduce(
            and_, [reduce(or_, [atom_query(atom, self.configs) for atom in group]) for group in self.groups]
        )

    @property
    def words(self) -> list[str]:
        """Plain words a visitor typed (for "did you mean"), at most five."""
        return [a.text for group in parse(self.text) for a in group if not (a.phrase or a.negated)][:5]


def highlighted(snippet: str) -> SafeString:
    """Escape a ts_headline text and turn its markers into <mark> elements."""
    safe = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - everything but our own markers was escaped above


def did_you_mean(query: TextQuery, published, field: str) -> str | None:
    """A spelling of the query built from words of `field` (lower-cased, unaccented titles) that
    look like its words (pg_trgm), or None."""
    corrected, changed = [], False
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_trgm's default (0.6) misses two-letter typos in long words; only for this transaction
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [SIMILARITY])
        for word in query.words:
            titles = (
                published.filter(**{f"{field}__trigram_word_similar": word})
                .annotate(similarity=TrigramWordSimilarity(word, field))
                .order_by("-similarity")
                .values_list(field, flat=True)[:5]
            )
            candidates = {w for text in titles for w in re.findall(r"\w{3,}", text)}
            best = max(candidates, key=lambda c: SequenceMatcher(None, word.lower(), c).ratio(), default=None)
            changed |= best is not None and best != word.lower()
            corrected.append(best or word)
    return " ".join(corrected) if changed else None
