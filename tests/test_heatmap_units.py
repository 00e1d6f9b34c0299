"""By-unit charts of a unit with many children (a province's 1,200 towns): the overview's heatmap shows the most
urgent 40 and the publicity page's bars the 40 lowest coverages, each said so, with every unit a link or a table
away. Orders worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.headline import CHART_UNITS, most_urgent
from store import ensure_schema, open_engine, write_transaction
from store.latest_status import refresh_latest_status
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK
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
    # Banners to date: one at villages 3 and 17 (50 % of the 2 a village is asked for), two elsewhere (100 %).
    banners = pd.DataFrame(
        {
            "unit_code": [f"V{n:02d}" for n in range(villages)],
            "week": pd.Timestamp(date(2026, 11, 16)),
            "material_code": "banner",
            "quantity": [1.0 if n in (3, 17) else 2.0 for n in range(villages)],
            "sub_units_reached": NAN,
            "households_reached": NAN,
        }
    )
    with write_transaction(engine) as conn:
        save_units(conn, pd.DataFrame(units))
        upload = record_upload(conn, UploadRecord("t", "t", "t", IMPORTED, len(stock), 0, [], [], []))
        replace_reports(conn, STOCK, stock[STOCK.columns], upload)
        replace_reports(conn, PUBLICITY, banners[PUBLICITY.columns], upload)
        bump_data_version(conn)
        refresh_latest_status(conn, None)
    engine.dispose()
    return url


def _page(path: str, url: str, monkeypatch):
    """The page run once, signed in as an admin, against `url`; it must not raise."""
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for(path, session=session_for(url))
    at.run()
    assert not at.exception
    return at


def _heatmap_rows(at) -> list[str]:
    heatmap = next(spec for spec in plotly_specs(at) if spec["data"][0]["type"] == "heatmap")
    return list(heatmap["data"][0]["y"])


def test_a_county_of_45_villages_shows_the_40_most_urgent(tmp_path, monkeypatch):
    at = _page("dashboard.py", _county_of(45, {7, 30}, tmp_path), monkeypatch)
    assert CHART_UNITS == 40
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
    at = _page("dashboard.py", _county_of(40, {7}, tmp_path), monkeypatch)
    assert [c.value for c in at.caption if "下属单位" in c.value] == []
    assert _heatmap_rows(at) == ["宽县", *[f"{n}村" for n in range(40)]]
    assert [link.label for link in at.get("page_link") if "全部单位" in link.label] == []


def test_the_english_caption():
    from pages.common.texts import t

    assert t("overview.heatmap_most_urgent", "en", shown=40, total=1200) == (
        "40 of 1200 units below, those needing attention first: out of stock, critical, low and unknown, then by "
        "fewest days of supply"
    )


def _bars(at) -> list[str]:
    bars = next(spec for spec in plotly_specs(at) if spec["data"][0]["type"] == "bar")
    return list(bars["data"][0]["y"])


def test_the_publicity_page_charts_the_40_lowest_coverages_of_45_and_tables_all(tmp_path, monkeypatch):
    at = _page("pages/2_宣传.py", _county_of(45, set(), tmp_path), monkeypatch)
    assert [c.value for c in at.caption if "有目标" in c.value] == [
        "有目标的下属单位共 45 个，图中只列出覆盖率最低的 40 个；全部单位见下表"
    ]
    # 3村 and 17村 at 50 %, then the first 38 villages at 100 % in the page's order (0村 … 40村 less 3 and 17).
    at_full = [f"{n}村" for n in range(45) if n not in (3, 17)][:38]
    assert sorted(_bars(at)) == sorted(["3村", "17村", *at_full])
    assert set(_bars(at)[:2]) == {"3村", "17村"}  # lowest first: plotly draws the first bar at the bottom
    assert len(at.dataframe[0].value) == 45


def test_the_publicity_page_charts_all_40_of_40(tmp_path, monkeypatch):
    at = _page("pages/2_宣传.py", _county_of(40, set(), tmp_path), monkeypatch)
    assert [c.value for c in at.caption if "有目标" in c.value] == []
    assert sorted(_bars(at)) == sorted(f"{n}村" for n in range(40))


def test_the_supplies_page_ranks_the_40_most_urgent_of_45(tmp_path, monkeypatch):
    at = _page("pages/1_物资.py", _county_of(45, {7, 30}, tmp_path), monkeypatch)
    assert [c.value for c in at.caption if "下属单位共" in c.value] == [
        "下属单位共 45 个，图中只列出最需关注的 40 个；全部单位见下表"
    ]
    # The two out of stock, then the fewest days: 0村 … 39村 less 7 and 30 hold the least (100 + n).
    ok = [n for n in range(45) if n not in (7, 30)][:38]
    assert sorted(_bars(at)) == sorted(["7村", "30村", *[f"{n}村" for n in ok]])


def test_the_meeting_screens_of_45_say_what_they_leave_out(tmp_path, monkeypatch):
    at = _page("pages/7_会议.py", _county_of(45, {7, 30}, tmp_path), monkeypatch)
    at.button(key="meeting_next").click().run()  # alerts → days
    assert at.segmented_control(key="meeting_screen").value == "days"
    assert not at.exception
    assert [c.value for c in at.caption if "下属单位" in c.value] == [
        "图中只列出最需关注的 40 个下属单位（共 45 个）"
    ]
    ok = [n for n in range(45) if n not in (7, 30)][:38]
    assert _heatmap_rows(at) == ["宽县", "7村", "30村", *[f"{n}村" for n in ok]]
    at.button(key="meeting_next").click().run()  # days → trend
    at.button(key="meeting_next").click().run()  # trend → publicity
    assert at.segmented_control(key="meeting_screen").value == "publicity"
    # Leaflets: no village put one up, so all 45 are at 0 % and the first 40 in the page's order are shown.
    assert [c.value for c in at.caption if "下属单位" in c.value] == [
        "图中只列出覆盖率最低的 40 个下属单位（共 45 个）"
    ]
    assert len(_bars(at)) == 40


def _brief_rows(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": [f"V{k:02d}" for k in range(n)],
            "unit": [f"{k}村" for k in range(n)],
            "days_of_supply": [float(k) for k in range(n)],  # fewest first, as briefs.content ranks them
            "status": ["critical"] * n,
            "on_hand": [10.0] * n,
            "daily_use": [1.0] * n,
        }
    )


def test_a_brief_charts_the_40_fewest_days_of_45_and_says_so():
    from briefs.content import DaysChart
    from briefs.figures import days_bars

    chart = DaysChart("mask_surgical", "医用外科口罩", "只", 7.0, 14.0, _brief_rows(45))
    fig = days_bars(chart, "zh")
    assert list(fig.data[0].y) == [f"{k}村" for k in range(40)]
    assert fig.layout.xaxis.title.text == "可用天数（天）　·　图中只列出可用天数最少的 40 个单位（共 45 个）"
    small = days_bars(DaysChart("mask_surgical", "医用外科口罩", "只", 7.0, 14.0, _brief_rows(40)), "en")
    assert len(small.data[0].y) == 40 and small.layout.xaxis.title.text == "Days of supply"


def test_a_brief_charts_the_40_lowest_coverages_of_45_unknown_last():
    from briefs.figures import coverage_bars

    # Village k at (45 − k) %; village 0's coverage unknown: the 40 lowest are 44村 … 5村, lowest first.
    rows = pd.DataFrame(
        {
            "unit_code": [f"V{k:02d}" for k in range(45)],
            "unit": [f"{k}村" for k in range(45)],
            "coverage_pct": [NAN, *[float(45 - k) for k in range(1, 45)]],
            "status": ["red"] * 45,
        }
    )
    fig = coverage_bars(rows, "zh")
    assert list(fig.data[0].y) == [f"{k}村" for k in range(44, 4, -1)]
    assert fig.layout.xaxis.title.text == "覆盖率（%）　·　图中只列出覆盖率最低的 40 个单位（共 45 个）"
