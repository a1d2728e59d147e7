"""From the URL to filtered rows and facet counts: the selection a visitor made, the conditions
it stands for, and every facet's counts in one query, cached in one place."""

import hashlib
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from core.parsing import parse_positive_int
from core.versions import current_version

from .catalogue import Catalogue, Facet, Term
from .counters import stored_rows
from .query import TextQuery, is_postgres

COUNTS_CACHE_SECONDS = 600


@dataclass
class Selection:
    """The known facet values and year bounds of a request; what was left out, for notices."""

    values: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (facet label, value)
    bad_years: list[str] = field(default_factory=list)
    # A message for the year field it concerns (a bad value, or an end before the start).
    year_from_error: str = ""
    year_to_error: str = ""

    def signature(self) -> tuple:
        return (
            sorted((key, sorted(values)) for key, values in self.values.items()),
            self.year_from,
            self.year_to,
        )


def values_of(params, key: str) -> list[str]:
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key)
    return value if isinstance(value, list) else [] if value in (None, "") else [str(value)]


def terms_of(facet: Facet, vocabulary: dict[str, list[Term]]) -> list[Term]:
    if isinstance(facet.vocabulary, str):
        return vocabulary.get(facet.vocabulary, [])
    return [Term(str(key), str(label)) for key, label in facet.vocabulary]


def parse_selection(catalogue: Catalogue, params, vocabulary) -> Selection:
    """Keep the known values of each facet, so that one bad value does not void the facet."""
    selection = Selection()
    for facet in catalogue.facets:
        known = {term.key for term in terms_of(facet, vocabulary)}
        values = [value for value in values_of(params, facet.key) if value != ""]
        selection.ignored += [(str(facet.label), value) for value in values if value not in known]
        kept = list(dict.fromkeys(value for value in values if value in known))
        if kept:
            selection.values[facet.key] = kept
    if catalogue.period:
        selection.year_from = parse_year(catalogue, params, catalogue.period.from_key, selection)
        selection.year_to = parse_year(catalogue, params, catalogue.period.to_key, selection)
        put_years_in_order(selection)
    return selection


def put_years_in_order(selection: Selection) -> None:
    """An end before the start is most likely the two typed the wrong way round: swap them, and say so."""
    start, end = selection.year_from, selection.year_to
    if start is not None and end is not None and end < start:
        selection.year_from, selection.year_to = end, start
        selection.year_to_error = _(
            "The end year (%(end)s) was before the start year (%(start)s): the two were swapped."
        ) % {"end": end, "start": start}


def parse_year(catalogue: Catalogue, params, key: str, selection: Selection) -> int | None:
    values = values_of(params, key)
    text = values[-1].strip() if values else ""
    if not text:
        return None
    period = catalogue.period
    year = parse_positive_int(text, maximum=period.maximum)
    if year is not None and year >= period.minimum:
        return year
    selection.bad_years.append(text)
    label = _("From year") if key == period.from_key else _("To year")
    message = _(
        "%(field)s: “%(value)s” is not a year between %(minimum)s and %(maximum)s; it was left out."
    ) % {"field": label, "value": text, "minimum": period.minimum, "maximum": period.maximum}
    setattr(selection, "year_from_error" if key == period.from_key else "year_to_error", message)
    return None


def is_multivalued(model, path: str) -> bool:
    """Whether a relation path crosses a many-to-many or reverse relation (rows would repeat)."""
    for name in path.split("__"):
        try:
            relation = model._meta.get_field(name)
        except Exception:
            return False
        if relation.many_to_many or relation.one_to_many:
            return True
        if not relation.is_relation:
            return False
        model = relation.related_model
    return False


def uses_facet_keys(catalogue: Catalogue) -> bool:
    return bool(catalogue.facet_keys_field) and is_postgres()


def stored_keys(facet: Facet, values: list[str]) -> list[str]:
    """The `facet:value` strings of the facet-keys array (see core.search.index.facet_keys)."""
    return [f"{facet.key}:{value if facet.condition else facet.stored(value)}" for value in values]


