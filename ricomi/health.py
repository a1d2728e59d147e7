"""Reachability checks of the services the portal depends on, for /healthz."""

from django.conf import settings
from django.db import connection
from kombu import Connection
from redis import Redis

TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    Redis.from_url(settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS).ping()
    return "ok"


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not configured (tasks run eagerly)"
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1)
    return "ok"


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker}


def run_checks() -> tuple[bool, dict[str, str]]:
    """Run every check; return whether all passed and each part's state or error."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            healthy = False
            results[name] = f"unreachable: {error.__class__.__name__}: {error}"
    return healthy, results
