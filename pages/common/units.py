"""The unit tree the sidebar picker and the charts read, cached per data version (domain/unit_tree.py).

Kept with st.cache_resource, one object shared read-only by every run: st.cache_data unpickled a copy of a
province's 30,000-unit tree on every run of every page, an eighth of a warm run's CPU (UnitTree is frozen and
its readers only look)."""

from __future__ import annotations

import streamlit as st

from domain.unit_tree import UnitTree, build_unit_tree
from pages.common import data
from pages.common.version_cache import versioned

__all__ = ["UnitTree", "unit_tree"]


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def unit_tree(url: str, version: int) -> UnitTree:
    return build_unit_tree(data.frames(url, version).units)
