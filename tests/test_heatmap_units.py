"""The overview's heatmap of a unit with many children (a province's 1,200 towns): the most urgent 40, said so,
with a link to every unit. Orders worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.headline import most_urgent
from pages.common.figures import HEATMAP_UNITS
from store import ensure_schema, open_engine, write_transaction
from store.latest_status import refresh_latest_status
from store.reports import STOCK, replace_reports
from store.units import save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import bump_data_version
from tests.apptest_support import app_for, plotly_specs, session_for

NAN = float("nan")


def _status(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit_code", "item", "status", "days_of_supply"])


def test_the_most_urgent_come_first_by_level_then_days_then_the_given_order():
    status = _status(
        [
            ("A", "mask", "ok", 40.0),
            ("A", "gloves", "low", 12.0),  # A: worst low, fewest 12
            ("B", "mask", "ok", 30.0),  # B: ok, 30
            ("C", "mask", "stockout", 0.0),  # C: stockout
            ("D", "mask", "unknown", NAN),  # D: unknown
            ("E", "mask", "low", 9.0),  # E: low, 9 → before A
            ("F", "mask", "ok", NAN),  # F: ok, no days → after B
            ("G", "mask", "critical", 3.0),
            ("H", "mask", "low", 9.0),  # H: low, 9, like E: E was given first
        ]
    )
    units = ["A", "B", "C", "D", "E", "F", "G", "H", "X"]  # X has no row: last
    assert most_urgent(status, units, 9) == units  # no more than the limit: as given
    assert most_urgent(status, units, 8) == ["C", "G", "E", "H", "A", "D", "B", "F"]
    assert most_urgent(status, units, 3) == ["C", "G", "E"]


def _county_of(villages: int, out_of_stock: set[int], tmp_path) -> str:
    """A county C with `villages` villages V00…, each reporting masks: 100 on hand and 10 used a week (70 days),
    except those in `out_of_stock` (0 on hand, 3 days out); village n also gets n more on hand, so days differ."""
    url = f"sqlite:///{tmp_path / 'wide.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    units = [{"code": "C", "name": "宽县", "parent_code": None, "level": "county"}]
    units += [
        {"code": f"V{n:02d}", "name": f"{n}村", "parent_code": "C", "level": "village"}
        for n in range(villages)
    ]
    rows = []
    for n in range(villages):
        out = n in out_of_stock
        for week in (date(2026, 11, 9), date(2026, 11, 16)):
            rows.append((f"V{n:02d}", week, 0.0 if out else 100.0 + n, 0.0, 10.0, 3.0 if out else NAN))
    stock = pd.DataFrame(rows, columns=["unit_code", "week", "on_hand", "received", "used", "days_out"])
    stock = stock.assign(item_code="mask_surgical", opening=NAN)
    stock["week"] = pd.to_datetime(stock["week"])
    with write_transaction(engine) as conn:
        save_units(conn, pd.DataFrame(units))
        upload = record_upload(conn, UploadRecord("t", "t", "t", IMPORTED, len(stock), 0, [], [], []))
        replace_reports(conn, STOCK, stock[STOCK.columns], upload)
        bump_data_version(conn)
        refresh_latest_status(conn, None)
    engine.dispose()
    return url


def _heatmap_rows(at) -> list[str]:
    heatmap = next(spec for spec in plotly_specs(at) if spec["data"][0]["type"] == "heatmap")
    return list(heatmap["data"][0]["y"])


def test_a_county_of_45_villages_shows_the_40_most_urgent(tmp_path, monkeypatch):
    url = _county_of(45, {7, 30}, tmp_path)
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    assert not at.exception
    assert HEATMAP_UNITS == 40
    assert [c.value for c in at.caption if "下属单位" in c.value] == [
        "下属单位共 45 个，这里只列出最需关注的 40 个：先列断货、紧张、偏低和情况不明的，再按可用天数从少到多"
    ]
    # The county, the two villages out of stock (in the picker's order), then the fewest days: village n holds
    # 100 + n for 10 a week, so 0村 … 42村 without 7 and 30 (40 − 2 = 38 of them: 0…39 less 7 and 30, then 40, 41).
    ok = [n for n in range(45) if n not in (7, 30)][:38]
    assert _heatmap_rows(at) == ["宽县", "7村", "30村", *[f"{n}村" for n in ok]]
    assert [link.label for link in at.get("page_link") if "全部单位" in link.label] == [
        "全部单位见「物资」页"
    ]


def test_a_county_of_40_villages_shows_them_all_in_the_picker_order(tmp_path, monkeypatch):
    url = _county_of(40, {7}, tmp_path)
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    assert not at.exception
    assert [c.value for c in at.caption if "下属单位" in c.value] == []
    assert _heatmap_rows(at) == ["宽县", *[f"{n}村" for n in range(40)]]
    assert [link.label for link in at.get("page_link") if "全部单位" in link.label] == []


def test_the_english_caption():
    from pages.common.texts import t

    assert t("overview.heatmap_most_urgent", "en", shown=40, total=1200) == (
        "40 of 1200 units below, those needing attention first: out of stock, critical, low and unknown, then by "
        "fewest days of supply"
    )
