"""One audit row in the reader's language: the action's name, the actor, the details as 「名称：值」."""

from __future__ import annotations

import json

from access import audit_actions as acts
from access.rights import ROLE_NAMES
from pages.common.texts import TEXTS, t

SYSTEM = "system"  # the actor of changes made from the command line or by the server itself


def action_name(action: str, lang: str) -> str:
    return t(f"audit.{action}", lang) if f"audit.{action}" in TEXTS else action


def actor_name(actor: str | None, lang: str) -> str:
    return t("audit.system", lang) if actor == SYSTEM else (actor or "")


# The actions whose target is one of ours (a numbered link or upload, a part of the settings); the others name
# an account, which stays as its owner wrote it (an account may be called "units").
OUR_TARGETS = {
    acts.LINK_CREATED,
    acts.LINK_REVOKED,
    acts.LINK_OPENED,
    acts.UPLOAD,
    acts.UNDO,
    acts.SETTINGS_CHANGED,
}


def target_text(action: str, target: str | None, lang: str) -> str:
    """ "link#3" → 「只读链接 #3」, "units" → 「单位」; an account's name stays as it is."""
    kind, hash_, number = (target or "").partition("#")
    if action not in OUR_TARGETS or f"audit.target.{kind}" not in TEXTS or (hash_ and not number.isdigit()):
        return target or ""
    name = t(f"audit.target.{kind}", lang)
    return f"{name} #{number}" if hash_ else name


def detail_text(detail: dict | None, lang: str) -> str:
    """{"role": "admin", "units": []} → 「角色：管理员；单位：—」; a detail with no name of ours keeps its own."""
    if not detail:
        return ""
    parts = []
    for name, value in sorted(detail.items()):
        heading = t(f"audit.detail.{name}", lang) if f"audit.detail.{name}" in TEXTS else name
        parts.append(f"{heading}{'：' if lang != 'en' else ': '}{_value(name, value, lang)}")
    return ("；" if lang != "en" else "; ").join(parts)


def _value(name: str, value, lang: str) -> str:
    if name == "role" and value in ROLE_NAMES:
        return ROLE_NAMES[value][1 if lang == "en" else 0]
    if isinstance(value, list | tuple):
        return ("、" if lang != "en" else ", ").join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
