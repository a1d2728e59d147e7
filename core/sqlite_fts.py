"""Full-text search for databases other than PostgreSQL (the SQLite quick start), with SQLite's FTS5.

One FTS5 table per model, `<db_table>_fts`, whose rowid is the model's primary key and whose one
column holds the concatenated text of the given fields. The `unicode61` tokenizer with
`remove_diacritics 2` folds case and accents, so "refugies" finds "Réfugiés" in any language; there
is no stemming, ranking or "did you mean" here (PostgreSQL adds those). Without FTS5 (a very old
SQLite) or on another database, searches fall back to `icontains` over the same fields.

Visitor text never becomes FTS5 syntax: every word or phrase is sent as an FTS5 string.
"""

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache

from django.db import connections, router, transaction
from django.db.models import CharField, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

TOKENIZER = "unicode61 remove_diacritics 2"
IDS_PER_STATEMENT = 500  # below SQLite's oldest limit of 999 bound parameters
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@cache
def fts5_available() -> bool:
    """Whether this Python's SQLite has the FTS5 module (built in since SQLite 3.9, 2015)."""
    try:
        with closing(sqlite3.connect(":memory:")) as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
    except sqlite3.OperationalError:
        return False
    return True


def uses_fts(alias: str) -> bool:
    return connections[alias].vendor == "sqlite" and fts5_available()


def fts_table(model) -> str:
    return f"{model._meta.db_table}_fts"


def text_columns(model, fields: Sequence[str]) -> list[str]:
    """The database columns of the named fields; anything but a concrete field of the model is refused."""
    concrete = {field.name: field for field in model._meta.concrete_fields}
    unknown = [name for name in fields if name not in concrete]
    if unknown or not fields:
        raise ValueError(f"Not concrete fields of {model._meta.label}: {unknown or 'none given'}")
    return [concrete[name].column for name in fields]


def table_exists(cursor, model) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [fts_table(model)])
    return cursor.fetchone() is not None


def ensure_table(cursor, model) -> bool:
    """Create the model's FTS5 table if it is missing; True if it was just created (and is empty)."""
    if table_exists(cursor, model):
        return False
    quote = cursor.db.ops.quote_name
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {quote(fts_table(model))} "
        f"USING fts5(body, tokenize = {quote(TOKENIZER)})"
    )
    return True


def refresh_fts(model, fields: list[str], ids=None) -> None:
    """Rewrite the FTS rows of the given primary keys (all if None) from the fields' current text.

    Creates the table on first use and then indexes every row, whatever `ids` says, so a database
    filled before the index existed is caught up. Rows of ids that no longer exist are removed.
    Re-running it is harmless: each row is deleted and written again in one transaction.
    """
    alias = router.db_for_write(model)
    columns = text_columns(model, fields)
    if not uses_fts(alias):
        return
    quote = connections[alias].ops.quote_name
    table, source, pk = quote(fts_table(model)), quote(model._meta.db_table), quote(model._meta.pk.column)
    body = " || ' ' || ".join(f"coalesce({quote(column)}, '')" for column in columns)
    insert = f"INSERT INTO {table} (rowid, body) SELECT {pk}, {body} FROM {source}"  # noqa: S608 - names quoted, fields validated
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        if ensure_table(cursor, model) or ids is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - quoted name from the model
            cursor.execute(insert)
            return
        ids = list(ids)
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            chunk = ids[start : start + IDS_PER_STATEMENT]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608
            cursor.execute(f"{insert} WHERE {pk} IN ({placeholders})", chunk)


