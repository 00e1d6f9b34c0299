"""A target that makes coverage exceed 100 % is flagged on the settings page, where targets are set."""

from __future__ import annotations

from tests.apptest_support import app_for, demo_database, session_for


def _over_target_warning(tmp_path, monkeypatch) -> tuple[str, list[str]]:
    """The settings page's above-100 % warning on the demo, as an admin sees it, and its listed lines."""
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    app = app_for("dashboard.py", session=session_for(url))
    app.run()
    app.switch_page("pages/6_设置.py").run()
    assert not app.exception
    warning = next(w.value for w in app.warning if "超过 100%" in w.value)
    lines = [line[2:] for line in warning.splitlines() if line.startswith("- ")]
    return warning, lines


def test_settings_list_the_coverages_above_100_percent_with_reach_and_target(tmp_path, monkeypatch):
    warning, lines = _over_target_warning(tmp_path, monkeypatch)
    # The demo's week 12: the county's banners 35 of 34 (2 per village, 17 villages) = 102.9 % → 102 %;
    # 李家村 4 of 2 = 200 %; eleven unit × material pairs in all.
    assert len(lines) == 11
    assert lines[0] == "东河县 · 横幅：102%（已覆盖 35，目标 34）"
    assert "李家村 · 横幅：200%（已覆盖 4，目标 2）" in lines


def test_past_the_listed_number_the_rest_are_counted_not_listed(tmp_path, monkeypatch):
    from pages.common import target_check

    monkeypatch.setattr(target_check, "LISTED", 4)
    warning, lines = _over_target_warning(tmp_path, monkeypatch)
    # The first 4 of the eleven, in the same order; the other 7 counted.
    assert len(lines) == 4 and lines[0] == "东河县 · 横幅：102%（已覆盖 35，目标 34）"
    assert warning.endswith(
        "另有 7 处超过 100% 未逐条列出（共 11 处），可在「宣传」页逐级查看并下载覆盖率表。"
    )
