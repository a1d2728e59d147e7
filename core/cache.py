"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation.

Django's RedisCacheClient builds a `redis.Redis` object for every get, set or get_many, and each
one copies redis-py's table of response callbacks (about 170 entries): a quarter of a millisecond
per operation, as much as the round trip itself, and most of a page-cache hit. A client holds no
connection of its own (the pool does) and is safe to share, so each pool keeps one.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
