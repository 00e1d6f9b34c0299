"""The unit hierarchy: one module for subtree, children, leaves and scope, used by access rules, metrics and
the pages alike (metrics/tree.py builds its vectorised pair tables on the same rule).

A **leaf** is an active unit with no active unit below it: the unit that fills in sheets (a village, a
school; or a town whose villages were all deactivated). Parent loops cannot hang any walk here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


def active_parents(units: pd.DataFrame) -> set[str]:
    """Codes of the units that have at least one active child: the units that are not leaves."""
    active = (
        units["active"].fillna(True).astype(bool) if "active" in units else pd.Series(True, index=units.index)
    )
    parents = units.loc[active, "parent_code"].dropna()
    return {str(p) for p in parents if str(p)}


def subtree_codes(units: pd.DataFrame, roots: Iterable[str]) -> set[str]:
    """The given unit codes that exist and all their descendants, active or not (rights follow the tree)."""
    children: dict[str, list[str]] = {}
    for code, parent in zip(units["code"], units["parent_code"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, []).append(code)
    known = set(units["code"])
    found: set[str] = set()
    pending = [code for code in roots if code in known]
    while pending:
        code = pending.pop()
        if code in found:
            continue
        found.add(code)
        pending.extend(children.get(code, []))
    return found


@dataclass(frozen=True)
class UnitTree:
    """The active units as the picker and the charts need them: names, parents, children in code order."""

    names: dict[str, str]
    parent: dict[str, str | None]
    children: dict[str | None, list[str]]  # None → the roots; active units only, in code order
    levels: dict[str, str]

    @property
    def roots(self) -> list[str]:
        return self.children.get(None, [])

    def path(self, code: str) -> list[str]:
        """[root, …, code]; stops at a cycle rather than looping."""
        path = [code]
        while self.parent.get(path[-1]) and len(path) <= len(self.names):
            path.append(self.parent[path[-1]])
        return path[::-1]

    def label(self, code: str, lang: str = "zh") -> str:
        return self.names.get(code, code)

    def is_leaf(self, code: str) -> bool:
        return not self.children.get(code)

    def subtree(self, code: str) -> list[str]:
        """`code` and every active unit below it, parents before children."""
        found, queue, seen = [], [code], set()
        while queue:
            current = queue.pop(0)
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            queue.extend(self.children.get(current, []))
        return found

    def leaves_under(self, code: str) -> set[str]:
        return {c for c in self.subtree(code) if self.is_leaf(c)}

    def restricted(self, visible: set[str] | frozenset[str]) -> UnitTree:
        """Only the units in `visible`: a visible unit whose parent is hidden becomes a root of the picker."""
        if set(self.names) <= set(visible):
            return self
        names = {code: name for code, name in self.names.items() if code in visible}
        parent = {code: (p if p in names else None) for code, p in self.parent.items() if code in names}
        children: dict[str | None, list[str]] = {}
        for code in sorted(names):
            children.setdefault(parent[code], []).append(code)
        levels = {code: level for code, level in self.levels.items() if code in names}
        return UnitTree(names=names, parent=parent, children=children, levels=levels)

    def picker_codes(
        self, within: str | None, allowed: Iterable[str] | None, limit: int
    ) -> tuple[list[str], bool]:
        """The options of a unit picker: the active units in `allowed` (every one when None), in code order.

        Past `limit` (a province has 30,000 units: a picker holding them all sends a megabyte and formats every
        name on every click), only those under `within` (the sidebar's unit; every root when None), in tree
        order, by whole levels: the unit and its children always, deeper levels while the count stays within
        `limit`. The second value says whether some of the allowed units were left out, so the page can say how
        to reach them.
        """
        if allowed is None:
            wanted: dict[str, str] | set[str] = self.names
        else:  # in C, not a comprehension: a province's 30,000 expected units cost 0.02 s a click that way
            wanted = (allowed if isinstance(allowed, set | frozenset) else set(allowed)).intersection(
                self.names
            )
        if len(wanted) <= limit:
            return (list(self.names) if allowed is None else sorted(wanted)), False
        level = [within] if within in self.names else list(self.roots)
        depth, count = 0, len(level)
        while level:
            below = [c for parent in level for c in self.children.get(parent, [])]
            if below and depth >= 1 and count + len(below) > limit:
                break
            depth, count, level = depth + 1, count + len(below), below
        starts = [within] if within in self.names else list(self.roots)
        found: list[str] = []
        seen: set[str] = set()  # a parent loop would list a unit twice
        stack = [(code, 0) for code in reversed(starts)]
        while stack:
            code, at = stack.pop()
            if code in seen:
                continue
            seen.add(code)
            found.append(code)
            if at < depth:
                stack.extend((child, at + 1) for child in reversed(self.children.get(code, [])))
        listed = [c for c in found if c in wanted]
        return listed, len(listed) < len(wanted)

    def shown_with_children(self, code: str) -> list[str]:
        """The unit and its direct children: the rows of a by-unit chart."""
        return [code, *self.children.get(code, [])]


def build_unit_tree(units: pd.DataFrame) -> UnitTree:
    """The active units' tree; a unit whose parent is missing or inactive is a root."""
    active = units[units["active"].fillna(True).astype(bool)].sort_values("code")
    # Columns as Python lists first: iterating an Arrow string column value by value is 15× slower.
    code_list, name_list, parent_list, level_list = (
        active[column].to_numpy(dtype=object).tolist() for column in ("code", "name", "parent_code", "level")
    )
    codes = set(code_list)
    names = dict(zip(code_list, name_list, strict=True))
    parent = {code: (p if p in codes else None) for code, p in zip(code_list, parent_list, strict=True)}
    children: dict[str | None, list[str]] = {}
    for code in code_list:
        children.setdefault(parent[code], []).append(code)
    levels = dict(zip(code_list, level_list, strict=True))
    return UnitTree(names=names, parent=parent, children=children, levels=levels)
