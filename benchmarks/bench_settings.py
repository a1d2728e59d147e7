"""Settings of the HTTP benchmark: the project's, read from the environment as in production,
plus the URLconf with the trivial view (benchmarks/bench_urls.py)."""

from ricomi.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "benchmarks.bench_urls"
