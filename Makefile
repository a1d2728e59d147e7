# RICOMI: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Test services: the PostgreSQL, Redis and broker of this machine (see README).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ricomi
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	CELERY_BROKER_URL=$(TEST_BROKER_URL) CELERY_RESULT_BACKEND=$(TEST_BROKER_URL)
# The walks of every address (per role, and with generated input) run beside the other tests, in
# a second process with its own database and Redis databases: the two cores share the work.
WALK_TESTS := tests/access tests/core/test_generated_input.py
WALK_ENV := DATABASE_URL=$(TEST_DATABASE_URL)_walk REDIS_URL=redis://127.0.0.1:6379/12 \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/13 CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/13

.PHONY: run test worker beat lint fmt messages makemessages bench bench-http system-bench totp system-run system-test clean

$(VENV)/.runtime: requirements.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# Debian packages: gettext (msgfmt) to compile catalogues; Chromium and fonts for browser tests.
# Pango lays out the PDFs (WeasyPrint); its fonts are shipped in static/fonts/.
system-run:
	@command -v msgfmt >/dev/null && ldconfig -p | grep -q libpangoft2-1.0 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext libpango-1.0-0 libpangoft2-1.0-0)

system-test: system-run
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftoppm ] && fc-list 2>/dev/null | grep -qi dejavu || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation poppler-utils)

messages: system-run $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

makemessages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l es -l en -l fr -l pt --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks

# `make run PORT=8801` serves on another port; SITE_URL (links in emails, trusted origin) follows.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
run: messages
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v0 && echo "Database: migrations applied, schema up to date."
	@$(PY) manage.py load_demo
	@echo "RICOMI is served on $(SITE_URL)/es/ (admin: $(SITE_URL)/admin/). Stop it with Ctrl-C."
	@SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-test messages $(VENV)/.dev
	mkdir -p var/test-output var/static
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	$(WALK_ENV) $(VENV)/bin/pytest -m "not smoke" -p no:cacheprovider $(WALK_TESTS) > var/test-output/walks.log 2>&1 & \
	walks=$$!; \
	$(TEST_ENV) $(VENV)/bin/pytest -m "not smoke" -p no:cacheprovider $(addprefix --ignore=,$(WALK_TESTS)); \
	others=$$?; wait $$walks; walked=$$?; \
	echo "--- the walks (var/test-output/walks.log):"; cat var/test-output/walks.log; \
	[ $$others -eq 0 ] && [ $$walked -eq 0 ]
	DATABASE_URL=sqlite:///$(CURDIR)/var/smoke.sqlite3 $(VENV)/bin/pytest -m smoke -p no:cacheprovider

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A ricomi worker --loglevel=INFO

beat: $(VENV)/.runtime
	$(VENV)/bin/celery -A ricomi beat --loglevel=INFO --schedule=var/celerybeat-schedule

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Search benchmark on generated data (docs/benchmarks.md): a separate database, never the tests'.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ricomi_bench
BENCH_INITIATIVES ?= 100000
# The data is generated once and reused; `make bench BENCH_REGENERATE=1` after a schema change.
bench: $(VENV)/.dev
	createdb -h 127.0.0.1 -U postgres ricomi_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/generate_initiatives.py --initiatives $(BENCH_INITIATIVES) --seed 1 --reset $(if $(BENCH_REGENERATE),,--keep-existing)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=redis://127.0.0.1:6379/13 $(PY) benchmarks/bench_search.py --requests 200 --naive-requests 30 --explain

# Requests per second of the public pages under gunicorn, as in production, loaded by wrk against a
# trivial view (docs/speed.md): on the demo data, then on the 100,000 initiatives of `make bench`
# if that database exists. Writes its tables into docs/benchmarks.md.
BENCH_DEMO_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ricomi_bench_demo
BENCH_HTTP_REDIS_URL ?= redis://127.0.0.1:6379/13
BENCH_HTTP_WORKERS ?= 1 2
system-bench:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)

bench-http: system-bench $(VENV)/.dev
	createdb -h 127.0.0.1 -U postgres ricomi_bench_demo 2>/dev/null || true
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py load_demo >/dev/null
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) REDIS_URL=$(BENCH_HTTP_REDIS_URL) \
		$(PY) benchmarks/bench_http.py --label "demo data" --workers $(BENCH_HTTP_WORKERS)
	@if psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw ricomi_bench; then \
		DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0 && \
		DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_HTTP_REDIS_URL) \
			$(PY) benchmarks/bench_http.py --label "100,000 initiatives" --workers $(BENCH_HTTP_WORKERS); \
	else echo "No ricomi_bench database: run 'make bench' first for the 100,000-initiative figures."; fi

totp: $(VENV)/.runtime
	@$(PY) manage.py demo_totp

clean:
	rm -rf var/test-output var/smoke.sqlite3
