"""The weekly loop: plan what each target should be told (summary, new alerts, reminders), send it, and
remember it. Reads through the same read model and metrics as the pages; writes only push_log, the alert
state and, when asked, a view link for the summary's link."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine

import metrics
from briefs.content import build_brief
from domain.unit_tree import UnitTree, build_unit_tree
from domain.weeks import monday_of
from push import robots
from push.messages import alert_message, alert_news, pushed_alerts, reminder_message, summary_message
from push.parts import Message, Part, split_message
from push.sender import Sender
from push.texts import pt
from store import read_model
from store.access_links import create_link
from store.deadlines import load_deadlines
from store.pushes import (
    PushTarget,
    SendRecord,
    list_targets,
    record_send,
    save_ranks,
    sent_before,
    told_ranks,
    unit_mobiles,
)

# The dashboard's address for the summary's link (the page a member of the group opens); DASHBOARD_BASE_URL,
# which `links create` uses, is read when this is not set.
PUBLIC_URL_ENV = "DASHBOARD_PUBLIC_URL"
BASE_URL_ENV = "DASHBOARD_BASE_URL"


@dataclass
class Outgoing:
    """One message for one target, and what to remember once it is delivered."""

    target: PushTarget
    message: Message
    remember: dict = field(default_factory=dict)  # alert/reminder key → (rank, kind), saved after delivery


@dataclass(frozen=True)
class Outcome:
    target: str
    what: str
    ok: bool
    attempts: int
    parts: int
    answer: str


def parts_for(kind: str, message: Message, lang: str = "zh") -> list[Part]:
    """The message split to the robot's size limit (reminders with mentions go as WeCom text: 2048 bytes)."""
    limit = robots.content_limit(kind, bool(message.mobiles))
    return split_message(
        message,
        lambda part: robots.content_bytes(kind, part),
        limit,
        more=lambda n: pt("more", lang, n=n),
    )


def dashboard_address(environ=os.environ) -> str | None:
    return (environ.get(PUBLIC_URL_ENV) or environ.get(BASE_URL_ENV) or "").strip() or None


# --- Planning ---------------------------------------------------------------------------------------------
def plan_send(
    engine: Engine,
    *,
    week: date | str | None = None,
    now: datetime | None = None,
    lang: str = "zh",
    base_url: str | None = None,
    view_link_days: int | None = None,
    actor: str = "push",
    dry_run: bool = False,
) -> list[Outgoing]:
    """Per enabled target: the week's summary once its deadline has passed (once per week), and the
    alerts that are new or worse than what it was told. `week` None: alerts for the latest week with data,
    the summary for the latest week with data whose deadline has passed."""
    now = now or datetime.now()
    frames = read_model.load_frames(engine)
    if not frames.weeks:
        return []
    tree = build_unit_tree(frames.units)
    policy = load_deadlines(engine)
    latest = max(frames.weeks).isoformat()
    alerts_week = read_model.chosen_week(frames, week) or latest
    briefs: dict[tuple[str, str], object] = {}

    def brief_of(unit: str, week_iso: str):
        if (unit, week_iso) not in briefs:
            briefs[unit, week_iso] = build_brief(
                engine, unit, week_iso, lang=lang, frames=frames, made_at=now
            )
        return briefs[unit, week_iso]

    outgoing: list[Outgoing] = []
    for target in list_targets(engine, enabled_only=True):
        unit = target.unit_code or tree.roots[0]
        if unit not in tree.names:
            continue  # its unit left the list (inactive): nothing to say until it is back
        summary_week = alerts_week if week is not None else _summary_week(frames, policy, tree, unit, now)
        if summary_week and now >= _due(policy, tree, unit, summary_week):
            if not sent_before(engine, target.name, "summary", summary_week):
                link = _link(engine, unit, target, base_url, view_link_days, actor, dry_run)
                message = summary_message(
                    brief_of(unit, summary_week), link=link[0] if link else None, lang=lang
                )
                if link and link[1]:
                    message = Message(message.what, message.title, message.lines, message.week, (link[1],))
                outgoing.append(Outgoing(target, message))
        current = pushed_alerts(brief_of(unit, alerts_week).alerts)
        sentences, remember = alert_news(current, _alert_ranks(engine, target.name))
        if sentences:
            outgoing.append(
                Outgoing(target, alert_message(tree.names[unit], alerts_week, sentences, lang), remember)
            )
        elif remember and not dry_run:
            save_ranks(engine, target.name, remember, alerts_week, now=now)  # recoveries: nothing to say
    return outgoing


