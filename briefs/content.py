"""What a meeting brief says about one unit and one week, worked out once for every format (pptx, pdf, xlsx).

Every figure comes from the read model (store/read_model.py) and the metrics functions, called exactly as the
pages call them (pages/common/data.py), so a brief and the screen can never disagree. The writers only lay
these figures out; none of them computes a figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy.engine import Engine

import metrics
from domain.errors import NoReports, UnknownUnit, UnknownWeek
from domain.unit_tree import UnitTree, build_unit_tree
from domain.weeks import week_label
from metrics.headline import lowest_days, units_by_worst_level
from metrics.supply_status import status_frame, supply_snapshot
from store import read_model
from store.uploads import IMPORTED, list_uploads

# The items a leader asks about first: the overview's trend chart offers the same four.
MAIN_ITEMS = ("mask_surgical", "mask_n95", "disinfectant", "gloves")
# The publicity materials whose coverage the overview shows as tiles.
MAIN_MATERIALS = ("leaflet", "banner")
# Uploads named in the data note: the latest ones that hold the brief's week or an earlier one.
NOTE_UPLOADS = 10


@dataclass(frozen=True)
class Headline:
    """One headline figure as the overview's tile shows it: its label key, value text and a note."""

    key: str  # reporting | stockout | critical | low | lowest | coverage
    value: str  # as shown: "18/19", "3", "3.3 天", "82%"
    number: float | None  # the figure itself, for tables (None where there is none)
    note: str  # "94%", "白塔乡 · 医用外科口罩", the coverage level in words; "" when none
    material: str = ""  # for coverage: the material's name


@dataclass(frozen=True)
class DaysChart:
    """Days of supply of one item by child unit, ranked fewest first, with the item's threshold lines."""

    item: str
    item_name: str
    base_unit: str
    critical_days: float
    low_days: float
    # unit_code, unit, days_of_supply (NaN: unknown), status, on_hand, daily_use; fewest days first
    rows: pd.DataFrame


@dataclass(frozen=True)
class Brief:
    lang: str
    unit_code: str
    unit_name: str
    week: str  # ISO Monday
    week_label: str  # 2020年第12周（3月16日—3月22日）
    made_at: datetime
    data_as_of: datetime | None  # the latest imported upload
    headline: list[Headline]
    # kind, severity, unit_code, unit, item, value, threshold, message: most urgent first (metrics.alerts)
    alerts: pd.DataFrame
    days: list[DaysChart]  # one per main item the children report
    # week, item, item_name, on_hand, used: the unit's stock and use of the main items, last TREND_WEEKS weeks
    trend: pd.DataFrame
    # unit_code, unit, material, material_name, cumulative, target, coverage_pct, status: children (or the unit)
    coverage: pd.DataFrame
    reporting: dict  # metrics.reporting_summary: week, expected, reported, rate_pct, missing[...]
    # item, item_name, from_unit, to_unit, quantity, from_days_after, to_days_after (metrics.transfer_suggestions)
    transfers: pd.DataFrame
    uploads: (
        pd.DataFrame
    )  # id, file_name, uploaded_by, uploaded_at, stock_rows, publicity_rows: the data note
    children: list[str]  # the child units' codes (a zip makes one brief each)


def build_brief(
    engine: Engine,
    unit_code: str | None,
    week: date | str | None,
    *,
    lang: str = "zh",
    made_at: datetime | None = None,
    frames: read_model.Frames | None = None,
) -> Brief:
    """The brief of `unit_code` (the district's root when None) for `week` (the latest week when None)."""
    frames = frames or read_model.load_frames(engine)
    tree, unit_code, week_iso = resolve(frames, unit_code, week)
    return _brief(engine, frames, tree, unit_code, week_iso, lang, made_at or datetime.now())


