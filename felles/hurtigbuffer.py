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
Redis).

**One computation at a time** (``hent_eller_beregn``): when a figure is in neither
copy, the process that finds it missing first takes a short lock on Redis for its key
(``SET NX`` with an expiry, ``LAAS_SEKUNDER``) and computes it; another process that
finds it missing meanwhile waits for that value on Redis instead of computing the same
figure beside it (after a write, every worker asks for the new figure at once: on a few
cores, three computing the same thing make each of them three times slower). The wait
is bounded (``VENT_SEKUNDER``) and ends as soon as the lock is gone: a computation that
failed or a worker killed mid-way leaves the waiter to compute it itself, so a wait
never turns into a failed page. The key names the stamps the figure was computed
under, so what a waiter reads is exactly what it would have computed. Without Redis
(or while it is down) every process computes, as before."""

from __future__ import annotations

import logging
import secrets
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

INGEN = object()
PAUSE_SEKUNDER = 30.0
# The longest a process waits for another's computation of the same figure, and the
# lock's expiry (a worker killed mid-computation frees it by then).
VENT_SEKUNDER = 5.0
LAAS_SEKUNDER = 30
# Deletes the lock only if it is still this computation's (compare and delete).
_SLIPP = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"
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


class _EnKlientPerPool(RedisCacheClient):
    """Django's client for Redis, with one ``redis.Redis`` per connection pool: Django
    makes a new one for every get and set, and each copies redis-py's table of some
    170 reply handlers (0.1 ms; a knowledge-base page reading its 30 kept cards made
    36 of them). A ``redis.Redis`` is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._klienter: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        klient = self._klienter.get(index)
        if klient is None:
            klient = self._client(connection_pool=self._get_connection_pool(write))
            self._klienter[index] = klient
        return klient


class DeltRedisCache(RedisCache):
    """The shared copy's cache (settings: ``datastand_delt``): Django's Redis cache with
    one client per connection pool (``_EnKlientPerPool``)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _EnKlientPerPool


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


def _delt_redis():
    """The shared copy's cache and its Redis client, or None (no Redis, or in pause)."""
    delt = caches["datastand_delt"]
    if not isinstance(delt, RedisCache) or _i_pause():
        return None
    return delt, delt._cache.get_client(write=True)


def forbind() -> None:
    """This thread's connection to the shared copy opened now (a worker's warm-up,
    ``velferdspilot.wsgi``), not by its first request: Django's caches are per thread,
    so each thread has its own Redis client and pool, and its first connection cost a
    request 3-5 ms (the connection, and redis-py reading its own version from the
    installed package's metadata). A Redis that does not answer pauses the shared copy,
    as any failure does."""
    redis_ = _delt_redis()
    if redis_ is None:
        return
    try:
        redis_[1].ping()
    except Exception as feil:  # noqa: BLE001 (any failure of the cache server)
        _pause(feil)


def _vent(delt, redis, key: str, laas: str):
    """Wait for the value another process is computing under ``key`` (holding
    ``laas``): the value as soon as it is there; ``INGEN`` when the lock is gone without
    a value (that computation failed) or after ``VENT_SEKUNDER``."""
    slutt = time.monotonic() + VENT_SEKUNDER
    pause = 0.002
    while time.monotonic() < slutt:
        time.sleep(pause)
        pause = min(pause * 2, 0.02)
        verdi = delt.get(key, INGEN)
        if verdi is not INGEN:
            return verdi
        if not redis.exists(laas):
            # Stored just before the lock was released, or not at all.
            return delt.get(key, INGEN)
    return INGEN


def hent_eller_beregn(key: str, beregn):
    """The value kept under ``key`` (``hent``), else ``beregn()``, kept (``lagre``):
    computed by one process at a time where the shared copy is on Redis, the others
    waiting for its value (see the module's docstring)."""
    verdi = hent(key)
    if verdi is not INGEN:
        return verdi
    token = None
    try:
        redis_ = _delt_redis()
        if redis_ is not None:
            delt, redis = redis_
            laas = delt.make_key("laas:" + key)
            token = secrets.token_hex(8)
            if not redis.set(laas, token, nx=True, ex=LAAS_SEKUNDER):
                token = None
                verdi = _vent(delt, redis, key, laas)
                if verdi is not INGEN:
                    caches["datastand"].set(key, verdi)
                    return verdi
    except Exception as feil:  # noqa: BLE001 (any failure of the cache server)
        _pause(feil)
        token = None
    try:
        verdi = beregn()
        lagre(key, verdi)
    finally:
        if token is not None:
            try:
                redis.eval(_SLIPP, 1, laas, token)
            except Exception as feil:  # noqa: BLE001 (any failure of the cache server)
                _pause(feil)
    return verdi


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
