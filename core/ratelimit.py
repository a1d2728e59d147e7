"""A fixed-window rate limit in the shared cache (Redis in production): one counter per scope and key."""

import hashlib

from django.core.cache import cache


def over_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit of `key` (a client address) on `scope`; True past `limit` hits in the window."""
    cache_key = f"ratelimit:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit < 1
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        hits = 1
    return hits > limit
