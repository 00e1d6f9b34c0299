"""Unit levels: the usual three (区 → 镇街 → 村居) plus the other kinds of unit a command office oversees."""

from __future__ import annotations

COUNTY = "county"
TOWN = "town"
VILLAGE = "village"

# Level code -> (Chinese, English). Order is the order of the hierarchy, top first.
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    COUNTY: ("区县", "County / district"),
    TOWN: ("镇街", "Town / sub-district"),
    VILLAGE: ("村居", "Village / community"),
    "department": ("部门", "Department"),
    "school": ("学校", "School"),
    "enterprise": ("企业", "Enterprise"),
    "hospital": ("医院", "Hospital"),
    "checkpoint": ("卡口", "Checkpoint"),
}

# What officers write in a unit list's level column.
LEVEL_SYNONYMS: dict[str, str] = {
    "county": COUNTY,
    "district": COUNTY,
    "区": COUNTY,
    "县": COUNTY,
    "区县": COUNTY,
    "县区": COUNTY,
    "town": TOWN,
    "township": TOWN,
    "subdistrict": TOWN,
    "sub-district": TOWN,
    "street": TOWN,
    "镇": TOWN,
    "乡": TOWN,
    "街道": TOWN,
    "镇街": TOWN,
    "乡镇": TOWN,
    "village": VILLAGE,
    "community": VILLAGE,
    "村": VILLAGE,
    "社区": VILLAGE,
    "村居": VILLAGE,
    "村社区": VILLAGE,
    "department": "department",
    "部门": "department",
    "school": "school",
    "学校": "school",
    "enterprise": "enterprise",
    "企业": "enterprise",
    "hospital": "hospital",
    "医院": "hospital",
    "checkpoint": "checkpoint",
    "卡口": "checkpoint",
}


def level_code(written: str) -> str | None:
    """The level code for what a sheet says (县 → county, 社区 → village), or None when it is not a level."""
    return LEVEL_SYNONYMS.get(str(written).strip().lower())
