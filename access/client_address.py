"""Which address a sign-in attempt comes from, for the per-client lockout.

X-Forwarded-For is whatever the client wrote unless our own proxy wrote it: the first entry was trusted, so a
new header per guess was a new client (issue 11). Only a peer listed in DASHBOARD_TRUSTED_PROXIES (nginx on
the same machine by default) is believed, and only for the hop it added itself: the last entry.
"""

from __future__ import annotations

from collections.abc import Mapping

ENV_VAR = "DASHBOARD_TRUSTED_PROXIES"
DEFAULT_TRUSTED = "127.0.0.1,::1"  # deploy/nginx.conf on the same host; set the variable empty to trust none


def trusted_proxies(environ: Mapping[str, str]) -> frozenset[str]:
    """The proxy addresses from the environment (comma-separated)."""
    text = environ.get(ENV_VAR, DEFAULT_TRUSTED)
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def client_address(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str | None:
    """The peer itself, or, when the peer is a trusted proxy, the last hop it forwarded.

    None when unknown (a trusted proxy that sent no header): then only the account's lockout applies, rather
    than one shared bucket that five wrong guesses from anyone would lock for everybody.
    """
    peer = (peer or "").strip() or None
    if peer is None or peer not in trusted:
        return peer[:128] if peer else None
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    return hops[-1][:128] if hops else None
