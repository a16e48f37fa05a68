"""Django's Redis cache, with one Redis client per connection pool instead of a new one per operation.

Django's RedisCacheClient builds a `redis.Redis` object on every get and set; with redis-py 8 that costs
about 0.2 ms each (its response callbacks are rebuilt), more than the round trip to Redis itself, and a
signed-in request makes three cache reads (session, user, device). A `redis.Redis` object is safe to share
between threads: it takes a connection from the pool for each command."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