def plan_remind(
    engine: Engine, *, week: date | str | None = None, now: datetime | None = None, lang: str = "zh"
) -> list[Outgoing]:
    """Per enabled target, the units of its subtree that have not reported `week` (default: the week before
    this one), split by whether their own deadline has passed; each unit reminded once per phase."""
    now = now or datetime.now()
    week_iso = (
        read_model.monday(week) if week is not None else monday_of(now) - timedelta(days=7)
    ).isoformat()
    frames = read_model.load_frames(engine)
    tree = build_unit_tree(frames.units)
    if not tree.roots:
        return []
    policy = load_deadlines(engine)
    stock = read_model.stock_for_week(engine, frames, week_iso)
    publicity = read_model.publicity_for_week(engine, frames, week_iso)
    report_weeks = read_model.report_weeks_for(engine, frames, stock, week_iso)
    mobiles = unit_mobiles(engine)
    outgoing: list[Outgoing] = []
    for target in list_targets(engine, enabled_only=True):
        unit = target.unit_code or tree.roots[0]
        if unit not in tree.names:
            continue
        summary = metrics.reporting_summary(
            frames.units, report_weeks, publicity, week=week_iso, unit_code=unit
        )
        told = told_ranks(engine, target.name)
        for phase in ("before", "after"):
            family = f"remind_{phase}"
            due = None
            missing, remember = [], {}
            for entry in summary["missing"]:
                code = entry["unit_code"]
                unit_due = policy.due(date.fromisoformat(week_iso), tree.levels.get(code))
                if (now >= unit_due) != (phase == "after") or told.get((family, code, week_iso)):
                    continue
                due = unit_due if due is None else max(due, unit_due)
                missing.append((entry["unit"], _officers(mobiles, tree, code, unit)))
                remember[(family, code, week_iso)] = (1, family)
            if missing:
                message = reminder_message(phase, tree.names[unit], week_iso, due, missing, lang)
                outgoing.append(Outgoing(target, message, remember))
    return outgoing


def _alert_ranks(engine: Engine, target: str) -> dict:
    return {key: rank for key, rank in told_ranks(engine, target).items() if key[0] == "supply"}


def _levels_under(tree: UnitTree, unit: str) -> set[str]:
    return {tree.levels.get(code) for code in tree.subtree(unit)}


def _due(policy, tree: UnitTree, unit: str, week: str) -> datetime:
    """When the last of the unit's subtree is due: a summary waits for every level it counts."""
    monday = date.fromisoformat(week)
    return max(policy.due(monday, level) for level in _levels_under(tree, unit))


def _summary_week(frames, policy, tree: UnitTree, unit: str, now: datetime) -> str | None:
    for week in sorted(frames.weeks, reverse=True):
        if now >= _due(policy, tree, unit, week.isoformat()):
            return week.isoformat()
    return None


def _officers(mobiles: dict, tree: UnitTree, code: str, top: str) -> tuple[str, ...]:
    """The mobiles of the people holding the unit; failing those, of the nearest unit above it, up to the
    target's own unit (a town officer answers for a village that has no account of its own)."""
    for ancestor in reversed(tree.path(code)):
        if mobiles.get(ancestor):
            return mobiles[ancestor]
        if ancestor == top:
            break
    return ()


def _link(engine, unit, target, base_url, view_link_days, actor, dry_run) -> tuple[str, str] | None:
    """(the summary's link, the text to mask in the log): a read-only view link of the unit when asked for
    (a leader without an account opens it from the group), else the dashboard's address."""
    base = base_url or dashboard_address()
    if not base:
        return None
    if not view_link_days:
        return base, ""
    if dry_run:
        return f"{base.rstrip('/')}/?link=…", ""
    made = create_link(engine, unit, view_link_days, label=f"推送：{target.name}", actor=actor)
    return made.url(base), made.token


# --- Sending ----------------------------------------------------------------------------------------------
def deliver(
    engine: Engine,
    outgoing: list[Outgoing],
    sender: Sender,
    *,
    lang: str = "zh",
    actor: str = "push",
    now: datetime | None = None,
) -> list[Outcome]:
    """Send each message (in parts), log it, and remember its alerts and reminders once delivered. A target
    that fails is logged and audited; the others go on."""
    outcomes = []
    for item in outgoing:
        target, message = item.target, item.message
        parts = parts_for(target.kind, message, lang)
        delivery = sender.send(target.name, target.kind, target.url, target.secret, parts)
        record = SendRecord(
            message.what,
            message.week,
            delivery.ok,
            delivery.attempts,
            delivery.answer,
            preview_text(target.kind, parts),
        )
        record_send(engine, target, record, private=message.private, actor=actor, now=now)
        if delivery.ok and item.remember:
            save_ranks(engine, target.name, item.remember, message.week, now=now)
        outcomes.append(
            Outcome(target.name, message.what, delivery.ok, delivery.attempts, len(parts), delivery.answer)
        )
    return outcomes


def preview_text(kind: str, parts: list[Part]) -> str:
    """The parts as the group will read them (what --dry-run prints and push_log keeps)."""
    return "\n\n".join(robots.content(kind, part) for part in parts)
