"""Push targets (the group robots), the log of every send, what each target was told about each alert, and
the officers' mobiles for reminders. A target's URL and secret leave this module only inside PushTarget,
whose repr masks them; the log never holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from access.tokens import naive_utc, utc_now
from domain.errors import NotFound
from push.robots import KINDS
from push.secrets import mask_url, mask_value, scrub
from store.access_audit import record_audit
from store.connections import reading
from store.engine import write_transaction
from store.tables import push_alert_state, push_log, push_targets, user_units, users
from store.tables import units as units_table

LOG_COLUMNS = ["id", "target", "kind", "what", "week", "sent_at", "ok", "attempts", "answer", "content"]
MAX_NAME = 128


class UnknownTarget(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(
            name,
            f"没有名为「{name}」的推送目标。用 push targets list 查看",
            f"No push target named {name!r}. See `push targets list`",
        )


class BadTarget(ValueError):
    """A target that cannot be added: a name taken or empty, an unknown kind, a URL that is not http(s), a unit
    not in the list. `message(lang)` says which and how to fix it."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(frozen=True)
class PushTarget:
    id: int
    name: str
    kind: str
    url: str = field(repr=False)
    secret: str = field(repr=False)
    unit_code: str | None  # None: the whole district
    enabled: bool

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)

    @property
    def masked_secret(self) -> str:
        return mask_value(self.secret)

    def __repr__(self) -> str:  # a target printed in a traceback or a log shows no credential
        return (
            f"PushTarget(name={self.name!r}, kind={self.kind!r}, url={self.masked_url!r}, "
            f"unit_code={self.unit_code!r}, enabled={self.enabled})"
        )

    def as_json(self) -> dict:
        """For `push targets list --json` and the settings page: masked, never the URL or secret itself."""
        return {
            "name": self.name,
            "kind": self.kind,
            "url": self.masked_url,
            "secret": self.masked_secret,
            "unit": self.unit_code,
            "enabled": self.enabled,
        }


def add_target(
    engine: Engine,
    name: str,
    kind: str,
    url: str,
    *,
    secret: str = "",
    unit_code: str | None = None,
    actor: str = "system",
) -> PushTarget:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise BadTarget(
            f"推送目标名称须为 1–{MAX_NAME} 个字符", f"A target's name has 1–{MAX_NAME} characters"
        )
    if kind not in KINDS:
        raise BadTarget(
            f"类型「{kind}」无效，应为 {'、'.join(KINDS)}", f"Kind {kind!r} is not one of {', '.join(KINDS)}"
        )
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        raise BadTarget(
            f"机器人地址须以 https:// 或 http:// 开头：{mask_url(url)}",
            f"The robot's URL must start with https:// or http://: {mask_url(url)}",
        )
    unit_code = (unit_code or "").strip() or None
    with write_transaction(engine) as conn:
        if conn.execute(select(push_targets.c.id).where(push_targets.c.name == name)).scalar() is not None:
            raise BadTarget(
                f"推送目标「{name}」已存在：换一个名称，或先 push targets remove {name}",
                f"A push target named {name!r} exists: choose another name, or remove it first",
            )
        if unit_code is not None and (
            conn.execute(select(units_table.c.code).where(units_table.c.code == unit_code)).scalar() is None
        ):
            raise BadTarget(
                f"没有编码为“{unit_code}”的单位：请用单位名单中的编码（如 C01）",
                f"No unit has the code {unit_code!r}: use a code from the unit list (e.g. C01)",
            )
        conn.execute(
            push_targets.insert().values(
                name=name,
                kind=kind,
                url=url,
                secret=(secret or "").strip(),
                unit_code=unit_code,
                enabled=True,
                created_by=str(actor)[:128],
                created_at=utc_now(),
            )
        )
        record_audit(
            conn, actor, acts.PUSH_TARGET_ADDED, name, {"kind": kind, "unit": unit_code, "url": mask_url(url)}
        )
        return _target(conn, name)


def remove_target(engine: Engine, name: str, *, actor: str = "system") -> None:
    with write_transaction(engine) as conn:
        found = _target(conn, name)
        conn.execute(delete(push_targets).where(push_targets.c.id == found.id))
        conn.execute(delete(push_alert_state).where(push_alert_state.c.target == name))
        record_audit(conn, actor, acts.PUSH_TARGET_REMOVED, name, {"kind": found.kind})


def list_targets(source: Engine | Connection, *, enabled_only: bool = False) -> list[PushTarget]:
    query = select(push_targets).order_by(push_targets.c.name)
    if enabled_only:
        query = query.where(push_targets.c.enabled.is_(True))
    with reading(source) as conn:
        return [_from_row(row) for row in conn.execute(query).mappings()]


