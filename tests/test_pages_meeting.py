"""The meeting page's logic on the demo district (AppTest) and its pure parts: stepping, rotation, alert lines,
the picture's file name and alert figure, the message when the server has no browser (issue 12)."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from pages.common import meeting_view
from tests.apptest_support import app_for, demo_database, rendered_text, session_for

SCREENS = ["alerts", "days", "trend", "publicity", "reporting"]
MEETING = "pages/7_会议.py"


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    at.switch_page(MEETING).run()
    assert not at.exception, at.exception
    return at


def png_buttons(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button") if b.key == "meeting_png"]


def screen(at) -> str:
    return at.segmented_control(key="meeting_screen").value


@pytest.mark.parametrize(
    ("current", "delta", "expected"),
    [
        ("alerts", 1, "days"),
        ("reporting", 1, "alerts"),  # round to the first
        ("alerts", -1, "reporting"),  # round to the last
        ("trend", -1, "days"),
        (None, 1, "alerts"),  # nothing chosen yet: the first
        ("gone", -1, "alerts"),
    ],
)
def test_step_goes_round_the_screens(current, delta, expected):
    assert meeting_view.step(SCREENS, current, delta) == expected


@pytest.mark.parametrize(
    ("shown_at", "now", "every", "due"),
    [
        (100.0, 109.0, 10, True),  # a timer run may fire a little early
        (100.0, 108.5, 10, False),
        (100.0, 500.0, 0, False),  # no rotation
        (None, 500.0, 10, False),
    ],
)
def test_rotation_is_due_after_its_seconds(shown_at, now, every, due):
    assert meeting_view.rotation_due(shown_at, now, every) is due


def test_png_file_name_keeps_the_words_and_drops_what_a_file_system_refuses():
    assert (
        meeting_view.png_file_name("东河县", "2020年第12周", "可用天数")
        == "会议_东河县_2020年第12周_可用天数.png"
    )
    assert (
        meeting_view.png_file_name('东河/南 "社区"', "2020年第12周", "口罩库存趋势（近8周）")
        == "会议_东河_南_社区_2020年第12周_口罩库存趋势（近8周）.png"
    )


def test_the_alert_picture_marks_each_line_and_escapes_names():
    urgent = pd.DataFrame(
        {
            "severity": ["critical", "warning"],
            "message": ["<b>李家村</b> 口罩 已断货", "石门村 已 5 周未上报"],
        }
    )
    fig = meeting_view.alerts_figure(urgent, "zh")
    assert [a.text for a in fig.layout.annotations] == [
        "■ 紧急：&lt;b&gt;李家村&lt;/b&gt; 口罩 已断货",
        "▲ 注意：石门村 已 5 周未上报",
    ]
    assert [a.font.color for a in fig.layout.annotations] == ["#d32f2f", "#b26a00"]
    assert [a.y for a in fig.layout.annotations] == [1.0, 0.5]


def test_alert_lines_are_streamlit_alerts_with_a_severity_word_and_icon(app):
    # The demo's latest week: three villages out of masks, 白塔乡 at 507 ÷ 152.125 a day = 3.3 days, the county's
    # and the first middle school's thermometers short (58 of 64, 32 of 38); 石门村 silent since week 7, 上坪村
    # at 10.9 days (below the 14-day line). md_plain escapes the markdown dot of "3.3".
    assert [(e.value, e.icon) for e in app.error] == [
        ("**紧急**　东河社区 医用外科口罩 已断货（库存 0 只）", ":material/error:"),
        ("**紧急**　白塔村 医用外科口罩 已断货（库存 0 只）", ":material/error:"),
        ("**紧急**　下坪村 医用外科口罩 已断货（库存 0 只）", ":material/error:"),
        ("**紧急**　白塔乡 医用外科口罩 仅够 3\\.3 天（库存 507 只，日均消耗 152 只）", ":material/error:"),
        ("**紧急**　东河县 红外测温仪 数量不足（现有 58 个，需 64 个）", ":material/error:"),
        ("**紧急**　东河县第一中学 红外测温仪 数量不足（现有 32 个，需 38 个）", ":material/error:"),
    ]
    assert [(e.value, e.icon) for e in app.warning] == [
        ("**注意**　石门村 已 5 周未上报（最后上报：2020年第7周）", ":material/warning:"),
        ("**注意**　上坪村 医用外科口罩 仅够 10\\.9 天（库存 507 只，日均消耗 46 只）", ":material/warning:"),
    ]
    # The demo's two banners are one caption line, not two alert boxes.
    assert [c.value for c in app.caption][:1] == [":material/science: 示例数据（东河县），不是真实上报"]
    assert "示例数据（东河县），不是真实上报。可在左侧栏清除示例数据。" not in rendered_text(app)


def test_next_and_previous_buttons_step_and_go_round(app):
    assert screen(app) == "alerts"
    assert png_buttons(app) == ["下载本屏图片"]  # chromium is installed here
    app.button(key="meeting_next").click().run()
    assert screen(app) == "days"
    app.button(key="meeting_prev").click().run()
    app.button(key="meeting_prev").click().run()
    assert screen(app) == "reporting"
    assert not app.exception


def test_the_rotation_moves_on_once_its_seconds_have_passed(app):
    app.selectbox(key="meeting_rotate").set_value(10).run()
    assert screen(app) == "alerts"  # switching it on starts the count: no jump
    app.session_state["_meeting_shown_at"] = time.monotonic() - 11
    app.run()
    assert screen(app) == "days"
    app.run()  # just moved on: stays
    assert screen(app) == "days"
    app.toggle(key="meeting_refresh").set_value(True).run()  # the refresh and the rotation together
    assert not app.exception and screen(app) == "days"


def test_without_a_browser_the_png_button_says_why_in_chinese(app, tmp_path, monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on this PATH
    app.run()
    assert [w.value for w in app.warning] == [
        "无法生成图片：服务器上没有安装 Chromium 浏览器。请管理员安装（Debian：apt-get install chromium）后再试。",
        "**注意**　石门村 已 5 周未上报（最后上报：2020年第7周）",
        "**注意**　上坪村 医用外科口罩 仅够 10\\.9 天（库存 507 只，日均消耗 46 只）",
    ]
    assert png_buttons(app) == []
