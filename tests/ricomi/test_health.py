import re
import subprocess
import sys
from pathlib import Path

import pytest


def test_healthz_answers_200_when_database_redis_and_broker_are_reachable(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "broker": "ok"}}


@pytest.mark.parametrize("part", ["redis", "broker"])
def test_healthz_answers_503_and_names_the_unreachable_part(client, db, settings, part):
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    if part == "redis":
        settings.REDIS_URL = unreachable
    else:
        settings.CELERY_BROKER_URL = unreachable

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"][part].startswith("unreachable:")
    assert body["checks"]["database"] == "ok"


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    from ricomi import health

    def broken():
        raise ConnectionError("database down")

    monkeypatch.setitem(health.CHECKS, "database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable: ConnectionError: database down"


def compose_healthcheck_command() -> str:
    """The Python line docker-compose.yml runs to decide whether `web` is healthy."""
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    return re.search(r'test: \["CMD", "python", "-c", "(.*)"\]', compose)[1]


def test_the_compose_healthcheck_passes_when_allowed_hosts_names_only_the_site(live_server, settings):
    settings.ALLOWED_HOSTS = ["ricomi.example.org"]  # as in production: not 127.0.0.1
    command = compose_healthcheck_command().replace("127.0.0.1:8000", live_server.url.split("//")[1])

    result = subprocess.run(
        [sys.executable, "-c", command],
        env={"SITE_URL": "https://ricomi.example.org"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
