"""The stored search columns of a catalogue: weighted tsvector and trigram titles (PostgreSQL),
or the FTS5 table of `core.sqlite_fts` on other databases."""

from functools import reduce
from operator import add

from django.contrib.postgres.aggregates import ArrayAgg, StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.db.models.signals import post_delete, post_save, pre_save

from core.versions import bump_version

from .catalogue import Catalogue, Facet
from .counters import apply_change, record_keys, recount
from .counting import single_valued_facets
from .query import is_postgres


def tag_names(catalogue: Catalogue, path: str, language: str) -> Subquery:
    """The names (in one language) of the records related through `path`, for the outer row."""
    names = (
        catalogue.model.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(names=StringAgg(f"{path}_{language}", " "))
        .values("names")
    )
    return Subquery(names, output_field=TextField())


def search_vector(catalogue: Catalogue, weights: str = "ABC") -> SearchVector:
    """Every language's text in that language's configuration, weighted as declared; tag names
    weigh C. With `weights="AB"` only titles and summaries: the short vector ranking reads."""
    parts = []
    for code, config in catalogue.configs.items():
        for weight, names in catalogue.text.items():
            if weight in weights:
                columns = [column for name in names for column in catalogue.columns_of(name, code)]
                parts.append(SearchVector(*columns, config=config, weight=weight))
        if catalogue.tags and "C" in weights:
            tags = [tag_names(catalogue, path, code) for path in catalogue.tags]
            parts.append(SearchVector(*tags, config=config, weight="C"))
    return reduce(add, parts)


def trigram_titles(catalogue: Catalogue) -> Lower:
    """Titles of every language, lower case and without accents, for "did you mean"."""
    titles = [F(column) for column in catalogue.columns_of(catalogue.heading_field)]
    joined = Func(Value(" "), *titles, function="concat_ws", output_field=TextField())
    return Lower(Func(joined, function="unaccent", output_field=TextField()))


def text_columns(catalogue: Catalogue) -> list[str]:
    """Every searchable field's per-language columns, as `core.sqlite_fts` indexes them."""
    return [
        column for names in catalogue.text.values() for name in names for column in catalogue.columns_of(name)
    ]


def mark_changed(catalogue: Catalogue) -> None:
    """Cached counts (and pages, core.pagecache) of this catalogue are keyed on its version: a bump
    makes them unreachable. Again at the commit: what was read in between predates the change."""
    bump_version(catalogue.version_key)
    transaction.on_commit(lambda: bump_version(catalogue.version_key), robust=True)


COMPARED_AT_MOST = 100  # beyond this many records (imports), comparing costs more than recounting


def published_search_columns(catalogue: Catalogue, ids: list) -> dict:
    """What counts depend on, per published record: its facet values and its text."""
    columns = [c for c in (catalogue.facet_keys_field, catalogue.vector_field) if c]
    return {row[0]: row[1:] for row in catalogue.published().filter(pk__in=ids).values_list("pk", *columns)}


def refresh_index(catalogue: Catalogue, ids=None) -> None:
    """Recompute the search columns of the given records (all if None). Cached counts expire only
    if a published record's facet values or text changed (a draft's edit leaves them); the kept
    per-value counts change by what changed."""
    if not is_postgres():
        from core.sqlite_fts import refresh_fts

        mark_changed(catalogue)
        refresh_fts(catalogue.model, text_columns(catalogue), ids)
        return
    if not catalogue.vector_field:
        mark_changed(catalogue)
        return
    ids = None if ids is None else list(ids)
    with transaction.atomic():
        if ids is None or len(ids) > COMPARED_AT_MOST:
            update_search_columns(catalogue, ids)
            mark_changed(catalogue)
            if catalogue.facet_keys_field:
                recount(catalogue)
            return
        before = published_search_columns(catalogue, ids)
        update_search_columns(catalogue, ids)
        after = published_search_columns(catalogue, ids)
        if after != before:
            mark_changed(catalogue)
        if after != before and catalogue.facet_keys_field:
            apply_change(catalogue, [row[0] for row in before.values()], [row[0] for row in after.values()])


def update_search_columns(catalogue: Catalogue, ids: list | None) -> None:
    changes = {catalogue.vector_field: search_vector(catalogue)}
    if catalogue.rank_field:
        changes[catalogue.rank_field] = search_vector(catalogue, weights="AB")
    if catalogue.trigram_field:
        changes[catalogue.trigram_field] = trigram_titles(catalogue)
    if catalogue.facet_keys_field:
        changes[catalogue.facet_keys_field] = facet_keys(catalogue)
    rows = catalogue.model.objects.all() if ids is None else catalogue.model.objects.filter(pk__in=ids)
    rows.update(**changes)


