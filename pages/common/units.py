"""The unit tree the sidebar picker and the charts read, cached per data version (domain/unit_tree.py).

Kept with st.cache_resource, one object shared read-only by every run: st.cache_data unpickled a copy of a
province's 30,000-unit tree on every run of every page, an eighth of a warm run's CPU (UnitTree is frozen and
its readers only look)."""

from __future__ import annotations

import streamlit as st

from domain.unit_tree import UnitTree, build_unit_tree
from pages.common import data
from pages.common.version_cache import versioned

__all__ = ["PICKER_LIMIT", "UnitTree", "unit_names", "unit_tree", "visible_tree"]

# Options a unit picker holds at most (UnitTree.picker_codes): a county's 500 units all fit; a province's 30,000
# would be a megabyte sent, and every name formatted, on each click of the page.
PICKER_LIMIT = 2000


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def unit_tree(url: str, version: int) -> UnitTree:
    return build_unit_tree(data.frames(url, version).units)


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def unit_names(url: str, version: int) -> dict[str, str]:
    """code → name of every unit, inactive ones too (a user may hold one). Shared read-only: building it from
    the Arrow columns on every run of the accounts page cost a province 0.04 s a click."""
    units = data.frames(url, version).units
    codes, names = (units[column].to_numpy(dtype=object).tolist() for column in ("code", "name"))
    return dict(zip(codes, names, strict=True))


@versioned
@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def visible_tree(url: str, version: int, kind: str, role: str, units: tuple[str, ...]) -> UnitTree:
    """The tree a principal with this kind, role and units sees (UnitTree.restricted to data.unit_rights'
    visible units), once per data version: restricting compared 30,000 codes on every run."""
    visible, _ = data.unit_rights(url, version, kind, role, units)
    return unit_tree(url, version).restricted(visible)
