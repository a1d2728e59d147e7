"""The quick start's default path: SQLite, eager tasks, file outbox. Run by `make test` on SQLite."""

import pytest
from django.core.management import call_command
from django.db import connection

from network.models import Country
from ricomi.tasks import ping_task

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_the_quick_start_runs_on_sqlite_with_reference_data():
    assert connection.vendor == "sqlite"
    assert Country.objects.in_americas().count() == 35


def test_pages_answer_on_sqlite(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert client.get("/es/").status_code == 200
    assert client.get("/en/countries/").status_code == 200
    assert client.get("/fr/countries/ht/").status_code == 200


def test_tasks_run_eagerly_without_a_broker(settings):
    assert settings.CELERY_BROKER_URL == ""
    assert ping_task.delay("abc").get() == "cba"


def test_healthz_reports_unconfigured_parts_as_such(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "not configured (tasks run eagerly)"


def test_search_degrades_to_simple_matching_on_sqlite(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = client.get("/es/initiatives/", {"q": "retorno", "theme": "return-reintegration"})

    assert response.status_code == 200
    assert response.context["result"].page.paginator.count > 0
    assert client.get(response.context["result"].page.object_list[0].get_absolute_url()).status_code == 200