def row_state(catalogue: Catalogue, values: dict) -> tuple:
    """What a plain save can change of a record's place in counts: whether it is published, its
    period."""
    names = [catalogue.visibility[0]] + (
        [catalogue.period.start, catalogue.period.end] if catalogue.period else []
    )
    return tuple(values.get(name) for name in names)


def is_visible(catalogue: Catalogue, state: tuple | None) -> bool:
    """Whether a row in that state is published: the declared value, or one of them (a tuple)."""
    if state is None:
        return False
    shown = catalogue.visibility[1]
    return state[0] in shown if isinstance(shown, tuple | list | set | frozenset) else state[0] == shown


def watch(catalogue: Catalogue) -> None:
    """Expire cached counts on the writes that change them: a record published, unpublished or
    deleted while published, or its period changed while published. Text and facet values are
    compared by refresh_index. A draft's edits expire nothing."""
    names = [catalogue.visibility[0]] + (
        [catalogue.period.start, catalogue.period.end] if catalogue.period else []
    )

    def stored_state(instance, **kwargs):  # read from the row: an instance's copy may be stale
        row = catalogue.model.objects.filter(pk=instance.pk).values(*names).first() if instance.pk else None
        instance._search_row_state = row_state(catalogue, row) if row else None

    def saved(instance, created, **kwargs):
        before = None if created else getattr(instance, "_search_row_state", None)
        after = row_state(catalogue, instance.__dict__)
        was, now = is_visible(catalogue, before), is_visible(catalogue, after)
        if before != after and (was or now):
            mark_changed(catalogue)
        if was != now and catalogue.facet_keys_field and is_postgres():
            keys = [record_keys(catalogue, instance)]
            apply_change(catalogue, removed=keys if was else [], added=keys if now else [])

    def deleted(instance, **kwargs):
        if is_visible(catalogue, row_state(catalogue, instance.__dict__)):
            mark_changed(catalogue)
            if catalogue.facet_keys_field and is_postgres():
                transaction.on_commit(lambda: recount(catalogue))

    uid = f"search-{catalogue.name}"
    pre_save.connect(stored_state, sender=catalogue.model, weak=False, dispatch_uid=f"{uid}-before")
    post_save.connect(saved, sender=catalogue.model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(deleted, sender=catalogue.model, weak=False, dispatch_uid=f"{uid}-delete")


class ArrayConcat(Func):
    """`a || b || c` over arrays."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = ArrayField(TextField())


def facet_key(facet: Facet, stored) -> str:
    return f"{facet.key}:{stored}"


def facet_keys(catalogue: Catalogue):
    """Every facet value of a row as `facet:stored value` strings, in one array: the declarations
    decide what goes in (a relation path's values, or the values whose condition holds).

    The single-valued facets come first, one element each in declaration order (`facet:` when the
    row has no value), so that the counts can read facet n's value at position n + 1 instead of
    searching the array (see counting.one_pass_rows)."""
    strings = ArrayField(TextField())
    single = single_valued_facets(catalogue)
    parts = [single_value(catalogue, facet, strings) for facet in single]
    for facet in catalogue.facets:
        if facet in single:
            continue
        if facet.condition:
            for key, _label in facet.vocabulary:
                found = When(
                    facet.condition(str(key)), then=Value([facet_key(facet, key)], output_field=strings)
                )
                parts.append(Case(found, default=Value([], output_field=strings), output_field=strings))
            continue
        prefixed = Concat(Value(f"{facet.key}:"), Cast(facet.path, TextField()), output_field=TextField())
        values = (
            catalogue.model.objects.filter(pk=OuterRef("pk"))
            .order_by()
            .values("pk")
            .annotate(
                keys=ArrayAgg(prefixed, filter=Q(**{f"{facet.path}__isnull": False}), default=Value([]))
            )
            .values("keys")
        )
        parts.append(Subquery(values, output_field=strings))
    return ArrayConcat(*parts)


def single_value(catalogue: Catalogue, facet: Facet, strings) -> Subquery:
    """A one-element array: the row's value of a single-valued facet, or `facet:` without one."""
    value = Coalesce(Cast(facet.path, TextField()), Value(""), output_field=TextField())
    prefixed = Concat(Value(f"{facet.key}:"), value, output_field=TextField())
    one = (
        catalogue.model.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(keys=ArrayAgg(prefixed, default=Value([f"{facet.key}:"])))
        .values("keys")
    )
    return Subquery(one, output_field=strings)