def resolve(
    frames: read_model.Frames, unit_code: str | None, week: date | str | None
) -> tuple[UnitTree, str, str]:
    """(the unit tree, the unit — the root when None —, the week's Monday — the latest when None), both checked."""
    tree = build_unit_tree(frames.units)
    if unit_code is None:
        if not tree.roots:
            raise NoReports
        unit_code = tree.roots[0]
    if unit_code not in tree.names:
        raise UnknownUnit(unit_code)
    if not frames.weeks:
        raise NoReports
    week_iso = read_model.chosen_week(frames, week)
    if date.fromisoformat(week_iso) not in set(frames.weeks):
        raise UnknownWeek(week_iso, min(frames.weeks).isoformat(), max(frames.weeks).isoformat())
    return tree, unit_code, week_iso


def _brief(
    engine: Engine,
    frames: read_model.Frames,
    tree: UnitTree,
    unit_code: str,
    week: str,
    lang: str,
    made_at: datetime,
) -> Brief:
    stock = read_model.stock_for_week(engine, frames, week)
    publicity = read_model.publicity_for_week(engine, frames, week)
    snapshot = supply_snapshot(
        frames.units, frames.items, stock, week=week, unit_code=unit_code, thresholds=frames.thresholds
    )
    status = status_frame(snapshot)
    coverage = metrics.publicity_coverage(
        frames.units, frames.items, publicity, week=week, unit_code=unit_code
    )
    report_weeks = read_model.report_weeks_for(engine, frames, stock, week)
    reporting = metrics.reporting_summary(
        frames.units, report_weeks, publicity, week=week, unit_code=unit_code
    )
    alerts = metrics.alerts(
        frames.units,
        frames.items,
        stock,
        publicity,
        week=week,
        unit_code=unit_code,
        thresholds=frames.thresholds,
        lang=lang,
        coverage=coverage,
        reporting=reporting,
        snapshot=snapshot,
    )
    transfers = metrics.transfer_suggestions(
        frames.units,
        frames.items,
        stock,
        week=week,
        unit_code=unit_code,
        thresholds=frames.thresholds,
        snapshot=snapshot,
    )
    trend = metrics.stock_trend(
        frames.units, frames.items, stock, unit_code=unit_code, item_codes=list(MAIN_ITEMS)
    )
    trend = read_model.recent_weeks(trend, week, read_model.TREND_WEEKS)
    trend = trend[trend["week"] <= week]
    children = tree.children.get(unit_code, [])
    shown = children or [unit_code]
    names = _item_names(frames.items, lang)
    uploads = _note_uploads(engine, week)
    return Brief(
        lang=lang,
        unit_code=unit_code,
        unit_name=tree.names[unit_code],
        week=week,
        week_label=week_label(date.fromisoformat(week), lang),
        made_at=made_at,
        data_as_of=None if uploads.empty else uploads["uploaded_at"].max().to_pydatetime(),
        headline=headline(status, reporting, coverage, unit_code, lang),
        alerts=alerts.reset_index(drop=True),
        days=_days_charts(status, snapshot.grid, shown, names),
        trend=trend.assign(item_name=trend["item"].map(names)).reset_index(drop=True),
        coverage=_coverage_rows(coverage, shown, lang),
        reporting=reporting,
        transfers=_localised_transfers(transfers, names),
        uploads=uploads,
        children=children,
    )


def headline(
    status: pd.DataFrame, reporting: dict, coverage: pd.DataFrame, unit_code: str, lang: str
) -> list[Headline]:
    """The overview's tiles (dashboard.py), in its order, from the same functions."""
    from metrics import numbers_zh

    worst = units_by_worst_level(status)
    rate = reporting["rate_pct"]
    tiles = [
        Headline(
            "reporting",
            f"{reporting['reported']}/{reporting['expected']}",
            rate,
            "" if rate is None else numbers_zh.percent(rate),
        )
    ]
    tiles += [
        Headline(level, str(worst[level]), float(worst[level]), "")
        for level in ("stockout", "critical", "low")
    ]
    lowest = lowest_days(status)
    if lowest is not None:
        days = float(lowest["days_of_supply"])
        unit_word = " 天" if lang == "zh" else " d"
        where = f"{lowest['unit']} · {lowest['item_name']}"
        tiles.append(
            Headline("lowest", numbers_zh.days(days) + unit_word, numbers_zh.cut(days, "days"), where)
        )
    own = coverage[coverage["unit_code"] == unit_code]
    for material in MAIN_MATERIALS:
        row = own[own["material"] == material]
        if row.empty or row["coverage_pct"].isna().all():
            continue
        row = row.iloc[0]
        pct = float(row["coverage_pct"])
        name = row["material_name"] if lang == "zh" else material
        tiles.append(
            Headline("coverage", numbers_zh.percent(pct), numbers_zh.cut(pct, "percent"), row["status"], name)
        )
    return tiles


