"""Every text key the pages use exists in Chinese and in English; every word the alert sentences look up too.

`t()` shows a missing key as the key itself, silently ("tile.stockout" on a leader's screen): this test is what
notices. It reads the source (an AST walk) for the keys:
- `t("key", …)`, `ctx.t("key", …)` and any other `….t("key")` call with a literal key;
- keys built with an f-string (`t(f"status.{s}")`): each such family is listed in FAMILIES below, with the
  values taken from the source constants they come from; a family found in the source and not listed fails;
- keys that reach `t()` through a variable (the column headings `labelled()` is given, a notice kept in the
  session, a title in a loop): the key-like string constants of the same sources, in a namespace texts use;
  each such call site is listed in INDIRECT, so a new one is looked at before it is trusted.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

from access.audit_actions import AUDIT_ACTIONS
from access.rights import ROLES
from briefs.formats import FORMATS
from domain.catalogue import PUBLICITY, SUPPLY
from domain.deadlines import WEEKDAYS
from domain.parse_limits import ParseLimits
from domain.problems import ERROR, INFO, WARNING
from metrics import alert_text
from metrics.headline import SEVERITY
from metrics.supply_status import STATUSES
from pages.common.charts import COVERAGE_COLOURS, LEVELS
from pages.common.meeting_view import SEVERITY_LOOK
from pages.common.menu import PAGES
from pages.common.settings_view import ITEM_EDIT_COLUMNS, UNIT_EDIT_COLUMNS, UNIT_FIGURES
from pages.common.texts import TEXTS
from pages.common.texts_audit import AUDIT_TEXTS
from store.access_links import EXPIRED, REVOKED, VALID
from store.uploads import IMPORTED, REJECTED, UNDONE

ROOT = Path(__file__).resolve().parents[1]
# The files that show texts; the texts modules themselves define the keys, so they are not read for uses.
SOURCES = sorted(
    path
    for path in [
        ROOT / "dashboard.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "pages" / "common").glob("*.py"),
    ]
    if not path.name.startswith("texts")
)
KEY_LIKE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


def _page_constant(path: str, name: str):
    """A module-level constant of a page script, read from its source (importing a page would run it)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not found in {path}")


# f-string key families: the text before and after the placeholder → every value the placeholder takes.
FAMILIES: dict[tuple[str, str], list[str]] = {
    ("page.", ""): [p.key for p in PAGES],  # menu.py and the browser tab title (shell.py)
    ("tile.", ""): list(
        SEVERITY
    ),  # the overview's count tiles (units_by_worst_level: stockout, critical, low)
    ("status.", ""): sorted(set(STATUSES) | set(LEVELS)),  # stock status of a row; the charts' levels
    ("cov.", ""): list(COVERAGE_COLOURS),  # coverage status: red, amber, green, over, unknown
    ("basis.", ""): ["use", "plan"],  # stock_status's basis column (metrics/supply_status.py)
    ("meeting.screen.", ""): _page_constant("pages/7_会议.py", "SCREENS"),
    ("meeting.severity.", ""): list(SEVERITY_LOOK),  # the meeting's alert lines (meeting_view.py)
    ("role.", ""): list(ROLES),
    ("brief.format.", ""): list(FORMATS),  # the brief buttons' formats (brief_view.py)
    ("link.status.", ""): [VALID, EXPIRED, REVOKED],  # ViewLink.status()
    ("limit.", ""): [f.name for f in fields(ParseLimits)],  # the settings' file limits form
    # The settings editors' columns and their number columns (settings_view.py).
    ("field.", ""): sorted(
        set(UNIT_EDIT_COLUMNS) | set(UNIT_FIGURES) | set(ITEM_EDIT_COLUMNS) | {"critical_days", "low_days"}
    ),
    ("severity.", ""): [ERROR, WARNING, INFO],  # a problem's severity in the upload preview
    ("upload.status.", ""): [IMPORTED, REJECTED, UNDONE],  # the upload history
    ("category.", ""): [SUPPLY, PUBLICITY],  # the settings' item editor
    ("weekday.", ""): [str(day) for day in WEEKDAYS],  # the reporting deadline (timeliness_view.py)
    # The audit log (audit_text.py): every action; the details and targets it names (others show as stored).
    ("audit.", ""): sorted(AUDIT_ACTIONS),
    ("audit.detail.", ""): [k.split(".", 2)[2] for k in AUDIT_TEXTS if k.startswith("audit.detail.")],
    ("audit.target.", ""): [k.split(".", 2)[2] for k in AUDIT_TEXTS if k.startswith("audit.target.")],
}
# Calls whose key arrives in a variable: (file, the argument's source) → where its keys come from. Their keys
# are the key-like constants of SOURCES (the dicts given to labelled(), the notice, the loop's titles).
INDIRECT = {
    ("pages/common/shell.py", "key"): "PageContext.t passes its own argument on",
    ("pages/common/tables.py", "columns[c]"): "labelled(): the column → key dicts of each page",
    ("pages/common/auth.py", "notice"): 'the notice kept in the session ("auth.session_ended")',
    ("pages/common/upload_view.py", "title"): 'the preview\'s titles ("upload.stock_rows", …)',
    ("pages/common/alert_listing.py", "KIND_KEYS[kind]"): 'kinds named by a status ("status.low", …)',
    ("pages/common/upload_preview.py", "fields[f]"): "the preview's headings (STOCK_FIELDS)",
}


