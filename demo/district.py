"""Build the demo county: 3 levels, 8 weeks, a town about to run out of masks, a village that stopped reporting.

Figures follow domain.md: villages of 1,500–4,000 people, cadres using about 4 masks a day each (WHO ESFT),
a school with one thermometer per class, leaflets by the household and banners by the village.
The generator is seeded, so the demo is the same on every machine (tests assert its figures).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from store import read_model, write_transaction
from store.latest_status import refresh_latest_status
from store.read_model import DEMO_FLAG
from store.report_writes import replace_reports, undo_upload_rows
from store.reports import PUBLICITY, STOCK
from store.tables import (
    meta,
    publicity_history,
    publicity_reports,
    stock_history,
    stock_reports,
    units,
    uploads,
)
from store.units import save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import bump_data_version

FIRST_WEEK = date(2020, 1, 27)  # 2020年第5周
DEMO_USER = "示例数据"
DEMO_UNITS = "demo_units"  # the unit codes the demo created: the only units clearing it may delete

TOWNS = {
    "C01": ("东河镇", ["李家村", "王庄村", "河口村", "东河社区"]),
    "C02": ("南湖街道", ["湖滨社区", "南苑社区", "新桥社区"]),
    "C03": ("白塔乡", ["白塔村", "上坪村", "下坪村"]),
    "C04": ("青山镇", ["青山村", "石门村", "松林村", "茶园村"]),
    "C05": ("西关街道", ["西关社区", "文昌社区", "建设社区"]),
}
# Unit code of the village that stops reporting after its third week, and the town that runs out of masks.
SILENT_VILLAGE = "C0402"
SHORT_TOWN = "C03"
# In 东河镇 one village runs low while its neighbours hold a month's masks: the demo's transfer suggestion.
SHORT_VILLAGE = "C0104"
RICH_TOWN = "C01"

# Daily use per person of each figure, and receipts in whole packs (a village orders a few boxes at a time).
DAILY_USE = {
    "mask_surgical": ("staff", 4.0),
    "mask_n95": ("staff", 0.2),
    "disinfectant": ("sites", 0.5),
    "alcohol": ("staff", 0.05),
    "hand_soap": ("staff", 0.04),
    "protective_suit": ("staff", 0.05),
    "gloves": ("staff", 1.0),
}
PACK = {
    "mask_surgical": 500,
    "mask_n95": 20,
    "disinfectant": 10,
    "alcohol": 5,
    "hand_soap": 5,
    "protective_suit": 10,
    "gloves": 100,
}


def demo_units() -> pd.DataFrame:
    rng = random.Random(2020)
    rows = [_unit("C", "东河县", None, "county", 320000, 98000, staff=60, sites=20, checkpoints=6)]
    for town_code, (town_name, villages) in TOWNS.items():
        rows.append(
            _unit(
                town_code,
                town_name,
                "C",
                "town",
                None,
                None,
                staff=30,
                sites=8,
                checkpoints=2,
                sub_units=len(villages),
            )
        )
        for index, village in enumerate(villages, start=1):
            population = rng.randrange(1500, 4200, 100)
            rows.append(
                _unit(
                    f"{town_code}{index:02d}",
                    village,
                    town_code,
                    "village",
                    population,
                    population // 3,
                    staff=rng.randrange(8, 20),
                    sites=rng.randrange(5, 15),
                    checkpoints=rng.randrange(1, 3),
                )
            )
    rows.append(
        _unit(
            "C90", "东河县第一中学", "C", "school", 1850, None, staff=150, sites=30, checkpoints=2, classes=36
        )
    )
    rows.append(_unit("C91", "东河制药厂", "C", "enterprise", 600, None, staff=40, sites=10, checkpoints=1))
    return pd.DataFrame(rows)


def _unit(code, name, parent, level, population, households, **figures) -> dict:
    return {
        "code": code,
        "name": name,
        "parent_code": parent,
        "level": level,
        "population": population,
        "households": households,
        "aliases": [],
        "active": True,
        **figures,
    }


def demo_reports(unit_frame: pd.DataFrame, weeks: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly stock and publicity rows for every leaf unit (villages, the school, the enterprise)."""
    # Separate generators, so tuning the publicity figures never moves the stock figures tests rely on.
    stock_rng, publicity_rng = random.Random(6), random.Random(7)
    parents = set(unit_frame["parent_code"].dropna())
    leaves = unit_frame[~unit_frame["code"].isin(parents)]
    stock_rows, publicity_rows = [], []
    for unit in leaves.to_dict("records"):
        last_week = 3 if unit["code"] == SILENT_VILLAGE else weeks
        stock_rows += _unit_stock(unit, last_week, stock_rng)
        publicity_rows += _unit_publicity(unit, last_week, publicity_rng)
    return pd.DataFrame(stock_rows), pd.DataFrame(publicity_rows)


