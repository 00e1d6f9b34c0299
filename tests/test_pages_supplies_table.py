"""The supplies table reads as the sentences do: counts with separators, days cut, — where days do not apply."""

from __future__ import annotations

from tests.apptest_support import app_for, demo_database, session_for


def _supplies(tmp_path, monkeypatch, item: str):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    app = app_for("dashboard.py", session=session_for(url))
    app.run()
    app.switch_page("pages/1_物资.py").run()
    app.selectbox(key="supplies_item").set_value(item).run()
    assert not app.exception
    table = app.dataframe[0].value
    return table.set_index("单位")


def test_a_durable_item_shows_its_count_and_a_dash_for_days(tmp_path, monkeypatch):
    table = _supplies(tmp_path, monkeypatch, "thermometer")
    # Thermometers are held, not used up: days of supply do not apply ("—"); the count on hand still reads.
    assert set(table["可用天数"]) == {"—"}
    assert table.loc["白塔乡", "库存"] not in ("", "—")
    assert table.loc["白塔乡", "数字来自"] == "下级汇总"


def test_masks_read_with_cut_days_and_where_the_figures_come_from(tmp_path, monkeypatch):
    table = _supplies(tmp_path, monkeypatch, "mask_surgical")
    # 白塔乡: 507 ÷ 152.125 = 3.33… days → "3.3"; its figures add up its three villages.
    assert (table.loc["白塔乡", "可用天数"], table.loc["白塔乡", "库存"]) == ("3.3", "507")
    assert table.loc["白塔乡", "数字来自"] == "下级汇总"
