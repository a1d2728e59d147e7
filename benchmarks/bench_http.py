"""Requests per second of the public pages, served as in production, against a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_demo REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python benchmarks/bench_http.py --label "demo data" --workers 1 2

gunicorn serves the project as the production image does (`gunicorn ricomi.wsgi:application`,
sync workers, DEBUG off, manifest static files, the Redis cache of REDIS_URL shared by every
worker); the URLconf adds the trivial view /es/bench-trivial/ (benchmarks/bench_urls.py), which
returns "ok" through the same middleware. Requests carry `X-Forwarded-Proto: https`, as the proxy
sends them. For each number of workers, `wrk -t2 -c16 -d10s` loads each page in turn:

- repeat visits: the same address again and again, its page already in the page cache;
- first visits: every request asks for an address never asked before (`?visit=<thread>-<n>`
  appended), so the page cache has no copy and the page is built from the database and stored,
  as for the first visitor after a write. The detail page also goes through many different
  initiatives. What other caches hold (vocabularies, search counts) stays: emptying them is what
  bench_search.py's (a0) and (b0) measure.

Every answer's status and X-Page-Cache header are counted by benchmarks/bench_http.lua: a run
whose answers are not all 200 fails. The table is printed and written into docs/benchmarks.md
between markers named after --label.
"""

# ruff: noqa: S603 - runs our own interpreter, gunicorn and wrk with arguments built here
import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).with_name("bench_http.lua")
DOC = REPO_ROOT / "docs" / "benchmarks.md"
TRIVIAL = "/es/bench-trivial/"
TRIVIAL_NAME = "trivial view (floor)"
# Repeat visits must reach this share of the trivial view on every page; first visits on these.
REPEAT_GOAL, FIRST_GOAL, FIRST_GOAL_PAGES = 0.40, 0.10, ("home", "initiative")
DETAIL_ADDRESSES = 5000  # distinct initiatives the detail page's first visits go through


def page_paths(env: dict) -> tuple[dict[str, list[str]], int]:
    """The pages measured, each with its addresses (several for the detail page), and how many
    published initiatives the database holds."""
    code = (
        "import json, django; django.setup();"
        "from initiatives.models import Initiative;"
        f"rows = Initiative.objects.published().order_by('-published_at', '-pk')[:{DETAIL_ADDRESSES}];"
        "print(json.dumps([[i.get_absolute_url() for i in rows], Initiative.objects.published().count()]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout
    details, published = json.loads(output.strip().splitlines()[-1])
    pages = {
        TRIVIAL_NAME: [TRIVIAL],
        "home": ["/es/"],
        "countries": ["/es/countries/"],
        "a country": ["/es/countries/mx/"],
        "initiatives": ["/es/initiatives/"],
        "search": ["/es/initiatives/?q=retorno&theme=return-reintegration"],
        "initiative": details,
        "feed": ["/es/feeds/initiatives/"],
    }
    return pages, published


def server_env(args) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": args.static_root,
        "PAGE_CACHE_SECONDS": "300",  # first visits store a page per request: let them go soon
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO_ROOT),
    }


def render_page_bodies(env: dict) -> None:
    """The detail pages' kept bodies, as saving each record renders them (generated records were
    inserted in bulk, without saves): only those the first visits go through, in Spanish."""
    command = [
        sys.executable,
        "manage.py",
        "render_page_bodies",
        "--latest",
        str(DETAIL_ADDRESSES),
        "--language",
        "es",
    ]
    subprocess.run(command, env=env, cwd=REPO_ROOT, check=True)


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=REPO_ROOT, check=True
    )


