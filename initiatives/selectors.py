"""Reads of initiatives: the search (declared in catalogues.py), the detail page, related records,
country figures."""

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.utils.translation import get_language

from core.search.query import is_postgres
from core.search.results import found
from network.models import Country, FocalPoint, Institution, TargetPopulation, Theme
from network.scoping import may_act_on_country, may_write

from .catalogues import INITIATIVES
from .models import Initiative, Verification


def initiatives_found(params, language: str | None = None) -> QuerySet:
    """The published initiatives a search's parameters select, in its order (feeds, exports)."""
    return found(INITIATIVES, params, language or get_language())


def initiative_for_page(pk: int, user) -> Initiative | None:
    """A published initiative, or any state for those who act on its country; None otherwise."""
    initiative = Initiative.objects.select_related("lead_country", "lead_institution").filter(pk=pk).first()
    if initiative is None:
        return None
    if initiative.state == Initiative.State.PUBLISHED or may_act_on_country(user, initiative.lead_country_id):
        return initiative
    return None


def initiative_page(pk: int, user) -> Initiative | None:
    """The initiative of a detail page, with everything it lists (its terms, links, documents,
    references, verifications): one query on PostgreSQL, whatever the record holds."""
    found = Initiative.objects.select_related("lead_country", "lead_institution").filter(pk=pk)
    if is_postgres():
        found = found.annotate(**page_relation_arrays())
    initiative = found.first()
    if initiative is None:
        return None
    published = initiative.state == Initiative.State.PUBLISHED
    if not published and not may_act_on_country(user, initiative.lead_country_id):
        return None
    if is_postgres():
        attach_page_relations(initiative)
    else:
        prefetch_related_objects(
            [initiative],
            *PAGE_RELATIONS,
            Prefetch("verifications", Verification.objects.select_related("by__focal_point__institution")),
        )
    return initiative


def detail_context(initiative: Initiative, language: str, user) -> dict:
    """Everything the detail page shows, in a fixed number of queries (`initiative_page`'s)."""
    staff = may_act_on_country(user, initiative.lead_country_id)
    return {
        "initiative": initiative,
        "shown_language": language
        if getattr(initiative, f"title_{language}")
        else initiative.available_languages[0],
        "related": related_initiatives(initiative),
        "history": initiative.state_changes.select_related("by") if staff else None,
        # Visitors see who verified by role and institution; names only to staff of the country.
        "show_names": staff,
        "may_edit": may_write(user, initiative.lead_country_id, "initiatives.change_initiative"),
    }


# What a detail page lists of a record, fetched with it (see page_relation_arrays).
PAGE_RELATIONS = [
    "themes", "populations", "gcm_objectives", "partner_countries", "links", "documents", "system_references"
]  # fmt: skip
VERIFIER_FIELDS = {
    "by_username": "by__username",
    "by_first_name": "by__first_name",
    "by_last_name": "by__last_name",
    "by_institution": "by__focal_point__institution__name",
}


def related_model(name: str):
    return Initiative._meta.get_field(name).related_model


def as_json_rows(queryset: QuerySet, extra: dict | None = None) -> ArraySubquery:
    """Every column of the rows (plus `extra` paths) as an array of JSON objects, in their order."""
    columns = {f.attname: F(f.attname) for f in queryset.model._meta.concrete_fields}
    columns.update({key: F(path) for key, path in (extra or {}).items()})
    return ArraySubquery(queryset.annotate(row=JSONObject(**columns)).values("row"))


def page_relation_arrays() -> dict:
    """One array of JSON rows per relation a detail page lists: annotations of the record's query."""
    arrays = {}
    for name in PAGE_RELATIONS:
        field = Initiative._meta.get_field(name)
        rows = field.related_model.objects.all()
        if field.many_to_many:
            rows = rows.filter(**{field.remote_field.related_name: OuterRef("pk")})
        else:
            rows = rows.filter(initiative=OuterRef("pk"))
        ordering = rows.model._meta.ordering or ["pk"]
        arrays[f"page_{name}"] = as_json_rows(rows.order_by(*ordering))
    verifications = Verification.objects.filter(initiative=OuterRef("pk"))
    verifications = verifications.order_by(*Verification._meta.ordering)
    arrays["page_verifications"] = as_json_rows(verifications, VERIFIER_FIELDS)
    return arrays


def from_json(model, row: dict):
    """A model instance from a JSON row of its columns, as if loaded from the database."""
    fields = model._meta.concrete_fields
    values = [field.to_python(row[field.attname]) for field in fields]
    return model.from_db("default", [field.attname for field in fields], values)


