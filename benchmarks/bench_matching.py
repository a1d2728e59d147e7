"""Matching and the consolidation table at size: N offers x N requests (see docs/benchmarks.md).

    createdb -h 127.0.0.1 -U postgres ricomi_bench_offers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_offers .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_offers \\
        .venv/bin/python benchmarks/bench_matching.py --records 5000

Replaces every offer, request and match of that database with generated ones (random themes,
populations, modalities, languages, periods and countries of the Americas, with a fixed seed),
then times: the full recomputation from nothing, a second one (nothing changes), one record's
incremental recomputation (what a save runs), and the consolidation table with its gaps.
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from django_setup import setup

WORDS = [
    *[
        "reintegración",
        "retorno",
        "protección",
        "asistencia",
        "técnica",
        "consular",
        "fronteras",
        "datos",
        "registro",
        "trata",
    ],
    *[
        "salud",
        "educación",
        "empleo",
        "inspección",
        "laboral",
        "diáspora",
        "remesas",
        "refugio",
        "asilo",
        "niñez",
        "mujeres",
    ],
    *["regularización", "integración", "formación", "modelo", "ventanilla", "protocolo", "herramientas"],
]


def generate(count: int, seed: int) -> None:
    from django.db import connection, transaction

    from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest, Modality
    from network.models import Country, TargetPopulation, Theme

    rng = random.Random(seed)
    countries = list(Country.objects.in_americas().values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    populations = list(TargetPopulation.objects.values_list("pk", flat=True))
    with transaction.atomic():
        CooperationMatch.objects.all().delete()
        for model in (CooperationOffer, CooperationRequest):
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")
            records = []
            for index in range(count):
                start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 700))
                title = " ".join(rng.sample(WORDS, 6)).capitalize()
                records.append(
                    model(
                        title=title, title_es=title, title_en=f"Record {index}",
                        description_es=" ".join(rng.sample(WORDS, 15)),
                        country_id=rng.choice(countries), modality=rng.choice(Modality.values),
                        working_languages=rng.sample(["es", "en", "fr", "pt"], rng.randint(1, 2)),
                        available_from=start if rng.random() < 0.7 else None,
                        available_until=start + timedelta(days=rng.randint(60, 500))
                        if rng.random() < 0.5 else None,
                        state="published", status="open", published_at="2026-05-01T00:00:00Z",
                    )
                )  # fmt: skip
            created = model.objects.bulk_create(records, batch_size=2000)
            owner = f"{model._meta.model_name}_id"
            relations = [("themes", themes, "theme_id"), ("populations", populations, "targetpopulation_id")]
            for relation, pool, column in relations:
                through = getattr(model, relation).through
                rows = [
                    through(**{owner: record.pk, column: term})
                    for record in created
                    for term in rng.sample(pool, rng.randint(1, 3))
                ]
                through.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=5000, help="offers, and as many requests")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    setup(CELERY_BROKER_URL="")

    from django.conf import settings

    from exchanges.consolidation import consolidation, gaps
    from exchanges.matching import load_profiles, match_record, recompute_all
    from exchanges.matching_arrays import candidate_pairs
    from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest

    seconds, _ = timed(generate, args.records, args.seed)
    print(f"generated {args.records} offers and {args.records} requests in {seconds:.1f} s")
    seconds, profiles = timed(lambda: (load_profiles(CooperationOffer), load_profiles(CooperationRequest)))
    print(f"profiles read in {seconds:.1f} s")
    depth, least = settings.MATCHING_TOP_N * 3, settings.MATCHING_MIN_SCORE
    seconds, pairs = timed(candidate_pairs, *profiles, depth, least)
    print(f"array prefilter alone: {len(pairs)} candidate pairs in {seconds:.1f} s")
    seconds, report = timed(recompute_all)
    print(f"full recomputation from nothing: {report.created} pairs stored in {seconds:.1f} s")
    seconds, report = timed(recompute_all)
    print(f"second full recomputation: {report.created} new, {report.updated} updated in {seconds:.1f} s")
    requests = list(CooperationRequest.objects.order_by("?")[:20])
    durations = [timed(match_record, request)[0] for request in requests]
    print(f"one request's incremental recomputation: median {statistics.median(durations) * 1000:.0f} ms")
    durations = [timed(lambda: (consolidation(), gaps()))[0] for _ in range(5)]
    print(f"consolidation table and gaps: median {statistics.median(durations) * 1000:.0f} ms")
    print(f"matches stored: {CooperationMatch.objects.count()}")


if __name__ == "__main__":
    main()