def facet_condition(catalogue: Catalogue, facet: Facet, values: list[str]):
    if uses_facet_keys(catalogue):  # one GIN-indexed overlap test, whatever the facet
        return Q(**{f"{catalogue.facet_keys_field}__overlap": stored_keys(facet, values)})
    if facet.condition:
        return reduce(or_, [facet.condition(value) for value in values])
    lookup = {f"{facet.path}__in": [facet.stored(value) for value in values]}
    if is_multivalued(catalogue.model, facet.path):  # a semi-join: no repeated rows
        return Exists(catalogue.model.objects.filter(pk=OuterRef("pk"), **lookup))
    return Q(**lookup)


def apply_selection(catalogue: Catalogue, queryset: QuerySet, selection: Selection, skip: str | None = None):
    """The queryset filtered by every selected facet except `skip` (for disjunctive counts)."""
    for facet in catalogue.facets:
        if facet.key != skip and selection.values.get(facet.key):
            queryset = queryset.filter(facet_condition(catalogue, facet, selection.values[facet.key]))
    return apply_period(catalogue, queryset, selection)


def apply_period(catalogue: Catalogue, queryset: QuerySet, selection: Selection) -> QuerySet:
    period = catalogue.period
    if period and selection.year_from is not None:
        queryset = queryset.filter(
            Q(**{f"{period.end}__isnull": True}) | Q(**{f"{period.end}__gte": selection.year_from})
        )
    if period and selection.year_to is not None:
        queryset = queryset.filter(**{f"{period.start}__lte": selection.year_to})
    return queryset


def counted(queryset: QuerySet, facet: str) -> QuerySet:
    return (
        queryset.annotate(facet=Value(facet, output_field=CharField()))
        .values("facet", "k")
        .annotate(n=Count("pk"))
        .values_list("facet", "k", "n")
    )


@dataclass(frozen=True)
class Totals:
    total: int
    counts: dict[str, dict[str, int]]
    key: str = ""  # the cache key they are kept under


def count_all(
    catalogue: Catalogue, query: TextQuery, matched: QuerySet, selection: Selection, vocabulary
) -> Totals:
    """The number of results and, for each facet value, how many results selecting it would give."""
    if uses_facet_keys(catalogue):
        browsing = (
            not query and not selection.signature()[0] and selection.year_from is selection.year_to is None
        )
        rows = stored_rows(catalogue) if browsing else one_pass_rows(catalogue, matched, selection)
        return Totals(next((n for k, n in rows if k == ""), 0), keyed_counts(catalogue, rows, vocabulary))
    total = apply_selection(catalogue, matched, selection).count()
    return Totals(total, facet_counts(catalogue, matched, selection, vocabulary))


# Hand-written SQL: the ORM cannot aggregate over a set-returning function (unnest) in a lateral
# join. The matched rows are read once (MATERIALIZED), each selected facet's test computed once per
# row (c0, c1...); then every value of the rows that meet every facet counts, '' standing for the
# row itself (the total), and for each disjunctive facet, only that facet's values count from the
# rows that fail it alone. Testing each value's facet only on those rows, not every value of every
# row, halves the time of a query with two facets.
COUNTING_SQL = """
WITH m AS MATERIALIZED (SELECT m.{column} AS keys{conditions} FROM ({matched}) m)
SELECT k, count(*) FROM (
    SELECT unnest(coalesce(keys, '{{}}') || ARRAY['']) AS k FROM m WHERE {every}{branches}
) counted GROUP BY k
"""
# The rows that fail only facet n, and of their values those of facet n (unnested in the select
# list: a lateral join would start a function scan per row, a third slower).
FAILED_ONE_SQL = """
    UNION ALL SELECT k FROM (SELECT unnest(keys) AS k FROM m WHERE NOT c{n} AND {others}) f{n}
    WHERE starts_with(k, %s)"""
# The same for a single-valued facet, whose value has a fixed place in the array (index.facet_keys).
FAILED_ONE_AT_SQL = """
    UNION ALL SELECT keys[{position}] FROM m WHERE NOT c{n} AND {others}"""


def single_valued_facets(catalogue: Catalogue) -> list[Facet]:
    """The facets whose path gives a row at most one value; their values lead the facet-keys array
    in this order (core.search.index.facet_keys)."""
    return [f for f in catalogue.facets if not f.condition and not is_multivalued(catalogue.model, f.path)]


