"""Cached results of an older data version let go once no run uses them any more (issue 14).

Every cached page function takes the database URL and its data version first, so an upload makes every older
entry unreachable (pages/common/data.py). Unreachable is not gone: Streamlit drops an entry only when its
function holds `max_entries` newer ones, so after an upload a province process kept both versions' frames —
its status, report frames and snapshots twice, gigabytes for the rest of the day. `versioned` records each
call's arguments and when it was last made; `forget_other_versions`, called by every run once it has read the
version, clears the entries of that database under any other version (a restored backup may bring a lower
number back: "other", not "older") that nobody asked for in the last IDLE_SECONDS.

Why not at once: runs that read the version just before the upload are still under way and ask for the old
entries again. Cleared at once, each of them worked the old figures out again, and the next run cleared them
again: 50 viewers of a province during an import cost the server 69 s of CPU instead of 51 s
(benchmarks/bench_load.py --units 30000). A run asks for its entries within seconds of its start.

The calls also tell how long no visitor's run has been in one or asked for one (`seconds_quiet`): the server's
warm-up of pages nobody has asked for yet (serve.py) waits for a quiet moment rather than take the one
process's Python from the leaders in front of it. Its own calls, made `while_warming`, do not count.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# No run takes this long to ask for its figures, even 50 viewers on one province process (p95 under 60 s).
IDLE_SECONDS = 120.0
# More recent calls than any cached function keeps entries (pages/common/figures.py keeps 256): a call this far
# back has left Streamlit's cache (it drops the least recently used), so its record is dropped too.
RECORDED = 1024

_clock = time.monotonic  # the tests move it on
_lock = threading.Lock()
# Per wrapped function: (args, kwargs) of its calls not yet cleared → when last made, the most recent last.
_calls: dict[Callable[..., Any], dict[tuple, float]] = {}
# Per database URL: the versions of its recorded calls, so that a run with nothing to clear looks no further.
_versions: dict[Any, set] = {}
# Visitors' calls (not a warm-up's) under way, and when the last one ended; a thread warming up is marked here.
_visits = 0
_last_visit = float("-inf")
_warming = threading.local()


def versioned(cached: F) -> F:
    """`cached` (an st.cache_data / st.cache_resource function whose first two parameters are the URL and the
    data version), its calls recorded so that forget_other_versions can clear them."""
    calls: dict[tuple, float] = {}
    with _lock:
        _calls[cached] = calls

    @functools.wraps(cached)
    def call(*args: Any, **kwargs: Any) -> Any:
        global _visits, _last_visit
        key = (args, tuple(kwargs.items()))
        visit = not getattr(_warming, "active", False)
        with _lock:
            if visit:
                _visits += 1
            try:
                calls.pop(key, None)
                calls[key] = _clock()
                if len(calls) > RECORDED:
                    del calls[next(iter(calls))]
                url, version = _url_and_version(key)
                _versions.setdefault(url, set()).add(version)
            except TypeError:  # an argument that cannot be a key here: the entry ages out as before
                pass
        try:
            return cached(*args, **kwargs)
        finally:
            if visit:
                with _lock:
                    _visits -= 1
                    _last_visit = _clock()

    call.clear = cached.clear  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


@contextmanager
def while_warming() -> Iterator[None]:
    """Calls made in this thread inside the block are a warm-up's, not a visitor's (seconds_quiet)."""
    _warming.active = True
    try:
        yield
    finally:
        _warming.active = False


def seconds_quiet() -> float:
    """Seconds since the last visitor's call of a cached function ended (infinity: never), 0 while one is
    under way (a province's first figures take seconds, all of them inside one call)."""
    with _lock:
        return 0.0 if _visits else _clock() - _last_visit


def _url_and_version(key: tuple) -> tuple[Any, Any]:
    args, kwargs = key
    named = dict(kwargs)
    url = args[0] if args else named.get("url")
    version = args[1] if len(args) > 1 else named.get("version")
    return url, version


def forget_other_versions(url: str, version: int) -> int:
    """Clear the recorded entries of `url` under a version other than `version` that were last asked for
    IDLE_SECONDS or more ago; returns how many."""
    now = _clock()
    with _lock:
        if not _versions.get(url, set()) - {version}:
            return 0
        stale, left = [], {version}
        for cached, calls in _calls.items():
            for key, last in calls.items():
                found_url, found_version = _url_and_version(key)
                if found_url != url or found_version == version:
                    continue
                if now - last >= IDLE_SECONDS:
                    stale.append((cached, key))
                else:
                    left.add(found_version)
        for cached, key in stale:
            del _calls[cached][key]
        _versions[url] = left
    for cached, (args, kwargs) in stale:  # outside our lock: clear takes the cache's own locks
        cached.clear(*args, **dict(kwargs))
    return len(stale)
