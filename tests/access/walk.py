"""The machinery of the access walk: URL patterns from the resolver, and the database before and after.

Kept apart from test_urls_by_role.py, which holds what each role may do and the judgement.
"""

import re
from http.cookies import SimpleCookie

from django.db import connection, transaction
from django.db.models import Count
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from initiatives.models import Initiative, InitiativeDocument, StateChange, Verification

# Rows these tables gain or change are the machinery of a session, not data a role acts on.
BOOKKEEPING_TABLES = {
    "django_session",  # logging out (the walk restores the session after each request)
    "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",  # login bookkeeping
    "otp_totp_totpdevice",  # last used token, throttling
    "core_facetcount",  # derived counts of a search catalogue, counted on the first read
    "core_rendereddocument",  # meetings (issue 9): a PDF stored on its first read, derived data
    "initiatives_rendereddetail",  # a published record's public body, kept on its first read
}  # fmt: skip

# --- URL patterns ---------------------------------------------------------------------------------


def url_patterns(patterns=None, prefix=(), namespace=()):
    """(route pieces, namespaced name) of every leaf pattern, walked from the root resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            names = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, (*prefix, pattern.pattern), names)
        else:
            yield (*prefix, pattern.pattern), ":".join((*namespace, pattern.name or ""))


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def route_text(piece) -> str:
    if isinstance(piece, LocalePrefixPattern):
        return "es/"
    if isinstance(piece, RegexPattern):
        return REGEX_GROUP.sub(lambda m: f"<{m.group(1)}>", piece._regex).lstrip("^").rstrip("$")
    return str(piece)


def full_route(pieces) -> str:
    return "/" + "".join(route_text(piece) for piece in pieces)


def fill(route: str, values: dict) -> str:
    return PARAMETER.sub(lambda m: str(values[m.group(1)]), route)


# --- the database before and after ----------------------------------------------------------------


def table_checksums() -> dict[str, str]:
    tables = sorted(set(connection.introspection.table_names()) - BOOKKEEPING_TABLES)
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(  # table names from the database's own catalogue
        f"SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM {quote(t)} r"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def cooperation_fingerprints() -> dict[tuple, dict]:
    """Offers and requests (exchanges), keyed (kind, pk) beside the initiatives' pks."""
    from exchanges.models import CooperationOffer, CooperationRequest

    return {
        (model.kind, pk): {"state": state, "status": status, "updated_at": updated_at}
        for model in (CooperationOffer, CooperationRequest)
        for pk, state, status, updated_at in model.objects.values_list("pk", "state", "status", "updated_at")
    }


def project_fingerprints() -> dict[tuple, dict]:
    """Cooperation projects (exchanges), keyed ("project", pk): state, dates and children counted."""
    from exchanges.models import Project

    counted = [
        "budget_lines",
        "activities",
        "indicators",
        "decisions",
        "progress_reports",
        "followup_answers",
    ]
    rows = Project.objects.annotate(
        n_measurements=Count("indicators__measurements", distinct=True),
        **{f"n_{name}": Count(name, distinct=True) for name in counted},
    ).values("pk", "state", "updated_at", "n_measurements", *(f"n_{name}" for name in counted))
    return {("project", row.pop("pk")): row for row in rows}


def initiative_fingerprints() -> dict[int, dict]:
    rows = Initiative.objects.values_list("pk", "state", "updated_at", "last_verified_on")
    children = {
        name: dict(model.objects.values_list("initiative_id").annotate(n=Count("pk")))
        for name, model in [
            ("documents", InitiativeDocument),
            ("state_changes", StateChange),
            ("verifications", Verification),
        ]
    }
    return {
        pk: {
            "state": state, "updated_at": updated_at, "last_verified_on": verified,
            **{name: counts.get(pk, 0) for name, counts in children.items()},
        }
        for pk, state, updated_at, verified in rows
    }  # fmt: skip


WRITE_STATEMENT = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


class WriteRecorder:
    """Notes the tables each SQL statement of the request writes to (a wrapper on the connection)."""

    def __init__(self):
        self.tables = set()

    def __call__(self, execute, sql, params, many, context):
        if match := WRITE_STATEMENT.match(sql):
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


def request_once(client, method: str, url: str, baseline, data=None):
    """One request in a savepoint rolled back afterwards: the world is the same before every request.

    The database is fingerprinted again only when the request wrote to a table other than the
    bookkeeping ones; otherwise it is the baseline.
    """
    saved = SimpleCookie(client.cookies.output(header="", sep="\n"))
    recorder = WriteRecorder()
    with transaction.atomic(), connection.execute_wrapper(recorder):
        try:
            response, error = getattr(client, method)(url, data), None
        except Exception as exc:
            response, error = None, exc
        body = b"" if response is None else read_body(response)
        after = snapshot() if recorder.tables - BOOKKEEPING_TABLES else baseline
        transaction.set_rollback(True)
    client.cookies = saved
    return response, error, body, after


def snapshot() -> tuple[dict, dict]:
    return table_checksums(), {
        **initiative_fingerprints(),
        **cooperation_fingerprints(),
        **project_fingerprints(),
    }


def read_body(response) -> bytes:
    if response.streaming:  # the test client closes it once consumed
        return b"".join(response.streaming_content)
    return response.content
