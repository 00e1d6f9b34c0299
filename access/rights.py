"""Who may see and change what: a Principal (a signed-in user or an opened view link) and its unit subtrees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from domain.unit_tree import subtree_codes

ADMIN = "admin"
OFFICER = "officer"
VIEWER = "viewer"
ROLES = (ADMIN, OFFICER, VIEWER)
# How a person names each role (Chinese, English): the one list the pages and the command line both read.
ROLE_NAMES: dict[str, tuple[str, str]] = {
    ADMIN: ("管理员", "administrator"),
    OFFICER: ("填报员", "officer"),
    VIEWER: ("查看者", "viewer"),
}

USER = "user"
LINK = "link"

ACTIONS = ("view", "upload", "undo", "settings", "users", "links", "audit")
_ALLOWED: dict[str, frozenset[str]] = {
    ADMIN: frozenset(ACTIONS),
    OFFICER: frozenset({"view", "upload", "undo"}),
    VIEWER: frozenset({"view"}),
}


@dataclass(frozen=True)
class Principal:
    """Whoever is looking at the dashboard. `id` is a user id (kind 'user') or a view link id (kind 'link')."""

    kind: str
    id: int
    name: str
    role: str
    units: tuple[str, ...] = ()
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.name


def can(principal: Principal | None, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    if principal is None:
        return False
    if principal.kind == LINK:
        return action == "view"
    return action in _ALLOWED.get(principal.role, frozenset())


def visible_units(principal: Principal | None, units: pd.DataFrame) -> set[str]:
    """The unit codes the principal may read: its units and everything below them.

    An admin sees the whole tree, as does a viewer given no units. An officer or a link with no units sees none.
    """
    if principal is None:
        return set()
    if principal.kind == USER and (
        principal.role == ADMIN or (principal.role == VIEWER and not principal.units)
    ):
        return _all_codes(units)
    return subtree(units, principal.units)


def writable_units(principal: Principal | None, units: pd.DataFrame) -> set[str]:
    """The unit codes the principal may upload for and undo: an officer's subtrees, everything for an admin."""
    if principal is None or principal.kind != USER:
        return set()
    if principal.role == ADMIN:
        return _all_codes(units)
    if principal.role == OFFICER:
        return subtree(units, principal.units)
    return set()


def _all_codes(units: pd.DataFrame) -> set[str]:
    # Through a list: iterating an Arrow string column value by value costs 25 ms on a province's 30,000 units.
    return set(units["code"].to_numpy(dtype=object).tolist())


def may_undo(principal: Principal | None, upload_units: Iterable[str], units: pd.DataFrame) -> bool:
    """An admin may undo any upload; an officer only one whose units all lie within their own subtrees."""
    if not can(principal, "undo"):
        return False
    named = set(upload_units)
    if principal.role == ADMIN:
        return True
    return bool(named) and named <= writable_units(principal, units)


def subtree(units: pd.DataFrame, roots: Iterable[str]) -> set[str]:
    """The given unit codes that exist and all their descendants (domain/unit_tree.py)."""
    return subtree_codes(units, roots)
