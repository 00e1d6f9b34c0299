"""The unit tree the sidebar picker and the charts read, cached per data version (domain/unit_tree.py)."""

from __future__ import annotations

import streamlit as st

from domain.unit_tree import UnitTree, build_unit_tree
from pages.common import data
from pages.common.version_cache import versioned

__all__ = ["UnitTree", "unit_tree"]


@versioned
@st.cache_data(show_spinner=False, max_entries=4)
def unit_tree(url: str, version: int) -> UnitTree:
    return build_unit_tree(data.frames(url, version).units)
