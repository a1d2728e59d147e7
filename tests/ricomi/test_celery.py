from ricomi.tasks import ping_task


def test_a_real_worker_consuming_from_redis_runs_the_task(celery_worker):
    result = ping_task.delay("RICOMI")

    assert result.get(timeout=30) == "IMOCIR"
    assert celery_worker.poll() is None  # the worker is a separate, still-running process
