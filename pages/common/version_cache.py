"""Cached results of an older data version let go as soon as a run sees the newer one (issue 14).

Every cached page function takes the database URL and its data version first, so an upload makes every older
entry unreachable (pages/common/data.py). Unreachable is not gone: Streamlit drops an entry only when its
function holds `max_entries` newer ones, so after an upload a process kept both versions' frames — a
province's status, report frames and snapshots twice, 5 GiB at the peak of 50 viewers during an import
(benchmarks/bench_load.py). `versioned` records the arguments of each call; `forget_other_versions`, called
by every run once it has read the version, clears the entries of that database under any other version
(a restored backup may bring a lower number back: "other", not "older").

A run that read the old version just before the upload may still put an old entry back; the next run clears
it again. Clearing never breaks a run that holds an old object: it only leaves the cache.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
# Per wrapped function: the (args, kwargs) of its calls not yet cleared, the most recent last.
_calls: dict[Callable[..., Any], dict[tuple, None]] = {}
# Per database URL: the versions some recorded call holds, so that a run with nothing to clear looks no further.
_versions: dict[Any, set] = {}
# More recent calls than any cached function keeps entries (pages/common/figures.py keeps 256): a call this far
# back has left Streamlit's cache (it drops the least recently used), so its record is dropped too.
RECORDED = 1024


def versioned(cached: F) -> F:
    """`cached` (an st.cache_data / st.cache_resource function whose first two parameters are the URL and the
    data version), its calls recorded so that forget_other_versions can clear them."""
    calls: dict[tuple, None] = {}
    with _lock:
        _calls[cached] = calls

    @functools.wraps(cached)
    def call(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(kwargs.items()))
        try:
            with _lock:
                calls.pop(key, None)
                calls[key] = None
                if len(calls) > RECORDED:
                    del calls[next(iter(calls))]
                url, version = _url_and_version(key)
                _versions.setdefault(url, set()).add(version)
        except TypeError:  # an argument that cannot be a key here: the entry ages out as before
            pass
        return cached(*args, **kwargs)

    call.clear = cached.clear  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


def _url_and_version(key: tuple) -> tuple[Any, Any]:
    args, kwargs = key
    named = dict(kwargs)
    url = args[0] if args else named.get("url")
    version = args[1] if len(args) > 1 else named.get("version")
    return url, version


def forget_other_versions(url: str, version: int) -> int:
    """Clear every recorded entry of `url` under a version other than `version`; returns how many."""
    with _lock:
        if not _versions.get(url, set()) - {version}:
            return 0
        _versions[url] = {version}
        stale = [
            (cached, key)
            for cached, calls in _calls.items()
            for key in calls
            if (found := _url_and_version(key))[0] == url and found[1] != version
        ]
        for cached, key in stale:
            del _calls[cached][key]
    for cached, (args, kwargs) in stale:  # outside our lock: clear takes the cache's own locks
        cached.clear(*args, **dict(kwargs))
    return len(stale)
