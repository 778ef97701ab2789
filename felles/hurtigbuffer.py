"""Where ``felles.datastand`` keeps its figures and rendered parts of pages: first each
process's own memory, then, where Redis is configured, a copy shared by every process.

The process's own memory (the ``datastand`` cache) is bounded both in entries
(``MAX_ENTRIES``) and in bytes (``MAX_BYTES``): when a new entry would pass either
bound, the least recently read entries go first, and an entry larger than the whole
byte bound is not kept at all.

The shared copy (the ``datastand_delt`` cache: Redis at ``REDIS_URL``, the broker's
server, or nothing) is what a new or recycled worker and the other workers read
before they compute a figure again: after a write, one worker computes the new figure
and the others read it, instead of every worker computing it once. Its keys are the
same as in memory (the figure, its arguments, the stamps of the data under it and the
database's epoch) under a prefix naming this installation's code (``kodeversjon``),
so a deploy never serves what older templates rendered. Entries expire after
``TIMEOUT`` seconds (a few minutes: the shared copy is for the moments after a write
or a restart; a process keeps what it read in its own memory). Redis being down or
slow never fails a page: an error is logged, and the process leaves the shared copy
alone for ``PAUSE_SEKUNDER`` before it tries again (computing meanwhile, as without
Redis)."""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

INGEN = object()
PAUSE_SEKUNDER = 30.0
_pause_til = 0.0
_pause_laas = threading.Lock()


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


def _i_pause() -> bool:
    return time.monotonic() < _pause_til


def _pause(feil: Exception) -> None:
    global _pause_til
    with _pause_laas:
        _pause_til = time.monotonic() + PAUSE_SEKUNDER
    logger.warning(
        "Den delte hurtigbufferen svarer ikke (%s); prøver igjen om %.0f s.", feil, PAUSE_SEKUNDER
    )


def hent(key: str):
    """The value kept under ``key``: from this process's memory, else from the shared
    copy (and then kept in memory too); ``INGEN`` when neither has it."""
    lokal = caches["datastand"]
    verdi = lokal.get(key, INGEN)
    if verdi is not INGEN or _i_pause():
        return verdi
    try:
        verdi = caches["datastand_delt"].get(key, INGEN)
    except Exception as feil:  # noqa: BLE001 (any failure of the cache server)
        _pause(feil)
        return INGEN
    if verdi is not INGEN:
        lokal.set(key, verdi)
    return verdi


def lagre(key: str, verdi) -> None:
    """Keep ``verdi`` under ``key`` in this process's memory and in the shared copy."""
    caches["datastand"].set(key, verdi)
    if _i_pause():
        return
    try:
        caches["datastand_delt"].set(key, verdi)
    except Exception as feil:  # noqa: BLE001 (any failure of the cache server)
        _pause(feil)


def tom() -> None:
    """Forget everything kept, in this process's memory and in the shared copy (this
    installation's keys only: the broker's messages share the server). For the tests,
    which each start with nothing kept."""
    caches["datastand"].clear()
    delt = caches["datastand_delt"]
    if not isinstance(delt, RedisCache):  # without Redis nothing is shared
        return
    redis = delt._cache.get_client(write=True)
    noekler = list(redis.scan_iter(match=delt.make_key("*"), count=1000))
    if noekler:
        redis.delete(*noekler)
