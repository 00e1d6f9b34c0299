"""Read-only view links for leaders: one unit's subtree, until an expiry, revocable; no password needed.

The link carries a random token; the database keeps only its SHA-256, so a copy of the database opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from access.errors import InvalidLinkDays, UnknownLink, UnknownUnits
from access.rights import LINK, VIEWER, Principal
from access.tokens import naive_utc, new_link_token, token_hash, utc_now
from store.access_audit import record_audit
from store.connections import reading
from store.engine import write_transaction
from store.tables import units as units_table
from store.tables import view_links

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
UNKNOWN = "unknown"
MAX_LINK_DAYS = 366
LINK_QUERY_PARAM = "link"

_MESSAGES = {
    EXPIRED: (
        "此查看链接已过期。请联系管理员重新生成链接",
        "This view link has expired. Ask the administrator for a new link",
    ),
    REVOKED: (
        "此查看链接已被管理员撤销。如仍需查看，请联系管理员",
        "This view link was withdrawn by the administrator. Ask them if you still need access",
    ),
    UNKNOWN: (
        "链接无效：请检查是否完整复制了链接，或联系管理员",
        "This link is not valid: check that it was copied whole, or ask the administrator",
    ),
}


@dataclass(frozen=True)
class ViewLink:
    id: int
    unit_code: str
    label: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return REVOKED
        return EXPIRED if naive_utc(now) >= self.expires_at else VALID

    def as_principal(self) -> Principal:
        return Principal(
            LINK, self.id, self.label or f"link#{self.id}", VIEWER, (self.unit_code,), self.label
        )

    def as_json(self, now: datetime) -> dict:
        return {
            "id": self.id,
            "unit": self.unit_code,
            "label": self.label,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(timespec="seconds") + "Z",
            "expires_at": self.expires_at.isoformat(timespec="seconds") + "Z",
            "status": self.status(now),
        }


@dataclass(frozen=True)
class LinkCheck:
    """What opening a link found. `principal` is set only when the status is valid."""

    status: str  # valid | expired | revoked | unknown
    link: ViewLink | None = None
    principal: Principal | None = None

    def message(self, lang: str = "zh") -> str:
        if self.status == VALID:
            return ""
        zh, en = _MESSAGES[self.status]
        return en if lang == "en" else zh


@dataclass(frozen=True)
class NewLink:
    link: ViewLink
    token: str  # shown once, to the admin who made it; never stored

    @property
    def path(self) -> str:
        return f"/?{LINK_QUERY_PARAM}={self.token}"

    def url(self, base_url: str | None) -> str:
        return (base_url or "").rstrip("/") + self.path


def create_link(
    engine: Engine,
    unit_code: str,
    days: int,
    *,
    label: str = "",
    actor: str = "system",
    now: datetime | None = None,
) -> NewLink:
    if not 1 <= days <= MAX_LINK_DAYS:
        raise InvalidLinkDays(days, MAX_LINK_DAYS)
    when = (naive_utc(now) if now is not None else utc_now()).replace(microsecond=0)
    token = new_link_token()
    with write_transaction(engine) as conn:
        if conn.execute(select(units_table.c.code).where(units_table.c.code == unit_code)).scalar() is None:
            raise UnknownUnits([unit_code])
        link_id = conn.execute(
            view_links.insert()
            .values(
                token_sha256=token_hash(token),
                unit_code=unit_code,
                label=label.strip(),
                created_by=actor,
                created_at=when,
                expires_at=when + timedelta(days=days),
                revoked_at=None,
            )
            .returning(view_links.c.id)
        ).scalar_one()
        record_audit(
            conn,
            actor,
            acts.LINK_CREATED,
            f"link#{link_id}",
            {"unit": unit_code, "days": days, "label": label},
            now=when,
        )
        return NewLink(_link(conn, link_id), token)


def check_link(source: Engine | Connection, token: str | None, *, now: datetime | None = None) -> LinkCheck:
    """Open a link: valid (with a read-only principal for its unit), expired, revoked, or unknown."""
    if not token:
        return LinkCheck(UNKNOWN)
    when = naive_utc(now) if now is not None else utc_now()
    with reading(source) as conn:
        link_id = conn.execute(
            select(view_links.c.id).where(view_links.c.token_sha256 == token_hash(token))
        ).scalar()
        if link_id is None:
            return LinkCheck(UNKNOWN)
        link = _link(conn, link_id)
    status = link.status(when)
    return LinkCheck(status, link, link.as_principal() if status == VALID else None)


def revoke_link(
    engine: Engine, link_id: int, *, actor: str = "system", now: datetime | None = None
) -> ViewLink:
    """Withdraw a link at once. Revoking one already revoked changes nothing and is not an error."""
    when = naive_utc(now) if now is not None else utc_now()
    with write_transaction(engine) as conn:
        if conn.execute(select(view_links.c.id).where(view_links.c.id == link_id)).scalar() is None:
            raise UnknownLink(link_id)
        revoked = conn.execute(
            view_links.update()
            .where(view_links.c.id == link_id, view_links.c.revoked_at.is_(None))
            .values(revoked_at=when)
        ).rowcount
        if revoked:
            record_audit(conn, actor, acts.LINK_REVOKED, f"link#{link_id}", {}, now=when)
        return _link(conn, link_id)


def list_links(source: Engine | Connection) -> list[ViewLink]:
    with reading(source) as conn:
        ids = conn.execute(select(view_links.c.id).order_by(view_links.c.id)).scalars().all()
        return [_link(conn, link_id) for link_id in ids]


def _link(conn: Connection, link_id: int) -> ViewLink:
    row = conn.execute(select(view_links).where(view_links.c.id == link_id)).mappings().one()
    return ViewLink(
        int(row["id"]),
        row["unit_code"],
        row["label"],
        row["created_by"],
        row["created_at"],
        row["expires_at"],
        row["revoked_at"],
    )
