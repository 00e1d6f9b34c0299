"""上传 Upload: template, files → dry-run preview with every problem → confirm or cancel; history and undo."""

from __future__ import annotations

import streamlit as st

from access import audit_actions as acts
from access.rights import may_undo
from loaders.weeks import week_of_text
from pages.common import data, upload_answers, upload_view, weekly_upload_view
from pages.common.shell import demo_clear_button, page_start
from pages.common.uploader import file_uploader
from store import write_transaction
from store.access_audit import record_audit
from store.uploads import list_uploads, undo_upload
from uploads import import_file

ctx = page_start("upload")

st.title(ctx.t("upload.title"))
upload_view.flash_messages()
upload_view.template_download(ctx)
weekly_upload_view.weekly_shortcuts(ctx)

st.divider()
if ctx.demo:
    # Real figures uploaded now would sit among the demo's units: offer the switch first. Clearing the demo
    # later removes only the demo's own rows, so an upload made anyway is kept.
    st.warning(ctx.t("demo.upload_first"))
    demo_clear_button(ctx.engine, ctx.lang, "_upload_demo_clear")
# Typed, not picked: Streamlit's date picker speaks only English (yyyy-mm-dd, month names), and officers write
# weeks as 2020年第12周 as often as dates; the loaders' own reading of a week reads it.
week_text = st.text_input(ctx.t("upload.week"), placeholder=ctx.t("upload.week_hint"), key="upload_week")
week = week_of_text(week_text) if week_text.strip() else None
if week_text.strip() and week is None:
    st.error(ctx.t("upload.week_unknown"))
    st.stop()
if week is not None:
    st.caption(ctx.t("upload.week_is", week=ctx.week_text(week.isoformat())))
add_units = st.checkbox(ctx.t("upload.add_units"), value=False, key="upload_add_units")
files = file_uploader(
    ctx.lang,
    ctx.t("upload.files"),
    types=["xlsx", "xls", "csv"],
    multiple=True,
    key=f"upload_files_{st.session_state.get('_uploader_round', 0)}",
)

if files:
    outcomes = upload_view.dry_runs(ctx, files, week, add_units)
    for outcome in outcomes:
        upload_view.show_preview(ctx, outcome)
    upload_answers.ask(ctx, outcomes)
    storable = [o for o in outcomes if o.status == "checked"]
    left, right = st.columns(2)
    confirm = left.button(
        ctx.t("upload.confirm"),
        type="primary",
        disabled=not storable,
        key="upload_confirm",
        icon=":material/check:",
    )
    cancel = right.button(ctx.t("upload.cancel"), key="upload_cancel", icon=":material/close:")
    if confirm:
        messages = []
        by_name = {f.name: f for f in files}
        for outcome in storable:
            stored = import_file(
                ctx.engine,
                outcome.file,
                by_name[outcome.file].getvalue(),
                week=week,
                add_units=add_units,
                uploaded_by=ctx.user or "dashboard",
                allowed_units=ctx.allowed_units,  # an officer: only their units; a sheet naming another is refused
                chosen_unit=ctx.unit_code,  # a name that fits several units: prefer the one under the sidebar's
                on_stored=lambda conn, done: upload_view.audit_upload(ctx, conn, done),
            )
            messages.append(upload_view.stored_message(ctx, stored))
        upload_view.finish(messages)
    if cancel:
        upload_view.finish([("info", ctx.t("upload.cancelled"))])

st.divider()
st.subheader(ctx.t("upload.history"))
history = upload_view.visible_history(ctx, list_uploads(ctx.engine))
if history.empty:
    st.caption(ctx.t("upload.no_history"))
else:
    upload_view.show_history(ctx, history)
    all_units = data.frames(ctx.url, ctx.version).units
    imported = history[history["status"] == "imported"]
    undoable = imported[[may_undo(ctx.principal, units, all_units) for units in imported["units"]]]
    if undoable.empty:
        if not imported.empty:
            st.caption(ctx.t("upload.undo_none"))
    else:
        chosen = st.selectbox(
            ctx.t("upload.undo_pick"),
            undoable["id"].tolist(),
            format_func=lambda upload_id: upload_view.upload_label(undoable, upload_id),
            key="upload_undo_pick",
            placeholder=ctx.t("filter.choose"),
        )
        if st.button(ctx.t("upload.undo"), key="upload_undo", icon=":material/undo:"):
            units = undoable.loc[undoable["id"] == chosen, "units"]
            if units.empty or not may_undo(ctx.principal, units.iloc[0], all_units):
                st.error(ctx.t("access.denied"))
                st.stop()
            with write_transaction(ctx.engine) as conn:
                removed = undo_upload(conn, int(chosen))
                record_audit(
                    conn,
                    ctx.user,
                    acts.UNDO,
                    f"upload#{int(chosen)}",
                    {"rows": removed, "units": list(units.iloc[0])},
                )
            upload_view.finish([("success", ctx.t("upload.undone", id=chosen, rows=removed))])
