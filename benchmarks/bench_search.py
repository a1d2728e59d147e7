"""Server time of the initiative search through the whole middleware stack, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench \\
        .venv/bin/python benchmarks/bench_search.py --requests 200 --naive-requests 30 --explain

Each request goes through django.test.Client (every middleware, the URL resolver, the view, the
templates) with DEBUG off; time.perf_counter() is read around client.get(). The cases:

  (a)  the search page, a common word and two facets  /es/initiatives/?q=...&theme=...&country=...
  (b)  the search page, no query and no facet          /es/initiatives/
  (a0) (a) with Django's cache cleared before each request (the first visitor, or after any write)
  (b0) (b) with Django's cache cleared before each request
  (c)  a view returning "ok" on the same stack        /es/bench-trivial/ (the floor)
  (d)  a naive search, same query and facets          /es/bench-naive/?q=...&theme=...&country=...

(a) and (b) use the cache as configured (settings.CACHES); each of their requests follows an
(a0) or (b0) request, so it finds the counts that request stored, as a repeated search would.
The cache is cleared outside the timed part. (a0), (a), (b0), (b) and (c) are measured in rounds,
one request of each per round, so that a change of load on the machine affects them alike; (d) is
measured after them. The URLconf is benchmarks/bench_urls.py (the project's URLs, (c) and (d)).
"""
# ruff: noqa: E402 - Django is configured before the project's modules are imported

import argparse
import cProfile
import hashlib
import io
import json
import math
import os
import platform
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import REPO_ROOT, setup

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "ricomi-bench-static"))
# Production-like settings: DEBUG off (so no query log, manifest static files, cached templates).
setup(
    DEBUG="False",
    ALLOWED_HOSTS="testserver",
    SECRET_KEY=secrets.token_urlsafe(50),
    STATIC_ROOT=str(STATIC_ROOT),
)

import django
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.backends.signals import connection_created
from django.http import QueryDict
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from benchmarks.bench_urls import naive_matches
from core.search import search
from initiatives.catalogues import INITIATIVES
from initiatives.models import Initiative
from network.models import Country, Theme

# Issue 7: how many times faster than the naive search (d) each case must be, at 100,000 records.
GOAL_VS_NAIVE = {"a": 250, "b": 400, "a0": 50, "b0": 30}
GOAL_VS_FLOOR = 20  # issue 3's older goal: at most this many times slower than the trivial view (c)
# The code being measured: its fingerprint goes into the report (the code changes while we work).
MEASURED_FILES = [
    "core/search/catalogue.py",
    "core/search/counting.py",
    "core/search/index.py",
    "core/pagecache.py",
    "core/search/query.py",
    "core/search/results.py",
    "core/templates/core/search/_facets.html",
    "initiatives/catalogues.py",
    "initiatives/views.py",
    "initiatives/templates/initiatives/_result_row.html",
    "initiatives/templates/initiatives/list.html",
    "initiatives/templates/initiatives/_results.html",
]


@dataclass
class Case:
    key: str
    label: str
    url: str
    clear_cache: bool = False
    times: list[float] = field(default_factory=list)  # seconds
    queries: list[int] = field(default_factory=list)  # per profiled request
    sql_times: list[float] = field(default_factory=list)  # seconds of SQL per profiled request
    cache_calls: int = 0
    results: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000

    def summary(self) -> dict:
        sql_ms = round(statistics.median(self.sql_times) * 1000, 2) if self.sql_times else None
        return {
            "case": self.key,
            "label": self.label,
            "url": self.url,
            "requests": len(self.times),
            "median_ms": round(self.median, 2),
            "p95_ms": round(self.p95, 2),
            "mean_ms": round(statistics.fmean(self.times) * 1000, 2),
            "min_ms": round(min(self.times) * 1000, 2),
            "max_ms": round(max(self.times) * 1000, 2),
            "queries_per_request": statistics.median(self.queries) if self.queries else None,
            "sql_ms_per_request": sql_ms,
            "cache_calls_per_request": self.cache_calls,
            "results": self.results,
        }


class QueryRecorder:
    """An execute_wrapper that keeps every query's SQL, parameters and duration."""

    def __init__(self):
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


class CacheCounter:
    """Counts calls to the default cache (a page that does not use the cache makes none)."""

    METHODS = ["get", "set", "add", "get_many", "set_many", "get_or_set", "has_key", "delete", "incr"]

    def __init__(self):
        self.calls = 0
        cache = caches["default"]
        for name in self.METHODS:
            setattr(cache, name, self.counting(getattr(cache, name)))

    def counting(self, method):
        def wrapper(*args, **kwargs):
            self.calls += 1
            return method(*args, **kwargs)

        return wrapper


