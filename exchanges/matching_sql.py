"""The full recomputation's prefilter (PostgreSQL): which pairs are worth scoring in Python.

One query joins offers and requests through their shared themes and populations (only pairs that
share something exist), adds the structural points of `matching.score_pair` (all but similar text,
worth at most TEXT_MAX), and keeps the `depth` best pairs of each record. With a depth of a few
times MATCHING_TOP_N, the text points cannot lift a pair from below that depth into the top, except
among pairs tied on structure, where the order is the same as the Python one (higher id first).
tests/exchanges/test_matching.py checks the result against scoring every pair in Python.
"""

from django.conf import settings
from django.db import connection

from . import matching
from .models import CooperationOffer, CooperationRequest


def record_cte(model) -> str:
    table = model._meta.db_table
    return f"""
    SELECT x.id, x.country_id, x.modality, c.subregion, x.available_from AS f, x.available_until AS u,
      (SELECT coalesce(bit_or(1::bigint << (array_position(%(languages)s::text[], l) - 1)), 0)
         FROM jsonb_array_elements_text(x.working_languages) l) AS langs,
      (SELECT array_agg(cf.regionalforum_id) FROM network_country_forums cf
         WHERE cf.country_id = x.country_id) AS forums
    FROM {table} x JOIN network_country c ON c.id = x.country_id
    WHERE x.state = 'published' AND x.status = 'open'
    """  # noqa: S608 (table names come from the models, never from input)


def shared_cte(through_field: str, column: str) -> str:
    offer_through = getattr(CooperationOffer, through_field).through._meta.db_table
    request_through = getattr(CooperationRequest, through_field).through._meta.db_table
    return f"""
    SELECT a.cooperationoffer_id AS off, b.cooperationrequest_id AS req, count(*) AS n
    FROM {offer_through} a JOIN {request_through} b ON b.{column} = a.{column}
    JOIN o ON o.id = a.cooperationoffer_id JOIN r ON r.id = b.cooperationrequest_id
    WHERE o.country_id <> r.country_id
    GROUP BY 1, 2
    """  # noqa: S608 (table names come from the models, never from input)


def compatible_modalities() -> str:
    pairs = [(a, b) for pair in matching.COMPATIBLE for a in pair for b in pair if a != b]
    return ", ".join(f"('{a}', '{b}')" for a, b in sorted(pairs))


def structural_score() -> str:
    m = matching
    return f"""
      least({m.THEMES_MAX}, {m.THEME_POINTS} * pairs.tn)
      + least({m.POPULATIONS_MAX}, {m.POPULATION_POINTS} * pairs.pn)
      + CASE WHEN o.modality = r.modality THEN {m.SAME_MODALITY}
             WHEN (o.modality, r.modality) IN ({compatible_modalities()}) THEN {m.COMPATIBLE_MODALITY}
             ELSE 0 END
      + CASE WHEN (o.langs & r.langs) <> 0 THEN {m.LANGUAGE_POINTS} ELSE 0 END
      + CASE WHEN (o.subregion <> '' AND o.subregion = r.subregion) OR coalesce(o.forums && r.forums, false)
             THEN {m.REGION_POINTS} ELSE 0 END
      + CASE WHEN (o.f IS NOT NULL OR o.u IS NOT NULL) AND (r.f IS NOT NULL OR r.u IS NOT NULL)
              AND (o.f IS NULL OR r.u IS NULL OR o.f <= r.u) AND (r.f IS NULL OR o.u IS NULL OR r.f <= o.u)
             THEN {m.AVAILABILITY_POINTS} ELSE 0 END
    """


def candidate_pairs(depth: int) -> list[tuple[int, int]]:
    """(offer id, request id) of the pairs among the `depth` best of their offer or their request."""
    sql = f"""
    WITH o AS MATERIALIZED ({record_cte(CooperationOffer)}),
    r AS MATERIALIZED ({record_cte(CooperationRequest)}),
    t AS ({shared_cte("themes", "theme_id")}),
    p AS ({shared_cte("populations", "targetpopulation_id")}),
    pairs AS (
      SELECT coalesce(t.off, p.off) AS off, coalesce(t.req, p.req) AS req,
             coalesce(t.n, 0) AS tn, coalesce(p.n, 0) AS pn
      FROM t FULL JOIN p ON p.off = t.off AND p.req = t.req
    ),
    scored AS (
      SELECT pairs.off, pairs.req, {structural_score()} AS score
      FROM pairs JOIN o ON o.id = pairs.off JOIN r ON r.id = pairs.req
    ),
    ranked AS (
      SELECT off, req,
        row_number() OVER (PARTITION BY req ORDER BY score DESC, off DESC) AS by_request,
        row_number() OVER (PARTITION BY off ORDER BY score DESC, req DESC) AS by_offer
      FROM scored WHERE score + %(text_max)s >= %(min_score)s
    )
    SELECT off, req FROM ranked WHERE by_request <= %(depth)s OR by_offer <= %(depth)s
    """  # noqa: S608 (built from the parts above; every value is a parameter)
    params = {
        "languages": [code for code, _name in settings.COOPERATION_WORKING_LANGUAGES],
        "text_max": matching.TEXT_MAX,
        "min_score": settings.MATCHING_MIN_SCORE,
        "depth": depth,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