def _is_text_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "t") or (
        isinstance(func, ast.Attribute) and func.attr == "t"
    )


def _family(arg: ast.JoinedStr) -> tuple[str, str]:
    """("status.", "") for f"status.{s}": the constant text around the one placeholder."""
    parts = arg.values
    holes = [i for i, p in enumerate(parts) if isinstance(p, ast.FormattedValue)]
    assert len(holes) == 1, f"a key with {len(holes)} placeholders: {ast.unparse(arg)}"
    before = "".join(p.value for p in parts[: holes[0]] if isinstance(p, ast.Constant))
    after = "".join(p.value for p in parts[holes[0] + 1 :] if isinstance(p, ast.Constant))
    return before, after


def used_keys(sources: list[Path]) -> tuple[set[str], set[tuple[str, str]], set[tuple[str, str]]]:
    """(literal keys, f-string families, indirect call sites) found in `sources`."""
    literal, families, indirect = set(), set(), set()
    key_like = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY_LIKE.fullmatch(node.value)
            ):
                key_like.add(node.value)
            if not _is_text_call(node):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                families.add(_family(arg))
            else:
                name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
                indirect.add((name, ast.unparse(arg)))
    # Key-like constants count where their namespace is one texts use (a module path or a file name is not).
    namespaces = {k.split(".")[0] for k in TEXTS} | {k.split(".")[0] for k in literal}
    literal |= {k for k in key_like if k.split(".")[0] in namespaces}
    return literal, families, indirect


def missing(keys: set[str], lang: str) -> set[str]:
    """The keys with no text in `lang` ("zh" is the first of each pair, "en" the second), or an empty one."""
    index = 0 if lang == "zh" else 1
    return {k for k in keys if k not in TEXTS or not str(TEXTS[k][index]).strip()}


def every_key() -> set[str]:
    literal, families, _ = used_keys(SOURCES)
    expanded = {f"{before}{value}{after}" for (before, after), values in FAMILIES.items() for value in values}
    return literal | expanded


def test_every_fstring_key_family_in_the_pages_is_listed_here():
    _, families, _ = used_keys(SOURCES)
    assert families - set(FAMILIES) == set()


def test_every_key_passed_through_a_variable_is_accounted_for():
    _, _, indirect = used_keys(SOURCES)
    assert indirect == set(INDIRECT)


def test_every_text_key_exists_in_chinese():
    assert missing(every_key(), "zh") == set()


def test_every_text_key_exists_in_english():
    assert missing(every_key(), "en") == set()


