import pytest
from django.core.cache import cache

from core.cache import SharedClientRedisCache


def test_the_redis_cache_reuses_one_client_for_every_operation():
    if not isinstance(cache, SharedClientRedisCache):
        pytest.skip("REDIS_URL is not set: run the suite through `make test`")
    cache.set("shared-client-test", 1)
    first = cache._cache.get_client(write=True)

    assert cache.get_many(["shared-client-test"]) == {"shared-client-test": 1}
    assert cache.incr("shared-client-test") == 2
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client() is cache._cache.get_client()
