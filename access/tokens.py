"""Signed session tokens and view-link tokens. Only hashes of secrets ever reach the database.

A session token is "user_id.session_id.expires.signature": the signature is HMAC-SHA256 with the server secret
over the first three parts, so a token cannot be forged or stretched without the secret, and the session row
(looked up by the SHA-256 of session_id) lets a log-out revoke it before it expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

VALID = "valid"
MALFORMED = "malformed"
BAD_SIGNATURE = "bad_signature"
EXPIRED = "expired"

SESSION_ID_BYTES = 24
LINK_TOKEN_BYTES = 32


@dataclass(frozen=True)
class SessionClaim:
    user_id: int
    session_id: str
    expires: datetime  # naive UTC


@dataclass(frozen=True)
class TokenCheck:
    status: str  # valid | malformed | bad_signature | expired
    claim: SessionClaim | None = None


def new_session_id() -> str:
    return secrets.token_urlsafe(SESSION_ID_BYTES)


def new_link_token() -> str:
    return secrets.token_urlsafe(LINK_TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 hex of a random token: what the database keeps instead of the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def sign_session(secret: bytes, user_id: int, session_id: str, expires: datetime) -> str:
    body = f"{int(user_id)}.{session_id}.{_epoch(expires)}"
    return f"{body}.{_signature(secret, body)}"


def check_session_token(secret: bytes, token: str, now: datetime) -> TokenCheck:
    parts = (token or "").split(".")
    if len(parts) != 4:
        return TokenCheck(MALFORMED)
    user_text, session_id, expires_text, signature = parts
    if not (_digits(user_text) and _digits(expires_text) and session_id):
        return TokenCheck(MALFORMED)
    body = f"{user_text}.{session_id}.{expires_text}"
    if not hmac.compare_digest(
        signature.encode("ascii", "replace"), _signature(secret, body).encode("ascii")
    ):
        return TokenCheck(BAD_SIGNATURE)
    expires = datetime.fromtimestamp(int(expires_text), UTC).replace(tzinfo=None)
    if naive_utc(now) >= expires:
        return TokenCheck(EXPIRED)
    return TokenCheck(VALID, SessionClaim(int(user_text), session_id, expires))


def naive_utc(moment: datetime) -> datetime:
    """Times are kept as naive UTC in the database; accept an aware time from a caller's clock too."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _epoch(moment: datetime) -> int:
    return int(naive_utc(moment).replace(tzinfo=UTC).timestamp())


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _signature(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