def one_pass_rows(catalogue: Catalogue, matched: QuerySet, selection: Selection) -> list[tuple[str, int]]:
    """(`facet:value`, count) for the matched rows in one pass; the total under ''."""
    field = catalogue.model._meta.get_field(catalogue.facet_keys_field)
    selected = [
        (f, stored_keys(f, selection.values[f.key])) for f in catalogue.facets if selection.values.get(f.key)
    ]
    rows = apply_period(catalogue, matched, selection).order_by()
    if len(selected) >= 2:  # a row that counts anywhere fails at most one facet: it meets another
        rows = rows.filter(
            **{f"{catalogue.facet_keys_field}__overlap": [k for _f, keys in selected for k in keys]}
        )
    matched_sql, params = rows.values(catalogue.facet_keys_field).query.sql_with_params()
    column = connection.ops.quote_name(field.column)
    conditions = "".join(f", m.{column} && %s::text[] AS c{n}" for n in range(len(selected)))
    params = [keys for _facet, keys in selected] + list(params)
    every = " AND ".join(f"c{n}" for n in range(len(selected))) or "true"
    branches, branch_params = [], []
    positions = {f.key: n for n, f in enumerate(single_valued_facets(catalogue), 1)}
    for n, (facet, _keys) in enumerate(selected):
        if facet.disjunctive:
            others = " AND ".join(f"c{m}" for m in range(len(selected)) if m != n) or "true"
            if facet.key in positions:
                branches.append(FAILED_ONE_AT_SQL.format(n=n, others=others, position=positions[facet.key]))
            else:
                branches.append(FAILED_ONE_SQL.format(n=n, others=others))
                branch_params.append(f"{facet.key}:")
    sql = COUNTING_SQL.format(
        column=column, conditions=conditions, matched=matched_sql, every=every, branches="".join(branches)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *branch_params])
        return cursor.fetchall()


def keyed_counts(catalogue: Catalogue, found, vocabulary) -> dict[str, dict[str, int]]:
    """Counts by facet and URL key, from (`facet:stored value`, count) rows."""
    stored_to_key = {
        facet.key: {stored_keys(facet, [term.key])[0]: term.key for term in terms_of(facet, vocabulary)}
        for facet in catalogue.facets
    }
    counts: dict[str, dict[str, int]] = {}
    for string, n in found:
        facet_key = string.partition(":")[0]
        key = stored_to_key.get(facet_key, {}).get(string)
        if key is not None:
            counts.setdefault(facet_key, {})[key] = n
    return counts


def facet_counts(catalogue, matched, selection, vocabulary) -> dict[str, dict[str, int]]:
    """For each facet value (URL key), how many results selecting it would give; one UNION ALL."""
    branches = []
    for facet in catalogue.facets:
        base = apply_selection(catalogue, matched, selection, skip=facet.key if facet.disjunctive else None)
        base = base.order_by()
        if facet.condition:
            for term in terms_of(facet, vocabulary):
                branches.append(
                    counted(base.filter(facet.condition(term.key)).annotate(k=Value(term.key)), facet.key)
                )
        else:
            branches.append(
                counted(base.annotate(k=Cast(F(facet.path), CharField())).exclude(k=None), facet.key)
            )
    if not branches:
        return {}
    stored_to_key = {
        facet.key: {str(facet.stored(term.key)): term.key for term in terms_of(facet, vocabulary)}
        for facet in catalogue.facets
    }
    counts: dict[str, dict[str, int]] = {}
    for facet_key, stored, n in branches[0].union(*branches[1:], all=True):
        key = stored if catalogue.facet(facet_key).condition else stored_to_key[facet_key].get(stored)
        if key is not None:
            counts.setdefault(facet_key, {})[key] = n
    return counts


def cached_totals(catalogue, query: TextQuery, selection: Selection, compute) -> Totals:
    """The result count and facet counts of a search: the one cache of counts, keyed on the
    versions of everything they depend on, so a write makes stale entries unreachable."""
    versions = [current_version(key) for key in [catalogue.version_key, *catalogue.depends_on]]
    signature = repr((catalogue.name, versions, query.groups, selection.signature()))
    key = f"search:{catalogue.name}:counts:" + hashlib.sha256(signature.encode()).hexdigest()
    totals = cache.get(key)
    if totals is None:
        totals = compute()
        cache.set(key, totals, COUNTS_CACHE_SECONDS)
    return Totals(totals.total, totals.counts, key)
