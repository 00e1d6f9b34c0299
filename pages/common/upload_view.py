"""The upload page's parts: template, dry runs with a progress bar, the preview with problems marked, history."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from access import audit_actions as acts
from domain.problems import ERROR
from exports.safe import safe_cell
from exports.template import write_template
from pages.common import data
from pages.common.tables import labelled
from pages.common.texts import t
from pages.common.upload_preview import (
    PUBLICITY_FIELDS,
    STOCK_FIELDS,
    by_importance,
    cell_marks,
    headed,
    preview_table,
)
from store.access_audit import record_audit
from uploads import FileOutcome, import_file

ERROR_FILL = "background-color: #ffcdd2"
WARNING_FILL = "background-color: #fff3c4"
PROBLEM_COLUMNS = {
    "severity": "col.severity",
    "sheet": "col.sheet",
    "row": "col.row",
    "column": "col.column",
    "value": "col.value",
    "message": "col.message",
}


def flash_messages() -> None:
    """Show what the last confirm/cancel/undo did: the page reran since, to refresh the sidebar's weeks."""
    for kind, text in st.session_state.pop("_upload_flash", []):
        getattr(st, kind)(text)


def finish(messages: list[tuple[str, str]]) -> None:
    """Clear the chosen files and previews, keep the messages for the next run, and rerun."""
    st.session_state["_upload_flash"] = messages
    st.session_state["_uploader_round"] = st.session_state.get("_uploader_round", 0) + 1
    st.session_state.pop("_previews", None)
    st.rerun()


def template_download(ctx) -> None:
    frames = data.frames(ctx.url, ctx.version)
    units = frames.units[frames.units["active"]]
    if not ctx.is_admin:  # an officer's template lists only the units they report for
        units = units[units["code"].isin(ctx.writable)]
    st.download_button(
        t("upload.template", ctx.lang),
        lambda: write_template(units, frames.items),
        file_name="防疫物资与宣传周报模板.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="upload_template",
        on_click="ignore",
        icon=":material/download:",
        help=t("upload.template_help", ctx.lang),
    )


def dry_runs(ctx, files, week: date | None, add_units: bool) -> list[FileOutcome]:
    """Check every file without storing it; results kept per file and options so reruns do not re-check."""
    previews = st.session_state.setdefault("_previews", {})
    outcomes = []
    pending = [f for f in files if _signature(ctx, f, week, add_units) not in previews]
    bar = st.progress(0.0) if pending else None
    for file in files:
        key = _signature(ctx, file, week, add_units)
        if key not in previews:
            done = pending.index(file)
            bar.progress(
                done / len(pending),
                text=t("upload.checking", ctx.lang, file=file.name, i=done + 1, n=len(pending)),
            )
            previews[key] = import_file(
                ctx.engine,
                file.name,
                file.getvalue(),
                week=week,
                add_units=add_units,
                dry_run=True,
                allowed_units=ctx.allowed_units,
                chosen_unit=ctx.unit_code,
            )
        outcomes.append(previews[key])
    if bar is not None:
        bar.empty()
    return outcomes


def _signature(ctx, file, week, add_units) -> tuple:
    # The sidebar's unit settles same-name units, so another unit chosen there means another check.
    return (file.file_id, file.name, file.size, str(week), bool(add_units), ctx.version, ctx.unit_code)


def audit_upload(ctx, conn, outcome: FileOutcome) -> None:
    """The audit row of a stored upload, written inside the import's own transaction (import_file on_stored)."""
    record_audit(
        conn,
        ctx.user or "dashboard",
        acts.UPLOAD,
        f"upload#{outcome.upload_id}",
        {
            "file": outcome.file,
            "rows": outcome.rows,
            "units": list(outcome.units),
            "weeks": list(outcome.weeks),
        },
    )


def visible_history(ctx, history: pd.DataFrame) -> pd.DataFrame:
    """An admin sees every upload; anyone else only the uploads that touch a unit they may see."""
    if ctx.is_admin or history.empty:
        return history
    keep = [bool(set(units) & ctx.visible) for units in history["units"]]
    return history[keep].reset_index(drop=True)


def show_preview(ctx, outcome: FileOutcome) -> None:
    lang = ctx.lang
    problems = by_importance(outcome.problems)
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity != ERROR]
    with st.container(border=True):
        st.markdown(f"**{t('upload.preview', lang, file='')}**")
        st.text(outcome.file)  # a file name is the uploader's text: shown as plain text, never markdown
        weeks = "、".join(ctx.week_text(w) for w in outcome.weeks) or "—"
        st.caption(t("upload.summary", lang, rows=outcome.rows, weeks=weeks, units=len(outcome.units)))
        # The fix text first, whole, most important first: a table cell would cut it at 1280 px.
        if errors:
            st.error(_with_lines(t("upload.rejected", lang, n=len(errors)), errors, lang))
        else:
            st.success(t("upload.ok", lang))
        if warnings:
            st.warning(_with_lines(t("upload.warnings", lang, n=len(warnings)), warnings, lang))
        _marked_rows(ctx, outcome, lang)
        if problems:
            st.markdown(f"**{t('upload.problems', lang)}**")
            st.dataframe(_problem_table(problems, lang), hide_index=True, width="stretch", placeholder="")