def test_the_checker_reports_an_unknown_key(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        'ctx.t("overview.title", unit="x")\nst.caption(t("overview.no_such_label", lang))\n'
        'HEADINGS = {"unit": "col.unit", "odd": "col.no_such_column"}\nt(f"status.{s}")\n',
        encoding="utf-8",
    )
    literal, families, indirect = used_keys([page])
    assert literal == {"overview.title", "overview.no_such_label", "col.unit", "col.no_such_column"}
    assert (families, indirect) == ({("status.", "")}, set())
    assert (
        missing(literal, "zh") == missing(literal, "en") == {"overview.no_such_label", "col.no_such_column"}
    )
    assert missing({"status.ok", "status.nonsense"}, "en") == {"status.nonsense"}


def test_a_key_the_pages_use_is_missed_when_taken_out(monkeypatch):
    # "tile.stockout" is only ever built as f"tile.{level}"; "col.unit" only reaches t() through labelled().
    for key in ("tile.stockout", "col.unit", "overview.title"):
        monkeypatch.delitem(TEXTS, key)
    assert (
        missing(every_key(), "zh")
        == missing(every_key(), "en")
        == {"tile.stockout", "col.unit", "overview.title"}
    )


def test_a_text_with_one_language_missing_is_reported(monkeypatch):
    monkeypatch.setitem(TEXTS, "test.half", ("只有中文", ""))
    assert (missing({"test.half"}, "zh"), missing({"test.half"}, "en")) == (set(), {"test.half"})


def test_every_alert_kind_and_severity_has_a_name_on_the_alerts_page():
    """The alerts page names kinds and severities with its own pairs (KIND_NAMES, SEVERITY_NAMES in
    pages/common/alert_listing.py) besides the status keys (KIND_KEYS); a kind in none of them would show its
    code."""
    from metrics.alert_frame import KIND_ORDER, SEVERITY_ORDER

    page = "pages/common/alert_listing.py"
    by_key = _page_constant(page, "KIND_KEYS")
    by_pair = _page_constant(page, "KIND_NAMES")
    assert {k for k in KIND_ORDER if k not in by_key and k not in by_pair} == set()
    assert missing(set(by_key.values()), "zh") == missing(set(by_key.values()), "en") == set()
    severities = _page_constant(page, "SEVERITY_NAMES")
    assert set(SEVERITY_ORDER) - set(severities) == set()
    pairs = [*by_pair.values(), *severities.values()]
    assert [pair for pair in pairs if len(pair) != 2 or not all(str(x).strip() for x in pair)] == []


# --- the alert sentences (metrics/alert_text.py): the words they look up ------------------------------------


def test_every_catalogue_unit_has_an_english_word_in_the_alert_sentences():
    from domain.catalogue import DEFAULT_ITEMS

    units = {item.base_unit for item in DEFAULT_ITEMS}
    assert units - set(alert_text.EN_UNITS) == set()  # else the English sentence shows 只 or 条


def test_every_figure_and_check_of_the_data_quality_alerts_has_its_sentence():
    """quality_alerts.py names a figure (`figure="used"`, or in the list it loops over) and a check
    (`check="…"`); the sentence looks the figure up in FIGURE_NAMES (else it says nothing) and the check in
    quality() (else it falls through to the coverage sentence)."""
    tree = ast.parse((ROOT / "metrics" / "quality_alerts.py").read_text(encoding="utf-8"))
    figures, checks = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("figure", "check"):
            if isinstance(node.value, ast.Constant):
                (figures if node.arg == "figure" else checks).add(node.value.value)
        if isinstance(node, ast.For) and getattr(node.target, "id", None) == "figure":
            figures |= set(ast.literal_eval(node.iter))
    assert checks == {"negative", "days_out", "overuse", "stock_jump", "use_spike", "total_mismatch"}
    assert figures - set(alert_text.FIGURE_NAMES) == set()
    assert all(zh.strip() and en.strip() for zh, en in alert_text.FIGURE_NAMES.values())
    sentence_code = (ROOT / "metrics" / "alert_text.py").read_text(encoding="utf-8")
    assert {c for c in checks if f'check == "{c}"' not in sentence_code} == set()