def _unit_stock(unit: dict, weeks: int, rng: random.Random) -> list[dict]:
    rows = []
    short = unit["parent_code"] == SHORT_TOWN or unit["code"] == SHORT_VILLAGE
    order_days = 35 if unit["parent_code"] == RICH_TOWN and unit["code"] != SHORT_VILLAGE else 21
    if unit["parent_code"] == SHORT_TOWN:
        order_days = 16  # purchase was difficult (domain.md): small deliveries, then none
    for item, (driver, rate) in DAILY_USE.items():
        daily = _figure(unit, driver) * rate
        if unit["level"] in ("school", "enterprise") and item == "mask_surgical":
            daily = unit["population"]  # one mask a day for everyone in school or at work
        on_hand = round(daily * 7 * rng.uniform(2.5, 4.0))
        for week in range(weeks):
            used = round(daily * 7 * rng.uniform(0.85, 1.15))
            received = 0
            runs_short = short and item == "mask_surgical" and week >= weeks - 3
            if on_hand - used < daily * 14 and not runs_short:
                received = PACK[item] * max(1, round(daily * order_days / PACK[item]))
            days_out = 0.0
            if used > on_hand + received:
                days_out = round(7 * (1 - (on_hand + received) / used))
                used = on_hand + received
            on_hand = on_hand + received - used
            rows.append(
                {
                    "unit_code": unit["code"],
                    "week": _monday(week),
                    "item_code": item,
                    "on_hand": float(on_hand),
                    "received": float(received),
                    "used": float(used),
                    "days_out": days_out,
                    "opening": None,
                }
            )
        # Thermometers are held, not used up: one per checkpoint and per class.
    required = _figure(unit, "checkpoints") + _figure(unit, "classes")
    held = required if unit["level"] != "school" else required - 6
    for week in range(weeks):
        rows.append(
            {
                "unit_code": unit["code"],
                "week": _monday(week),
                "item_code": "thermometer",
                "on_hand": float(held),
                "received": 0.0,
                "used": 0.0,
                "days_out": 0.0,
                "opening": None,
            }
        )
    return rows


def _figure(unit: dict, name: str) -> float:
    """A unit's figure, 0 when the unit list leaves it blank (NaN is truthy, so `or 0` would not do)."""
    value = unit.get(name)
    return 0.0 if value is None or value != value else float(value)


def _unit_publicity(unit: dict, weeks: int, rng: random.Random) -> list[dict]:
    if unit["level"] != "village":
        return []
    rows = []
    households = _figure(unit, "households")
    # Leaflets go out mostly in the first week; banners are hung once and rarely added to. The shares are
    # spread so the demo shows every coverage level (red, amber, green, and one village over its target).
    first_share = rng.choice([0.35, 0.45, 0.55, 0.6, 0.8])
    for week in range(weeks):
        share = first_share if week == 0 else rng.uniform(0.02, 0.06)
        banners = rng.choice([1, 2, 2]) if week == 0 else int(rng.random() < 0.1)
        rows += [
            _publicity(unit, week, "banner", banners, reached=1),
            _publicity(unit, week, "leaflet", round(households * share)),
            _publicity(
                unit,
                week,
                "visit",
                round(households * share * 0.8),
                households=round(households * share * 0.8),
            ),
            _publicity(unit, week, "broadcast", rng.randrange(7, 21)),
        ]
    return rows


def _publicity(
    unit: dict, week: int, material: str, quantity: float, *, reached=None, households=None
) -> dict:
    return {
        "unit_code": unit["code"],
        "week": _monday(week),
        "material_code": material,
        "quantity": float(quantity),
        "sub_units_reached": reached,
        "households_reached": households,
    }


