"""Our words where Streamlit has only English (issue 12): the uploader's caption and the audit log, exact."""

from __future__ import annotations

from pages.common.audit_text import action_name, actor_name, detail_text, target_text
from pages.common.texts import TEXTS
from pages.common.texts_audit import AUDIT_TEXTS
from pages.common.uploader import limits_caption, uploader_css


def test_the_uploader_caption_names_the_types_and_the_limit_in_each_language():
    assert limits_caption("zh", ["xlsx", "xls", "csv"], 50) == (
        "可把文件拖到框内，或点「选择文件」；接受 .xlsx、.xls、.csv，每个文件不超过 50 MB。"
    )
    assert (
        limits_caption("en", ["xlsx", "csv"], 20)
        == "Drop files in the box or browse: .xlsx, .csv accepted, up to 20 MB each."
    )


def test_the_uploader_css_draws_our_word_and_hides_only_streamlits_inside_our_containers():
    css = uploader_css("zh")
    assert 'content: "选择文件";' in css and 'content: "Browse files";' in uploader_css("en")
    rules = [line for line in css.splitlines() if "{" in line]
    assert rules and all(line.startswith('[class*="st-key-zhupload-"] ') for line in rules)


def test_the_audit_log_reads_in_chinese_and_in_english():
    row = ("user_added", "system", "admin", {"role": "admin", "units": []})
    action, actor, target, detail = row
    assert (action_name(action, "zh"), actor_name(actor, "zh"), target_text(action, target, "zh")) == (
        "新增账号",
        "系统",
        "admin",
    )
    assert detail_text(detail, "zh") == "角色：管理员；单位：—"
    assert detail_text(detail, "en") == "role: administrator; units: —"
    assert target_text("link_created", "link#3", "zh") == "只读链接 #3"
    assert target_text("settings_changed", "thresholds", "en") == "alert levels"
    # An account may be called "units": a user action's target is a name and stays one.
    assert target_text("user_added", "units", "zh") == "units"
    assert detail_text({"rows": 7, "weeks": ["2020-03-23"], "new_thing": "x"}, "zh") == (
        "new_thing：x；行数：7；周：2020-03-23"
    )


def test_every_audit_text_has_both_languages_and_reaches_the_texts():
    assert {k for k, (zh, en) in AUDIT_TEXTS.items() if not zh.strip() or not en.strip()} == set()
    assert set(AUDIT_TEXTS) <= set(TEXTS)
