"""Accounts, roles and view links on the pages: the login, what each role sees, deep links, the open demo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from access.tokens import utc_now
from store import open_engine
from store.access_audit import load_audit
from store.access_links import create_link, revoke_link
from store.access_sessions import resolve_session
from store.uploads import list_uploads
from tests.apptest_support import (
    PASSWORD,
    ROOT,
    add_account,
    app_for,
    demo_database,
    plotly_specs,
    rendered_text,
    session_for,
    wide_workbook,
)
from uploads import import_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVERY_PAGE = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
C01_VILLAGES = {"李家村": (1200, 500, 400), "王庄村": (900, 0, 350)}
# The overview's tiles, worked out by hand from the demo's rows of 2020-03-16 (see test_pages_overview.py).
COUNTY_TILES = ["本周上报", "断货单位", "紧缺单位", "偏低单位", "最少可用天数", "宣传单覆盖率", "横幅覆盖率"]
C01_TILES = {
    "本周上报": "4/4",
    "断货单位": "1",  # 东河社区: masks 0 on hand, 6 days out; 李家村, 王庄村, 河口村 hold every item ≥ 14 days
    "紧缺单位": "0",
    "偏低单位": "0",
    "最少可用天数": "0.0 天",  # 东河社区's masks
    "宣传单覆盖率": "77%",  # (885 + 599 + 897 + 812 = 3193) ÷ (1133 + 966 + 1066 + 966 = 4131) = 77.3 %
    "横幅覆盖率": "137%",  # (4 + 2 + 3 + 2 = 11) ÷ (2 per village × 4 = 8) = 137.5 %
}


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    engine = open_engine(url)
    yield url, engine
    engine.dispose()


def run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def shows_no_data(at) -> None:
    assert len(at.dataframe) == 0
    assert len(at.get("plotly_chart")) == 0
    assert len(at.metric) == 0
    assert len(at.get("arrow_data_frame")) == 0


def shows_login(at) -> None:
    keys = [w.key for w in at.text_input]
    assert "login_username" in keys and "login_password" in keys
    shows_no_data(at)


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def unit_options(at) -> list[str]:
    return list(at.sidebar.selectbox(key="_w_unit_0").options)


def menu(at) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


def sign_in(at, name: str, password: str):
    at.text_input(key="login_username").input(name)
    at.text_input(key="login_password").input(password)
    at.button[0].click()  # the form's submit button
    return run(at)


# --- the login ---------------------------------------------------------------------------------------------


def test_login_succeeds_and_the_overview_follows(db):
    url, engine = db
    add_account(url, "admin", "admin")
    at = run(app_for())
    shows_login(at)
    sign_in(at, "admin", PASSWORD)
    assert at.title[0].value == "总览：东河县"
    assert list(tiles(at)) == COUNTY_TILES
    # No gateway under AppTest: the session stays in this tab's state, and never in the address.
    token = at.session_state["_auth_session"]
    assert resolve_session(engine, token).name == "admin"
    assert dict(at.query_params) == {}
    assert "login_ok" in set(load_audit(engine)["action"])


def test_a_wrong_password_says_so_and_shows_no_data(db):
    url, engine = db
    add_account(url, "admin", "admin")
    at = run(app_for())
    sign_in(at, "admin", "not the password")
    assert at.error[0].value.startswith("用户名或密码不正确")
    shows_login(at)
    assert "s" not in at.query_params
    assert "login_failed" in set(load_audit(engine)["action"])


def test_log_out_ends_the_session(db):
    url, engine = db
    token = session_for(url, "admin", "admin")
    at = run(app_for(session=token))
    at.sidebar.button(key="_logout").click()
    run(at)
    shows_login(at)
    assert resolve_session(engine, token) is None


def test_log_out_everywhere_ends_every_session(db):
    url, engine = db
    token = session_for(url, "admin", "admin")
    from store.access_sessions import issue_session

    other = issue_session(engine, resolve_session(engine, token).id)
    at = run(app_for(session=token))
    at.sidebar.button(key="_logout_all").click()
    run(at)
    shows_login(at)
    assert resolve_session(engine, other) is None


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_opened_directly_without_a_session_shows_only_the_login(db, path):
    """Walks pages/: a new page that forgets page_start fails here."""
    url, _ = db
    add_account(url, "admin", "admin")
    at = run(app_for(path))
    shows_login(at)
    assert len(at.file_uploader) == 0
    assert "东河" not in rendered_text(at)  # no unit name, no figure


# --- roles -------------------------------------------------------------------------------------------------


def test_a_viewer_of_c01_sees_only_c01s_subtree(db):
    url, _ = db
    at = run(app_for(session=session_for(url, "v", "viewer", ["C01"])))
    assert unit_options(at) == ["东河镇"]
    assert at.title[0].value == "总览：东河镇"
    assert tiles(at) == C01_TILES
    heatmap = plotly_specs(at)[0]["data"][0]
    assert heatmap["y"] == ["东河镇", "李家村", "王庄村", "河口村", "东河社区"]
    assert menu(at) == ["总览", "物资", "宣传", "预警", "上报", "会议"]
    assert "白塔乡" not in rendered_text(at)


def test_a_crafted_unit_in_session_state_cannot_escape_the_subtree(db):
    url, _ = db
    at = app_for(session=session_for(url, "v", "viewer", ["C01"]))
    at.session_state["unit_code"] = "C03"
    run(at)
    assert at.title[0].value == "总览：东河镇"
    at.session_state["unit_code"] = "C"
    at.switch_page("pages/1_物资.py")
    run(at)
    assert at.title[0].value == "物资：东河镇"


@pytest.mark.parametrize("page", ["pages/5_上传.py", "pages/6_设置.py", "pages/8_账号.py"])
def test_a_viewers_deep_link_to_a_closed_page_is_refused(db, page):
    url, _ = db
    token = session_for(url, "v", "viewer", ["C01"])
    at = run(app_for(session=token))
    at.switch_page(page)
    run(at)
    assert at.error[0].value.startswith("您的账号无权打开本页")
    assert len(at.file_uploader) == 0
    shows_no_data(at)
    direct = run(app_for(page, session=token))  # the page file itself as the entry script
    assert direct.error[0].value.startswith("您的账号无权打开本页")
    assert len(direct.file_uploader) == 0


def test_an_officer_may_upload_but_not_open_settings(db):
    url, _ = db
    token = session_for(url, "o", "officer", ["C01"])
    at = run(app_for(session=token))
    assert menu(at) == ["总览", "物资", "宣传", "预警", "上报", "上传", "会议"]
    at.switch_page("pages/5_上传.py")
    run(at)
    assert at.title[0].value == "上传报表"
    assert [u.key for u in at.file_uploader] == ["upload_files_0"]  # the week's files
    at.switch_page("pages/6_设置.py")
    run(at)
    assert at.error[0].value.startswith("您的账号无权打开本页")
    assert len(at.get("data_editor")) == 0


def uploader(at):
    return next(u for u in at.file_uploader if u.key.startswith("upload_files_"))


def test_an_officer_is_refused_a_sheet_naming_another_unit_and_nothing_is_stored(db):
    url, engine = db
    at = run(app_for("dashboard.py", session=session_for(url, "o", "officer", ["C01"])))
    at.switch_page("pages/5_上传.py")
    run(at)
    uploader(at).upload("东河县第13周.xlsx", wide_workbook(), XLSX)  # villages of C01 and of C03
    run(at)
    refusals = " ".join(e.value for e in at.error) + rendered_text(at)
    assert "有 3 个错误" in refusals
    # The list of problems is the table headed 级别 (the preview of the rows comes first).
    problems = next(d.value for d in at.dataframe if "级别" in d.value.columns)
    assert set(problems["数值"]) == {"白塔村", "上坪村", "下坪村"}
    assert "无权上报" in " ".join(problems["说明"])
    assert at.button(key="upload_confirm").disabled
    assert len(list_uploads(engine)) == 1  # only the demo


def test_an_officer_stores_a_sheet_of_their_own_units_and_it_is_audited(db):
    url, engine = db
    at = run(app_for("dashboard.py", session=session_for(url, "o", "officer", ["C01"])))
    at.switch_page("pages/5_上传.py")
    run(at)
    uploader(at).upload("东河镇第13周.xlsx", wide_workbook(C01_VILLAGES), XLSX)
    run(at)
    at.button(key="upload_confirm").click()
    run(at)
    history = list_uploads(engine)
    assert list(history["uploaded_by"])[:1] == ["o"]
    audit = load_audit(engine, action="upload")
    assert list(audit["actor"]) == ["o"]
    # the officer may undo their own upload, never the demo's (which names every unit)
    assert len(at.selectbox(key="upload_undo_pick").options) == 1
    at.button(key="upload_undo").click()
    run(at)
    assert list(load_audit(engine, action="undo")["actor"]) == ["o"]


def test_an_officer_may_not_undo_an_upload_that_names_other_units(db):
    url, _ = db
    at = run(app_for("pages/5_上传.py", session=session_for(url, "o", "officer", ["C01"])))
    assert "没有您可以撤销的上传" in rendered_text(at)
    assert not [b for b in at.button if b.key == "upload_undo"]


def test_an_admin_sees_the_accounts_page_and_makes_a_view_link(db):
    url, engine = db
    at = run(app_for(session=session_for(url, "admin", "admin")))
    assert "账号" in menu(at)
    at.switch_page("pages/8_账号.py")
    run(at)
    assert at.title[0].value == "账号与查看链接"
    users = at.dataframe[0].value
    assert list(users["用户名"]) == ["admin"]
    at.selectbox(key="acc_link_unit").set_value("C03")
    at.text_input(key="acc_link_label").input("乡领导")
    next(b for b in at.button if b.proto.label == "生成查看链接").click()
    run(at)
    shown = at.get("code")[0].value
    assert "/?link=" in shown
    token = shown.rsplit("=", 1)[1]
    link_app = run(app_for(link=token))
    assert link_app.title[0].value == "总览：白塔乡"
    audit = at.dataframe[-1].value  # the accounts page's audit log, newest first
    assert audit[["操作人", "操作", "对象"]].values.tolist() == [
        ["admin", "新建只读链接", "只读链接 #1"],
        ["系统", "新增账号", "admin"],
    ]
    assert list(load_audit(engine)["action"]) == ["link_opened", "link_created", "user_added"]


def test_an_admin_adds_an_officer_on_the_accounts_page(db):
    url, engine = db
    at = run(app_for("pages/8_账号.py", session=session_for(url, "admin", "admin")))
    at.text_input(key="acc_new_name").input("liu")
    at.selectbox(key="acc_new_role").set_value("officer")
    at.multiselect(key="acc_new_units").set_value(["C02"])
    at.text_input(key="acc_new_password").input("a long password 9")
    next(b for b in at.button if b.proto.label == "新建").click()
    run(at)
    assert at.success[0].value == "已新建用户 liu。"
    from store.accounts import get_user

    assert get_user(engine, "liu").units == ("C02",)
    times = load_audit(engine, action="user_added")
    assert list(times["actor"]) == ["admin", "system"]


# --- view links --------------------------------------------------------------------------------------------


def test_a_view_link_opens_read_only_on_its_subtree(db):
    url, engine = db
    add_account(url, "admin", "admin")
    token = create_link(engine, "C01", 7, label="镇领导").token
    at = run(app_for(link=token))
    assert at.title[0].value == "总览：东河镇"
    assert unit_options(at) == ["东河镇"]
    assert menu(at) == ["总览", "物资", "宣传", "预警", "上报", "会议"]
    assert tiles(at) == C01_TILES
    at.switch_page("pages/5_上传.py")
    run(at)
    assert at.error[0].value.startswith("您的账号无权打开本页")
    assert len(at.file_uploader) == 0
    assert "link_opened" in set(load_audit(engine)["action"])


def refused_link_page(at) -> None:
    shows_no_data(at)
    assert len(at.sidebar.get("page_link")) == 0
    assert len(at.sidebar.selectbox) == 0


def test_an_expired_link_shows_a_clear_page_and_no_data(db):
    url, engine = db
    add_account(url, "admin", "admin")
    token = create_link(engine, "C01", 1, now=utc_now() - timedelta(days=3)).token
    at = run(app_for(link=token))
    assert at.error[0].value.startswith("此查看链接已过期")
    refused_link_page(at)


def test_a_revoked_link_shows_a_clear_page_and_no_data(db):
    url, engine = db
    add_account(url, "admin", "admin")
    made = create_link(engine, "C01", 7)
    at = run(app_for(link=made.token))
    assert at.title[0].value == "总览：东河镇"
    revoke_link(engine, made.link.id)
    run(at)  # the same browser tab, next rerun
    assert at.error[0].value.startswith("此查看链接已被管理员撤销")
    refused_link_page(at)


def test_an_unknown_link_shows_a_clear_page(db):
    at = run(app_for(link="not-a-real-token"))
    assert at.error[0].value.startswith("链接无效")
    refused_link_page(at)


# --- the open demo and the first run -----------------------------------------------------------------------


def test_with_no_account_the_demo_is_open_read_only(db):
    at = run(app_for())
    assert at.title[0].value == "总览：东河县"
    assert at.warning[0].value.startswith("示例模式：尚未创建账号")
    assert menu(at) == ["总览", "物资", "宣传", "预警", "上报", "会议"]
    at.switch_page("pages/5_上传.py")
    run(at)
    assert "示例模式下本页不开放" in at.warning[0].value
    assert len(at.file_uploader) == 0


def test_once_an_account_exists_the_demo_needs_a_login(db):
    url, _ = db
    at = run(app_for())
    assert list(tiles(at)) == COUNTY_TILES
    add_account(url, "admin", "admin")
    run(at)
    shows_login(at)


def test_real_data_without_any_account_shows_only_the_first_run_page(db):
    url, engine = db
    import_file(engine, "东河镇第13周.xlsx", wide_workbook(C01_VILLAGES), uploaded_by="cli")
    at = run(app_for())
    assert "还没有任何账号" in at.warning[0].value
    assert "users add" in at.get("code")[0].value
    shows_no_data(at)
    assert len(at.sidebar.selectbox) == 0


def test_the_first_admin_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    monkeypatch.setenv("DASHBOARD_ADMIN_USER", "chief")
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", PASSWORD)
    at = run(app_for())
    shows_login(at)
    sign_in(at, "chief", PASSWORD)
    assert at.title[0].value.startswith("总览")