def keep_as_prefetched(instance, name: str, objects: list) -> None:
    """Hand `instance.<name>.all()` these objects without a query, as prefetch_related would."""
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = objects, True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[name] = queryset


def attach_page_relations(initiative: Initiative) -> None:
    for name in PAGE_RELATIONS:
        rows = getattr(initiative, f"page_{name}")
        keep_as_prefetched(initiative, name, [from_json(related_model(name), row) for row in rows])
    verifications = [verification_from_json(row) for row in initiative.page_verifications]
    keep_as_prefetched(initiative, "verifications", verifications)


def verification_from_json(row: dict) -> Verification:
    """A verification and who made it: the user's names, and their focal point's institution (or none)."""
    verification = from_json(Verification, row)
    by = get_user_model()(pk=row["by_id"], username=row["by_username"])
    by.first_name, by.last_name = row["by_first_name"], row["by_last_name"]
    focal_point = None
    if row["by_institution"] is not None:
        focal_point = FocalPoint(user=by, institution=Institution(name=row["by_institution"]))
    type(by).focal_point.related.set_cached_value(by, focal_point)
    verification.by = by
    return verification


RELATED_SQL = """
SELECT s.initiative_id FROM (
    SELECT initiative_id FROM initiatives_initiative_themes WHERE theme_id IN ({themes})
    UNION ALL
    SELECT initiative_id FROM initiatives_initiative_populations WHERE targetpopulation_id IN ({populations})
) s JOIN initiatives_initiative i ON i.id = s.initiative_id
WHERE i.state = 'published' AND i.id <> %s
GROUP BY s.initiative_id ORDER BY count(*) DESC, s.initiative_id DESC LIMIT %s
"""


def placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


# Related initiatives are looked for among the latest published ones sharing a theme or a
# population with the record: a bounded window, so the first visit costs the same at any size.
RELATED_WINDOW = 500
RELATED_FACETS = ("theme:", "population:")
# Counting the values two arrays share has no ORM expression: the intersection's cardinality.
SHARED_KEYS_SQL = "cardinality(ARRAY(SELECT unnest(facet_keys) INTERSECT SELECT unnest(%s::text[])))"


def related_initiatives(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives sharing the most themes and populations with this one, newest first
    among equals: one query on PostgreSQL (over the record's facet keys and their GIN index)."""
    keys = [key for key in initiative.facet_keys or [] if key.startswith(RELATED_FACETS)]
    if not is_postgres() or not keys:
        return related_by_tags(initiative, limit)
    window = (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .filter(facet_keys__overlap=keys)
        .order_by("-published_at", "-pk")
        .values("pk")[:RELATED_WINDOW]
    )
    related = (
        Initiative.objects.filter(pk__in=window)
        .annotate(shared=RawSQL(SHARED_KEYS_SQL, (keys,)))  # noqa: S611 - constant SQL, keys as parameter
        .select_related("lead_country")
        .order_by("-shared", "-published_at", "-pk")
    )
    return list(related[:limit])


def related_by_tags(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Without facet keys (SQLite, or a record not indexed yet): from the tag tables."""
    themes = [t.pk for t in initiative.themes.all()] or [0]
    populations = [p.pk for p in initiative.populations.all()] or [0]
    sql = RELATED_SQL.format(themes=placeholders(themes), populations=placeholders(populations))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*themes, *populations, initiative.pk, limit])
        ids = [row[0] for row in cursor.fetchall()]
    by_id = Initiative.objects.select_related("lead_country").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def group_by_state(queryset: QuerySet) -> list[tuple[str, list[Initiative]]]:
    rows = list(queryset.order_by("-updated_at")[:500])
    return [(label, [i for i in rows if i.state == value]) for value, label in Initiative.State.choices]


def country_initiative_figures(country: Country) -> dict:
    """A country's published initiatives: latest ones, and counts by theme and by population."""
    published = Initiative.objects.published().filter(lead_country=country)
    by_theme = (
        Theme.objects.annotate(n=Count("initiatives", filter=Q(initiatives__in=published)))
        .filter(n__gt=0)
        .order_by("-n", "order")
    )
    by_population = (
        TargetPopulation.objects.annotate(n=Count("initiatives", filter=Q(initiatives__in=published)))
        .filter(n__gt=0)
        .order_by("-is_priority", "-n", "order")
    )
    return {
        "total": published.count(),
        "latest": list(published.order_by("-published_at")[:10]),
        "by_theme": list(by_theme),
        "by_population": list(by_population),
    }
