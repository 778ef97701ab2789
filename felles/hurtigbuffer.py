"""The per-process cache of figures and rendered parts of pages (``felles.datastand``),
bounded both in entries (``MAX_ENTRIES``) and in bytes (``MAX_BYTES``): when a new
entry would pass either bound, the least recently read entries go first, and an entry
larger than the whole byte bound is not kept at all."""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache


class BegrensetLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", 64 * 1024 * 1024))

    def _set(self, key, value, timeout=None):
        # Called with the lock held and ``value`` pickled (bytes).
        if len(value) > self._max_bytes:
            self._delete(key)
            return
        super()._set(key, value, timeout)
        brukt = sum(len(v) for v in self._cache.values())
        while brukt > self._max_bytes and len(self._cache) > 1:
            # The end of the OrderedDict is the least recently read entry.
            eldste, verdi = self._cache.popitem()
            self._expire_info.pop(eldste, None)
            brukt -= len(verdi)

    def byte_brukt(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._cache.values())
