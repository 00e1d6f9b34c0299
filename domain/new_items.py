"""An item the office adds from a sheet (a medicine, goggles): its code and its catalogue row with defaults."""

from __future__ import annotations

import hashlib

from domain.catalogue import CRITICAL_DAYS, LOW_DAYS, PUBLICITY, SUPPLY

# Counting units that say "publicity work" when a new name is counted in them (横幅 条, 宣传单 份, 展板 块).
_PUBLICITY_UNITS = frozenset({"条", "份", "张", "块", "次", "台次", "小时"})


def new_item_code(name: str) -> str:
    """Stable for a name, so a dry run and the import that follows give the same code."""
    return "item-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:8]


def likely_category(count_unit: str) -> str:
    return PUBLICITY if count_unit in _PUBLICITY_UNITS else SUPPLY


def new_item_row(name: str, category: str, base_unit: str, code: str | None = None) -> dict:
    """A row in catalogue_frame() shape: the name is its only synonym, no pack sizes, default thresholds."""
    name = name.strip()
    return {
        "code": code or new_item_code(name),
        "name_zh": name,
        "name_en": name,
        "category": category,
        "base_unit": base_unit or "个",
        "synonyms": [name],
        "pack_sizes": {},
        "durable": False,
        "critical_days": CRITICAL_DAYS,
        "low_days": LOW_DAYS,
        "plan_rate": 0.0,
        "plan_driver": "",
        "target_rate": 0.0,
        "target_driver": "",
    }
