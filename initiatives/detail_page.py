"""The lists a detail page shows of an initiative (its terms, links, documents, references and
verifications), read with the record itself: one query on PostgreSQL, whatever the record holds.

Each list is a `jsonb` array of its rows, a column of the record's query, turned back into model
instances and handed to the record as prefetch_related would. The arrays are SQL written once from
the models' tables and columns: built through the ORM (ArraySubquery of JSONObject) they cost more
to compile on every request than the whole query takes to run.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import JSONField
from django.db.models.expressions import RawSQL

from network.models import FocalPoint, Institution

from .models import Initiative, Verification

RELATIONS = [
    "themes",
    "populations",
    "gcm_objectives",
    "partner_countries",
    "links",
    "documents",
    "system_references",
]


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def order_by(model, alias: str) -> str:
    """The model's default ordering as SQL over `alias` (plain columns only, as these models use)."""
    terms = []
    for name in model._meta.ordering or ["pk"]:
        field = model._meta.pk if name.lstrip("-") == "pk" else model._meta.get_field(name.lstrip("-"))
        terms.append(f"{alias}.{quoted(field.column)}{' DESC' if name.startswith('-') else ''}")
    return ", ".join(terms)


def json_rows(table_sql: str, model, alias: str, condition: str, extra: str = "") -> str:
    """A JSON array of the rows of `table_sql` that meet `condition`, in the model's order."""
    rows = f"jsonb_agg(to_jsonb({alias}){extra} ORDER BY {order_by(model, alias)})"
    return f"SELECT coalesce({rows}, '[]') FROM {table_sql} WHERE {condition}"  # noqa: S608 - model metadata only


@cache
def relation_sql() -> dict[str, str]:
    """The SQL of each list's array, correlated with the outer initiative row."""
    record = f"{quoted(Initiative._meta.db_table)}.{quoted(Initiative._meta.pk.column)}"
    arrays = {}
    for name in RELATIONS:
        field = Initiative._meta.get_field(name)
        model = field.related_model
        table = f"{quoted(model._meta.db_table)} t"
        if field.many_to_many:
            through = field.remote_field.through._meta.db_table
            target = f"x.{quoted(field.m2m_reverse_name())} = t.{quoted(model._meta.pk.column)}"
            join = f"{table} JOIN {quoted(through)} x ON {target}"
            arrays[name] = json_rows(join, model, "t", f"x.{quoted(field.m2m_column_name())} = {record}")
        else:
            column = field.field.column
            arrays[name] = json_rows(table, model, "t", f"t.{quoted(column)} = {record}")
    arrays["verifications"] = verifications_sql(record)
    return arrays


def verifications_sql(record: str) -> str:
    """Each verification with who made it: the user's names and their focal point's institution."""
    user = get_user_model()
    tables = (
        f"{quoted(Verification._meta.db_table)} v"
        f" JOIN {quoted(user._meta.db_table)} u ON u.id = v.{quoted('by_id')}"
        f" LEFT JOIN {quoted(FocalPoint._meta.db_table)} f ON f.{quoted('user_id')} = u.id"
        f" LEFT JOIN {quoted(Institution._meta.db_table)} i ON i.id = f.{quoted('institution_id')}"
    )
    extra = (
        " || jsonb_build_object('by_username', u.username, 'by_first_name', u.first_name,"
        " 'by_last_name', u.last_name, 'by_institution', i.name)"
    )
    return json_rows(tables, Verification, "v", f"v.{quoted('initiative_id')} = {record}", extra)


def relation_arrays() -> dict[str, RawSQL]:
    """Annotations of the record's query: `page_<list>` for each list."""
    arrays = {}
    for name, sql in relation_sql().items():
        arrays[f"page_{name}"] = RawSQL(sql, (), output_field=JSONField())  # noqa: S611 - model metadata only
    return arrays


def from_json(model, row: dict):
    """A model instance from a JSON row of its columns, as if loaded from the database."""
    fields = model._meta.concrete_fields
    values = [field.to_python(row[field.column]) for field in fields]
    return model.from_db("default", [field.attname for field in fields], values)


def keep_as_prefetched(instance, name: str, objects: list) -> None:
    """Hand `instance.<name>.all()` these objects without a query, as prefetch_related would."""
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = objects, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def attach_relations(initiative: Initiative) -> None:
    for name in RELATIONS:
        model = Initiative._meta.get_field(name).related_model
        keep_as_prefetched(
            initiative, name, [from_json(model, row) for row in getattr(initiative, f"page_{name}")]
        )
    verifications = [verification_from_json(row) for row in initiative.page_verifications]
    keep_as_prefetched(initiative, "verifications", verifications)


def verification_from_json(row: dict) -> Verification:
    verification = from_json(Verification, row)
    by = get_user_model()(pk=row["by_id"], username=row["by_username"])
    by.first_name, by.last_name = row["by_first_name"], row["by_last_name"]
    focal_point = None
    if row["by_institution"] is not None:
        focal_point = FocalPoint(user=by, institution=Institution(name=row["by_institution"]))
    type(by).focal_point.related.set_cached_value(by, focal_point)  # none: no query to find out
    verification.by = by
    return verification