def has_token(text: str) -> bool:
    """Whether `unicode61` finds a word in the text: it keeps letters, digits and private-use characters."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co" for ch in text)


def fts_string(text: str) -> str | None:
    """The text as one FTS5 string (a phrase if it holds several words), or None if it has no word."""
    text = CONTROL_CHARACTERS.sub(" ", text)
    if not has_token(text):
        return None
    return '"' + text.replace('"', '""') + '"'


def joined(expressions: Sequence[str], operator: str) -> str | None:
    """FTS5 expressions joined by an operator, in parentheses when there are several."""
    if len(expressions) < 2:
        return expressions[0] if expressions else None
    return "(" + f" {operator} ".join(expressions) + ")"


def strings_of(atoms: Iterable) -> list[str]:
    return [s for s in (fts_string(atom.text) for atom in atoms) if s]


@dataclass(frozen=True)
class MatchPlan:
    """FTS5 expressions for a parsed query: rows must match `required` and must not match `excluded`;
    for each pair in `either` (a group mixing words and exclusions), rows match the first or not the
    second."""

    required: str | None = None
    excluded: str | None = None
    either: tuple[tuple[str, str], ...] = ()


def match_plan(groups: Sequence[Sequence]) -> MatchPlan:
    """Groups are ANDed, atoms of a group ORed; an atom has `.text`, `.phrase` and `.negated`.

    A word and a quoted phrase are both sent as one FTS5 string, which FTS5 matches as a phrase,
    so `.phrase` needs no case of its own ("covid-19" is the phrase "covid 19").
    """
    required, excluded, either = [], [], []
    for group in groups:
        wanted = joined(strings_of(atom for atom in group if not atom.negated), "OR")
        # "not a OR not b" is "not (a AND b)"
        unwanted = joined(strings_of(atom for atom in group if atom.negated), "AND")
        if wanted and unwanted:
            either.append((wanted, unwanted))
        elif wanted:
            required.append(wanted)
        elif unwanted:
            excluded.append(unwanted)
    must_not = joined(excluded, "OR")
    if required and must_not:  # FTS5's NOT needs a left operand: only then can it go in the same MATCH
        return MatchPlan(required=f"{joined(required, 'AND')} NOT {must_not}", either=tuple(either))
    return MatchPlan(required=" AND ".join(required) or None, excluded=must_not, either=tuple(either))


def matching(alias: str, model, expression: str) -> Q:
    """Rows whose FTS text matches the expression (a subquery on the model's FTS table)."""
    table = connections[alias].ops.quote_name(fts_table(model))
    ids = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])  # noqa: S611, S608
    return Q(pk__in=ids)


def fts_filter(queryset: QuerySet, groups, *, fields: list[str] | None = None) -> QuerySet:
    """The rows of the queryset that match the parsed query (groups ANDed, atoms ORed, negations excluded).

    `fields` are those given to refresh_fts: with them, a first search on a database whose index
    was never built builds it (one write, once); without FTS5 they are what `icontains` looks in
    (every text field of the model if not given).
    """
    alias, model = queryset.db, queryset.model
    if not uses_fts(alias):
        return icontains_filter(queryset, groups, fields)
    with connections[alias].cursor() as cursor:
        indexed = table_exists(cursor, model)
    if not indexed:
        if not fields:
            return icontains_filter(queryset, groups, fields)
        refresh_fts(model, fields)
    plan = match_plan(groups)
    condition = Q()
    if plan.required:
        condition &= matching(alias, model, plan.required)
    if plan.excluded:
        condition &= ~matching(alias, model, plan.excluded)
    for wanted, unwanted in plan.either:
        condition &= matching(alias, model, wanted) | ~matching(alias, model, unwanted)
    return queryset.filter(condition)


def icontains_filter(queryset: QuerySet, groups, fields: list[str] | None) -> QuerySet:
    """The same query as substring matching, for a database without FTS5: no accent folding."""
    if not fields:
        text = (CharField, TextField)
        fields = [f.name for f in queryset.model._meta.concrete_fields if isinstance(f, text)]
    condition = Q()
    for group in groups:
        either = Q()
        for atom in group:
            found = Q()
            for name in fields:
                found |= Q(**{f"{name}__icontains": atom.text})
            either |= ~found if atom.negated else found
        condition &= either
    return queryset.filter(condition)