def start_gunicorn(env: dict, workers: int, port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "ricomi.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    log = open(REPO_ROOT / "var" / "bench-http-gunicorn.log", "a")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=log)
    for _ in range(100):
        try:
            get(port, TRIVIAL)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 20 s")


def get(port: int, path: str) -> tuple[int, str | None]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.headers.get("X-Page-Cache")


def run_wrk(args, port: int, paths: list[str], unique: bool, duration: int | None = None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration or args.duration}s",
        "--timeout", "10s", "-H", "X-Forwarded-Proto: https", "-s", str(LUA_SCRIPT), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    env = {**os.environ, "BENCH_PATHS": listing.name, "BENCH_UNIQUE": "1" if unique else "0"}
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    os.unlink(listing.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    result = json.loads(line.removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if result["not_ok"]:
        raise SystemExit(f"{paths[0]}: {result['not_ok']} answers were not 200")
    return result


def measure(args, env: dict, pages: dict, workers: int, port: int) -> dict:
    """{page: {"repeat": result, "first": result}} for one number of workers."""
    server = start_gunicorn(env, workers, port)
    results = {}
    try:
        for name, paths in pages.items():
            for path in paths[:3]:
                status, _cached = get(port, path)  # warms the page cache (and checks the address)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
            results[name] = {"repeat": run_wrk(args, port, paths[:1], unique=False)}
            if name != TRIVIAL_NAME:
                # The floor again, just before the page: the load of the machine drifts.
                results[name]["floor"] = run_wrk(args, port, [TRIVIAL], False, max(3, args.duration // 2))
                results[name]["first"] = run_wrk(args, port, paths, unique=True)
            print(f"  {workers} worker(s) {name}: {summary(results[name])}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def summary(result: dict) -> str:
    return ", ".join(
        f"{kind} {r['rps']:.0f}/s p95 {r['p95_us'] / 1000:.1f} ms (hits {r['hits']}, misses {r['misses']})"
        for kind, r in result.items()
    )


def floor_of(results: dict, workers: int, name: str) -> float:
    """The trivial view's requests/s measured just before the page (the first one for itself)."""
    page = results[workers][name]
    return page.get("floor", results[workers][TRIVIAL_NAME]["repeat"])["rps"]


def table(results: dict, workers: list[int]) -> str:
    """One row per page: requests/s, share of the trivial view and p95, repeat and first visits.
    The share is of the trivial view measured just before the page, in the same conditions."""
    header = "| page |" + "".join(
        f" {w}w repeat r/s | share | p95 ms | {w}w first r/s | share | p95 ms |" for w in workers
    )
    lines = [header, "|---|" + "---:|" * 6 * len(workers)]
    for name in results[workers[0]]:
        cells = [name]
        for w in workers:
            floor = floor_of(results, w, name)
            for kind in ("repeat", "first"):
                r = results[w][name].get(kind)
                if r is None:
                    cells += ["", "", ""]
                    continue
                share = r["rps"] / floor
                goal = REPEAT_GOAL if kind == "repeat" else (FIRST_GOAL if name in FIRST_GOAL_PAGES else None)
                mark = "" if goal is None or name.startswith("trivial") else (" ✓" if share >= goal else " ✗")
                errors = f" ({r['socket_errors']} timeouts)" if r["socket_errors"] else ""
                cells += [f"{r['rps']:,.0f}", f"{share:.0%}{mark}", f"{r['p95_us'] / 1000:.1f}{errors}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_doc(label: str, text: str) -> None:
    start, end = f"<!-- bench-http: {label} -->", f"<!-- /bench-http: {label} -->"
    block = f"{start}\n{text}\n{end}"
    doc = DOC.read_text()
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(doc):
        doc = pattern.sub(lambda _match: block, doc)
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", required=True, help="names the data (and the block in docs/benchmarks.md)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8790)
    static_root = Path(tempfile.gettempdir()) / "ricomi-bench-http-static"
    parser.add_argument("--static-root", default=str(static_root))
    parser.add_argument("--no-doc", action="store_true", help="print the table only")
    parser.add_argument("--pages", nargs="+", help="measure only these pages (the trivial view always)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench-http does)")
    env = server_env(args)
    collect_static(env)
    pages, published = page_paths(env)
    if args.pages:
        pages = {name: paths for name, paths in pages.items() if name in args.pages or name == TRIVIAL_NAME}
    render_page_bodies(env)
    load_before = os.getloadavg()[0]
    results = {w: measure(args, env, pages, w, args.port) for w in args.workers}
    text = (
        f"{args.label}: {published:,} published initiatives; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.duration}s` per page; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores.\n\n"
        + table(results, args.workers)
    )
    print(text)
    if not args.no_doc:
        write_doc(args.label, text)


if __name__ == "__main__":
    main()
