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