def get(client: Client, case: Case) -> float:
    """Seconds to serve one request (over HTTPS, as behind the production proxy)."""
    if case.clear_cache:
        caches["default"].clear()
    started = time.perf_counter()
    response = client.get(case.url, secure=True)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{case.url} answered {response.status_code}, expected 200")
    return elapsed


def profile(client: Client, case: Case, requests: int, counter: CacheCounter) -> QueryRecorder:
    """Queries, SQL time and cache calls of a few requests; returns the recorder of the last one."""
    recorder = QueryRecorder()
    calls_before = counter.calls
    for _ in range(requests):
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            get(client, case)
        case.queries.append(len(recorder.queries))
        case.sql_times.append(sum(duration for duration, _sql, _params in recorder.queries))
    case.cache_calls = round((counter.calls - calls_before) / max(requests, 1))
    return recorder


def list_queries(recorder: QueryRecorder, label: str) -> None:
    print(f"\n--- {label}: {len(recorder.queries)} queries of one request")
    for duration, sql, _params in recorder.queries:
        print(f"  {duration * 1000:8.2f} ms  {' '.join(sql.split())[:150]}")


def explain(recorder: QueryRecorder, label: str, slowest: int, full_sql: bool) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest queries of one request, printed and returned."""
    plans = []
    ranked = sorted(recorder.queries, key=lambda query: query[0], reverse=True)[:slowest]
    for rank, (duration, sql, params) in enumerate(ranked, 1):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        shown = sql if full_sql or len(sql) <= 1500 else f"{sql[:1500]} ... [{len(sql)} characters]"
        print(f"\n--- {label}: slowest query {rank}, {duration * 1000:.1f} ms in the request")
        print(f"SQL: {shown}\nParameters: {params!r}\n{plan}")
        plans.append({"rank": rank, "ms_in_request": round(duration * 1000, 2), "sql": sql, "plan": plan})
    return plans


def python_profile(client: Client, case: Case, lines: int) -> None:
    """cProfile of one request: where the time outside the database goes."""
    profiler = cProfile.Profile()
    if case.clear_cache:
        caches["default"].clear()
    profiler.enable()
    client.get(case.url, secure=True)
    profiler.disable()
    output = io.StringIO()
    pstats.Stats(profiler, stream=output).sort_stats("cumulative").print_stats(lines)
    print(f"\n--- cProfile of one ({case.key}) request, by cumulative time")
    print(output.getvalue())


def apply_postgres_settings(assignments: list[str]) -> None:
    """SET name = value on every database connection (e.g. jit=off), to measure its effect."""
    pairs = [assignment.split("=", 1) for assignment in assignments]

    def configure(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            for name, value in pairs:
                cursor.execute("SELECT set_config(%s, %s, false)", [name.strip(), value.strip()])

    connection_created.connect(configure, weak=False, dispatch_uid="bench-postgres-settings")
    connection.close()  # the next query opens a configured connection


def database_facts() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        facts = {"postgresql": cursor.fetchone()[0]}
        for name in ["shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather"]:
            cursor.execute(f"SHOW {name}")
            facts[name] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('initiatives_initiative'))")
        facts["initiative_table_size"] = cursor.fetchone()[0]
    facts["initiatives"] = Initiative.objects.count()
    facts["published_initiatives"] = Initiative.objects.published().count()
    return facts


def code_fingerprint() -> dict[str, str]:
    """A short hash and the modification time of each file of the code being measured."""
    fingerprint = {}
    for name in MEASURED_FILES:
        path = REPO_ROOT / name
        if path.exists():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M:%S")
            fingerprint[name] = f"{digest} (modified {modified} UTC)"
    return fingerprint


def check_facets(theme: str, country: str) -> None:
    if not Theme.objects.filter(slug=theme).exists():
        slugs = list(Theme.objects.values_list("slug", flat=True))
        sys.exit(f"Unknown theme {theme!r}: choose one of {slugs}")
    if not Country.objects.in_americas().filter(code=country.upper()).exists():
        sys.exit(f"Unknown country {country!r}: use the ISO code of a country of the Americas")


def result_counts(cases: dict[str, Case], query_string: str) -> None:
    """How many initiatives each case finds, to show that (a) and (d) do comparable work."""
    with translation.override("es"):
        for key, params in [("a", QueryDict(query_string)), ("b", QueryDict(""))]:
            count = search(INITIATIVES, params, "es").page.paginator.count
            cases[key].results = cases[f"{key}0"].results = count
        cases["d"].results = naive_matches(QueryDict(query_string))[1].count()


def ratio_lines(cases: dict[str, Case]) -> list[dict]:
    c, d = cases["c"], cases["d"]
    comparisons = []
    for key in ["a", "b", "a0", "b0"]:
        comparisons.append((f"(d)/({key})", d, cases[key], GOAL_VS_NAIVE[key], "at least"))
    for key in ["a", "b", "a0", "b0"]:
        comparisons.append((f"({key})/(c)", cases[key], c, GOAL_VS_FLOOR, "at most"))
    rows = []
    for name, numerator, denominator, goal, kind in comparisons:
        median = numerator.median / denominator.median
        p95 = numerator.p95 / denominator.p95
        met = median >= goal if kind == "at least" else median <= goal
        # By how much the search page must get faster for the goal to be met (1 when met).
        factor = goal / median if kind == "at least" else median / goal
        rows.append(
            {
                "ratio": name,
                "median": round(median, 2),
                "p95": round(p95, 2),
                "goal": f"{'>=' if kind == 'at least' else '<='} {goal}",
                "met": met,
                "speed_up_needed": 1.0 if met else round(factor, 2),
            }
        )
    return rows


def print_report(cases: dict[str, Case], ratios: list[dict], facts: dict, load: dict) -> None:
    summaries = [case.summary() for case in cases.values()]
    print("\n=== Results (milliseconds of server time per request) ===")
    print(
        f"{'case':<5} {'n':>4} {'median':>9} {'p95':>9} {'mean':>9} {'min':>9} "
        f"{'queries':>7} {'SQL ms':>8} {'results':>7} {'cache calls':>11}"
    )
    for s in summaries:
        results = s["results"] if s["results"] is not None else "-"
        print(
            f"{'(' + s['case'] + ')':<5} {s['requests']:>4} {s['median_ms']:>9.2f} {s['p95_ms']:>9.2f} "
            f"{s['mean_ms']:>9.2f} {s['min_ms']:>9.2f} {s['queries_per_request'] or 0:>7} "
            f"{s['sql_ms_per_request'] or 0:>8.2f} {results:>7} {s['cache_calls_per_request']:>11}"
        )
    print("\nRatios (of medians; of 95th percentiles in brackets):")
    for r in ratios:
        verdict = "met" if r["met"] else f"MISSED: the search must get {r['speed_up_needed']}x faster"
        print(f"  {r['ratio']:<9} = {r['median']:8.2f}  [{r['p95']:8.2f}]  goal {r['goal']:>6}: {verdict}")

    print("\n### Markdown\n")
    print("| case | URL | requests | median (ms) | p95 (ms) | queries | SQL (ms) | results |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for s in summaries:
        print(
            f"| ({s['case']}) {s['label']} | `{s['url']}` | {s['requests']} | {s['median_ms']:.1f} | "
            f"{s['p95_ms']:.1f} | {s['queries_per_request']} | {s['sql_ms_per_request']} | "
            f"{s['results'] if s['results'] is not None else '-'} |"
        )
    print("\n| ratio | median | p95 | goal | met | speed-up needed |")
    print("|---|---:|---:|---|---|---:|")
    for r in ratios:
        print(
            f"| {r['ratio']} | {r['median']} | {r['p95']} | {r['goal']} | {'yes' if r['met'] else 'no'} | "
            f"{r['speed_up_needed']} |"
        )
    print(
        f"\nInitiatives: {facts['initiatives']} ({facts['published_initiatives']} published), "
        f"table {facts['initiative_table_size']}; {facts['postgresql']}"
    )
    print(f"Load average (1, 5, 15 min): {load['before']} before, {load['after']} after")
    print(
        f"Cache backend {settings.CACHES['default']['BACKEND']}; cache calls per request: "
        + ", ".join(f"({case.key}) {case.cache_calls}" for case in cases.values())
    )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="measured rounds of (a0) (a) (b0) (b) (c)")
    parser.add_argument("--naive-requests", type=int, default=30, help="measured requests of (d)")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests of each case first")
    parser.add_argument("--naive-warmup", type=int, default=3, help="unmeasured requests of (d) first")
    parser.add_argument("--q", default="retorno", help="text query of (a) and (d)")
    parser.add_argument("--theme", default="return-reintegration", help="theme facet of (a) and (d)")
    parser.add_argument("--country", default="mx", help="country facet of (a) and (d)")
    parser.add_argument("--profile-requests", type=int, default=5, help="requests profiled for SQL time")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest queries")
    parser.add_argument("--slowest", type=int, default=3, help="how many queries --explain shows per case")
    parser.add_argument("--full-sql", action="store_true", help="print long SQL in full with --explain")
    parser.add_argument("--cprofile", type=int, default=0, help="print this many lines of cProfile per case")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--without-page-cache",
        action="store_true",
        help="turn off the whole-page cache (core/pagecache.py): (a) and (b) then rebuild the page "
        "from the cached counts, as before it existed; with it, they are page-cache hits",
    )
    parser.add_argument(
        "--pg-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL setting for the benchmark's connections, e.g. jit=off (repeatable)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_arguments()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL benchmark database.")
    if args.pg_set:
        apply_postgres_settings(args.pg_set)
    check_facets(args.theme, args.country)
    # Every run: the manifest storage (DEBUG off) refuses a file added since the last collection.
    print(f"Collecting static files into {STATIC_ROOT} (the manifest storage needs them with DEBUG off)")
    call_command("collectstatic", interactive=False, verbosity=0)

    page_cache = not args.without_page_cache
    override = override_settings(ROOT_URLCONF="benchmarks.bench_urls", PAGE_CACHE_ENABLED=page_cache)
    override.enable()
    print(f"Whole-page cache (core/pagecache.py): {'on' if page_cache else 'off'}")
    query_string = urlencode({"q": args.q, "theme": args.theme, "country": args.country})
    search_url = f"/es/initiatives/?{query_string}"
    cases = {
        "a0": Case("a0", "search, query + 2 facets, cache cleared", search_url, clear_cache=True),
        "a": Case("a", "search, query + 2 facets", search_url),
        "b0": Case("b0", "search, no query, no facet, cache cleared", "/es/initiatives/", clear_cache=True),
        "b": Case("b", "search, no query, no facet", "/es/initiatives/"),
        "c": Case("c", "trivial view (floor)", "/es/bench-trivial/"),
        "d": Case("d", "naive search, query + 2 facets", f"/es/bench-naive/?{query_string}"),
    }
    rounds = ["a0", "a", "b0", "b", "c"]
    load = {"before": [round(value, 2) for value in os.getloadavg()]}
    facts = database_facts()
    fingerprint = code_fingerprint()
    print(
        f"Django {django.get_version()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"DEBUG={settings.DEBUG}, CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}"
    )
    print(
        "PostgreSQL settings: "
        + ", ".join(f"{name}={facts[name]}" for name in ["shared_buffers", "work_mem", "jit"])
        + f", max_parallel_workers_per_gather={facts['max_parallel_workers_per_gather']}"
    )
    print(
        f"{facts['postgresql']}\n"
        f"Initiatives: {facts['initiatives']} ({facts['published_initiatives']} published)"
    )
    print("Code measured: " + "; ".join(f"{name} {value}" for name, value in fingerprint.items()))
    result_counts(cases, query_string)

    client = Client(raise_request_exception=True)
    counter = CacheCounter()
    started = time.perf_counter()
    for key in rounds:
        for _ in range(args.warmup):
            get(client, cases[key])
    print(f"Measuring {', '.join(rounds)} in {args.requests} rounds", flush=True)
    for round_number in range(args.requests):
        for key in rounds:
            cases[key].times.append(get(client, cases[key]))
        if (round_number + 1) % 50 == 0:
            print(f"  {round_number + 1} rounds, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"Measuring (d): {args.naive_warmup} warm-up and {args.naive_requests} requests", flush=True)
    for _ in range(args.naive_warmup):
        get(client, cases["d"])
    for _ in range(args.naive_requests):
        cases["d"].times.append(get(client, cases["d"]))

    recorders = {}
    for key in [*rounds, "d"]:
        recorders[key] = profile(client, cases[key], 1 if key == "d" else args.profile_requests, counter)
    load["after"] = [round(value, 2) for value in os.getloadavg()]

    for key in ["a0", "a", "b0", "b"]:
        list_queries(recorders[key], f"({key}) {cases[key].url}")
    plans = {}
    if args.explain:
        print("\n=== EXPLAIN (ANALYZE, BUFFERS) of the slowest queries (cache cleared: every query runs) ===")
        for key in ["a0", "b0"]:
            plans[key] = explain(recorders[key], f"({key}) {cases[key].url}", args.slowest, args.full_sql)
    if args.cprofile:
        for key in ["a0", "a", "b0", "b"]:
            python_profile(client, cases[key], args.cprofile)

    ratios = ratio_lines(cases)
    print_report(cases, ratios, facts, load)
    print(f"Total benchmark time: {time.perf_counter() - started:.0f} s")
    if args.json:
        data = {
            "facts": facts,
            "code": fingerprint,
            "load": load,
            "cpus": os.cpu_count(),
            "cases": [case.summary() for case in cases.values()],
            "times_ms": {key: [round(t * 1000, 3) for t in case.times] for key, case in cases.items()},
            "ratios": ratios,
            "plans": plans,
            "arguments": {name: str(value) for name, value in vars(args).items()},
        }
        args.json.write_text(json.dumps(data, indent=2, default=str))
        print(f"Figures written to {args.json}")
    override.disable()


if __name__ == "__main__":
    main()