def _monday(week: int) -> pd.Timestamp:
    return pd.Timestamp(FIRST_WEEK + timedelta(days=7 * week))


class RealDataPresent(Exception):
    """The database holds real units or uploads: the demo shares their codes (C, C01…), so it stays out."""


def load_demo(engine: Engine, *, weeks: int = 8) -> dict:
    """Replace whatever demo data there is with a fresh demo district — only on a database with no real data.

    The demo's unit codes (C, C01…) are ones a real unit list may use too: loaded over real data it overwrote
    units and replaced figures, and clearing it then deleted real rows (issue 11). So it refuses instead.
    """
    unit_frame = demo_units()
    stock, publicity = demo_reports(unit_frame, weeks)
    with write_transaction(engine) as conn:
        _clear_demo(conn)
        real = _real_data(conn)
        if real:
            raise RealDataPresent(real)
        save_units(conn, unit_frame)
        upload_id = record_upload(
            conn,
            UploadRecord(
                file_name="示例数据（东河县）",
                sha256="demo",
                uploaded_by=DEMO_USER,
                status=IMPORTED,
                stock_rows=len(stock),
                publicity_rows=len(publicity),
                weeks=sorted({w.date().isoformat() for w in stock["week"]}),
                units=sorted(unit_frame["code"]),
                problems=[],
            ),
        )
        replace_reports(conn, STOCK, stock, upload_id)
        replace_reports(conn, PUBLICITY, publicity, upload_id)
        conn.execute(meta.insert().values(key=DEMO_FLAG, value=str(upload_id)))
        conn.execute(meta.insert().values(key=DEMO_UNITS, value=json.dumps(sorted(unit_frame["code"]))))
        bump_data_version(conn)
        refresh_latest_status(conn, None)  # every unit's figures changed
    return {"units": len(unit_frame), "weeks": weeks, "rows": len(stock) + len(publicity)}


def _real_data(conn) -> str:
    """What real data the database holds ("" for none): any unit, or any upload, at all."""
    unit_count = conn.execute(select(func.count()).select_from(units)).scalar_one()
    upload_count = conn.execute(select(func.count()).select_from(uploads)).scalar_one()
    if not unit_count and not upload_count:
        return ""
    return f"数据库中已有 {unit_count} 个单位、{upload_count} 次上传的真实数据，示例数据只能载入空数据库"


def demo_loaded(engine: Engine) -> bool:
    return read_model.demo_loaded(engine)


def clear_demo(engine: Engine) -> None:
    """Take the demo district out: its figures, its upload and its units. Real uploads are left alone."""
    with write_transaction(engine) as conn:
        _clear_demo(conn)
        bump_data_version(conn)
        refresh_latest_status(conn, None)  # every unit's figures changed


def _clear_demo(conn) -> None:
    """Delete only what the demo wrote: rows carrying its upload id (what they replaced comes back, as in an
    undo), its upload row, and the units it created that no remaining figure names."""
    flag = conn.execute(select(meta.c.value).where(meta.c.key == DEMO_FLAG)).scalar()
    if flag is None:
        return
    upload_id = int(flag)
    undo_upload_rows(conn, STOCK, upload_id)
    undo_upload_rows(conn, PUBLICITY, upload_id)
    conn.execute(delete(uploads).where(uploads.c.id == upload_id, uploads.c.uploaded_by == DEMO_USER))
    created = conn.execute(select(meta.c.value).where(meta.c.key == DEMO_UNITS)).scalar()
    demo_codes = set(json.loads(created)) if created else set()
    still_used = set()
    for table in (stock_reports, publicity_reports, stock_history, publicity_history):
        still_used |= {r[0] for r in conn.execute(select(table.c.unit_code).distinct())}
    parent_of = dict(conn.execute(select(units.c.code, units.c.parent_code)).all())
    needed = set(still_used)
    for code in still_used:
        while parent_of.get(code) and parent_of[code] not in needed:
            code = parent_of[code]
            needed.add(code)
    conn.execute(delete(units).where(units.c.code.in_(sorted(demo_codes - needed))))
    conn.execute(delete(meta).where(meta.c.key.in_([DEMO_FLAG, DEMO_UNITS])))