def get_target(source: Engine | Connection, name: str) -> PushTarget:
    with reading(source) as conn:
        return _target(conn, name)


def _target(conn: Connection, name: str) -> PushTarget:
    row = conn.execute(select(push_targets).where(push_targets.c.name == name)).mappings().first()
    if row is None:
        raise UnknownTarget(name)
    return _from_row(row)


def _from_row(row) -> PushTarget:
    return PushTarget(
        int(row["id"]),
        row["name"],
        row["kind"],
        row["url"],
        row["secret"] or "",
        row["unit_code"],
        bool(row["enabled"]),
    )


# --- The log -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SendRecord:
    what: str
    week: str | None
    ok: bool
    attempts: int
    answer: str
    content: str


def record_send(
    engine: Engine,
    target: PushTarget,
    record: SendRecord,
    *,
    private: tuple[str, ...] = (),
    actor: str = "system",
    now: datetime | None = None,
) -> None:
    """One row in push_log, and an audit row when the send failed; the target's URL, secret and any
    `private` text (a view link's token) are masked in everything written."""
    hidden = (target.url, target.secret, *private)
    answer = scrub(record.answer, *hidden)
    when = naive_utc(now) if now is not None else utc_now()
    with write_transaction(engine) as conn:
        conn.execute(
            push_log.insert().values(
                target=target.name,
                kind=target.kind,
                what=record.what,
                week=None if record.week is None else date.fromisoformat(record.week),
                sent_at=when,
                ok=record.ok,
                attempts=record.attempts,
                answer=answer,
                content=scrub(record.content, *hidden),
            )
        )
        if not record.ok:
            detail = {"what": record.what, "week": record.week, "attempts": record.attempts, "answer": answer}
            record_audit(conn, actor, acts.PUSH_FAILED, target.name, detail, now=when)


def load_push_log(source: Engine | Connection, limit: int = 50) -> pd.DataFrame:
    """The newest sends first."""
    query = select(*[push_log.c[c] for c in LOG_COLUMNS]).order_by(push_log.c.id.desc()).limit(limit)
    with reading(source) as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=LOG_COLUMNS)


def sent_before(source: Engine | Connection, target: str, what: str, week: str) -> bool:
    """Whether `what` for `week` already reached `target` (a weekly summary goes once)."""
    query = select(push_log.c.id).where(
        push_log.c.target == target,
        push_log.c.what == what,
        push_log.c.week == date.fromisoformat(week),
        push_log.c.ok.is_(True),
    )
    with reading(source) as conn:
        return conn.execute(query.limit(1)).scalar() is not None


# --- What each target was told -------------------------------------------------------------------------------
AlertKey = tuple[str, str, str]  # (family, unit_code, item)


def told_ranks(source: Engine | Connection, target: str) -> dict[AlertKey, int]:
    query = select(
        push_alert_state.c.family,
        push_alert_state.c.unit_code,
        push_alert_state.c.item,
        push_alert_state.c.rank,
    ).where(push_alert_state.c.target == target)
    with reading(source) as conn:
        return {(f, u, i): int(r) for f, u, i, r in conn.execute(query).all()}


def save_ranks(
    engine: Engine,
    target: str,
    ranks: dict[AlertKey, tuple[int, str]],
    week: str,
    *,
    now: datetime | None = None,
) -> None:
    """Remember (rank, kind) per alert key for `target`: what it has been told, or that it recovered (0)."""
    if not ranks:
        return
    when = naive_utc(now) if now is not None else utc_now()
    with write_transaction(engine) as conn:
        for (family, unit_code, item), (rank, kind) in ranks.items():
            conn.execute(
                delete(push_alert_state).where(
                    push_alert_state.c.target == target,
                    push_alert_state.c.family == family,
                    push_alert_state.c.unit_code == unit_code,
                    push_alert_state.c.item == item,
                )
            )
            conn.execute(
                push_alert_state.insert().values(
                    target=target,
                    family=family,
                    unit_code=unit_code,
                    item=item,
                    rank=rank,
                    kind=kind,
                    week=date.fromisoformat(week),
                    updated_at=when,
                )
            )


def unit_mobiles(source: Engine | Connection) -> dict[str, tuple[str, ...]]:
    """unit code → the mobiles of the users who hold that unit (user_units), in user-name order."""
    query = (
        select(user_units.c.unit_code, users.c.mobile)
        .join(users, users.c.id == user_units.c.user_id)
        .where(users.c.mobile.is_not(None))
        .order_by(users.c.username)
    )
    found: dict[str, list[str]] = {}
    with reading(source) as conn:
        for unit_code, mobile in conn.execute(query).all():
            found.setdefault(unit_code, []).append(mobile)
    return {code: tuple(dict.fromkeys(mobiles)) for code, mobiles in found.items()}
