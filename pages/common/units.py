"""The unit hierarchy as the sidebar picker and the charts need it: names, parents, children in order."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from pages.common import data


@dataclass(frozen=True)
class UnitTree:
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
        found, queue = [], [code]
        while queue:
            current = queue.pop(0)
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

    def shown_with_children(self, code: str) -> list[str]:
        """The unit and its direct children: the rows of a by-unit chart."""
        return [code, *self.children.get(code, [])]


@st.cache_data(show_spinner=False, max_entries=4)
def unit_tree(url: str, version: int) -> UnitTree:
    units = data.frames(url, version).units
    active = units[units["active"]].sort_values("code")
    codes = set(active["code"])
    names = dict(zip(active["code"], active["name"], strict=True))
    parent = {
        code: (p if p in codes else None)
        for code, p in zip(active["code"], active["parent_code"], strict=True)
    }
    children: dict[str | None, list[str]] = {}
    for code in active["code"]:
        children.setdefault(parent[code], []).append(code)
    levels = dict(zip(active["code"], active["level"], strict=True))
    return UnitTree(names=names, parent=parent, children=children, levels=levels)
