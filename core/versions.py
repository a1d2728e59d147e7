"""Version counters in the cache: cached results carry the version they were computed at, and a
write bumps the counter, so stale entries are never read again (they expire on their own)."""

from django.core.cache import cache


def current_version(key: str) -> int:
    return cache.get_or_set(key, 1, timeout=None)


def bump_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # evicted or never set: any value other than the old one will do
        cache.set(key, 2, timeout=None)