def _item_names(items: pd.DataFrame, lang: str) -> dict[str, str]:
    column = "name_en" if lang == "en" else "name_zh"
    return dict(zip(items["code"], items[column], strict=True))


def _days_charts(
    status: pd.DataFrame, grid: pd.DataFrame, shown: list[str], names: dict[str, str]
) -> list[DaysChart]:
    charts = []
    rows = status[status["unit_code"].isin(shown)]
    limits = grid[grid["unit_code"].isin(shown)]
    for item in MAIN_ITEMS:
        item_rows = rows[rows["item"] == item]
        if item_rows.empty or item_rows["on_hand"].isna().all():
            continue
        item_limits = limits[limits["item_code"] == item]
        ranked = item_rows.assign(_unknown=item_rows["days_of_supply"].isna()).sort_values(
            ["_unknown", "days_of_supply", "unit_code"], kind="stable"
        )
        charts.append(
            DaysChart(
                item=item,
                item_name=names.get(item, item),
                base_unit=str(item_limits["base_unit"].iloc[0]) if len(item_limits) else "",
                # Children of one parent share a level, so one pair of lines; the most common pair otherwise.
                critical_days=float(item_limits["critical_days"].mode().iloc[0]),
                low_days=float(item_limits["low_days"].mode().iloc[0]),
                rows=ranked[
                    ["unit_code", "unit", "days_of_supply", "status", "on_hand", "daily_use"]
                ].reset_index(drop=True),
            )
        )
    return charts


def _coverage_rows(coverage: pd.DataFrame, shown: list[str], lang: str) -> pd.DataFrame:
    rows = coverage[coverage["unit_code"].isin(shown) & coverage["material"].isin(MAIN_MATERIALS)]
    rows = rows[rows["target"].notna() | rows["cumulative"].notna()]
    if lang == "en":
        rows = rows.assign(material_name=rows["material"])
    order = {code: i for i, code in enumerate(shown)}
    rows = rows.assign(_order=rows["unit_code"].map(order)).sort_values(["material", "_order"], kind="stable")
    columns = [
        "unit_code",
        "unit",
        "material",
        "material_name",
        "cumulative",
        "target",
        "coverage_pct",
        "status",
    ]
    return rows[columns].reset_index(drop=True)


def _localised_transfers(transfers: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    columns = ["item", "item_name", "from_unit", "to_unit", "quantity", "from_days_after", "to_days_after"]
    if transfers.empty:
        return pd.DataFrame(columns=columns)
    return transfers.assign(item_name=transfers["item"].map(names))[columns].reset_index(drop=True)


def _note_uploads(engine: Engine, week: str) -> pd.DataFrame:
    """The imported uploads holding the brief's week or an earlier one, newest first (the data note)."""
    uploads = list_uploads(engine)
    uploads = uploads[uploads["status"] == IMPORTED]
    holds = uploads["weeks"].map(lambda weeks: any(w <= week for w in weeks))
    columns = ["id", "file_name", "uploaded_by", "uploaded_at", "stock_rows", "publicity_rows"]
    uploads = uploads[holds][columns].head(NOTE_UPLOADS).reset_index(drop=True)
    uploads["uploaded_at"] = pd.to_datetime(uploads["uploaded_at"])
    return uploads