SHOWN_LINES = 10
# Streamlit markdown also reads :color[...] and :emoji: — a sheet's value must not become either.
MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-!|~$:")


def _with_lines(head: str, problems: list, lang: str) -> str:
    """The summary, then each problem's message as a list item (escaped: the values come from the sheet)."""
    lines = [f"- {_plain_markdown(p.message(lang))}" for p in problems[:SHOWN_LINES]]
    if len(problems) > SHOWN_LINES:
        lines.append(f"- {t('upload.more_below', lang, n=len(problems) - SHOWN_LINES)}")
    return "\n".join([head, "", *lines])


def _plain_markdown(text: str) -> str:
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)


def _problem_table(problems: list, lang: str):
    frame = pd.DataFrame(
        [
            {
                "severity": t(f"severity.{p.severity}", lang),
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "message": p.message(lang),
                "_error": p.severity == ERROR,
            }
            for p in problems
        ]
    )
    fills = [ERROR_FILL if e else WARNING_FILL for e in frame["_error"]]
    shown = labelled(frame, PROBLEM_COLUMNS, lang)
    return shown.style.apply(lambda row: [fills[row.name]] * len(row), axis=1)


def _marked_rows(ctx, outcome: FileOutcome, lang: str) -> None:
    """The rows that will be stored, as an officer reads them, with each problem's cell coloured (red error,
    amber warning)."""
    frames = data.frames(ctx.url, ctx.version)
    unit_names = dict(zip(frames.units["code"], frames.units["name"], strict=True))
    item_names = data.item_names(ctx.url, ctx.version, lang)
    for frame, title, fields in (
        (outcome.stock, "upload.stock_rows", STOCK_FIELDS),
        (outcome.publicity, "upload.publicity_rows", PUBLICITY_FIELDS),
    ):
        if frame is None or frame.empty:
            continue
        st.markdown(f"**{t(title, lang)}**")
        shown = preview_table(frame, fields, unit_names, item_names, lang)
        for column in ("sheet", "unit_code", "item_code", "material_code"):
            if column in shown:  # names the sheet wrote (a new unit's, a sheet's) must not become formulas
                shown[column] = shown[column].map(safe_cell)
        marks = cell_marks(outcome.problems, frame, list(shown.columns), item_names)
        fills = {key: ERROR_FILL if severity == ERROR else WARNING_FILL for key, severity in marks.items()}
        columns = list(shown.columns)
        styled = headed(shown, fields, lang).style.apply(
            lambda row, f=fills, cs=columns: [f.get((row.name, c), "") for c in cs], axis=1
        )
        st.dataframe(
            styled, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(shown)), placeholder=""
        )


def stored_message(ctx, outcome: FileOutcome) -> tuple[str, str]:
    if outcome.status == "imported":
        text = t("upload.imported", ctx.lang, file=outcome.file, rows=outcome.rows, id=outcome.upload_id)
        extra = [p.message(ctx.lang) for p in outcome.problems if p.code == "already_imported"]
        return ("success", " ".join([text, *extra]))
    reasons = "；".join(p.message(ctx.lang) for p in outcome.problems if p.severity == ERROR)
    return ("error", t("upload.failed", ctx.lang, file=outcome.file) + reasons)


HISTORY_COLUMNS = {
    "id": "col.id",
    "uploaded_at": "col.at",
    "uploaded_by": "col.by",
    "file_name": "col.file",
    "rows": "col.rows",
    "weeks": "col.weeks",
    "status": "col.upload_status",
}


def show_history(ctx, history: pd.DataFrame) -> None:
    frame = history.copy()
    frame["rows"] = frame["stock_rows"] + frame["publicity_rows"]
    frame["weeks"] = frame["weeks"].map(
        lambda weeks: "、".join(ctx.week_text(w) for w in weeks[:3]) + ("…" if len(weeks) > 3 else "")
    )
    frame["status"] = frame["status"].map(lambda s: t(f"upload.status.{s}", ctx.lang))
    frame["uploaded_at"] = pd.to_datetime(frame["uploaded_at"]).dt.strftime("%Y-%m-%d %H:%M")
    st.dataframe(labelled(frame, HISTORY_COLUMNS, ctx.lang), hide_index=True, width="stretch", placeholder="")


def upload_label(history: pd.DataFrame, upload_id: int) -> str:
    row = history[history["id"] == upload_id].iloc[0]
    when = pd.Timestamp(row["uploaded_at"]).strftime("%m-%d %H:%M")
    return f"#{upload_id} · {row['file_name']} · {when}"
