"""The upload preview's questions (issue 9): for each unknown item name a choice (map to an item, add it, ignore
it), for each pack of unknown size a number; saved in one transaction, then the files are checked again."""

from __future__ import annotations

import streamlit as st

from domain.errors import NameTaken, NotFound
from domain.new_items import likely_category
from loaders.item_names import name_key
from loaders.unknown_names import UnknownName, UnknownPack
from pages.common import data
from pages.common.texts import t
from store import write_transaction
from store.item_answers import add_item, add_synonym, ignore_name, set_pack_size
from uploads import FileOutcome

LATER, NEW, IGNORE = "later", "new", "ignore"


def questions(outcomes: list[FileOutcome]) -> tuple[list[UnknownName], list[UnknownPack]]:
    """Every unknown name and pack across the files, each once."""
    names: dict[str, UnknownName] = {}
    packs: dict[tuple[str, str], UnknownPack] = {}
    for outcome in outcomes:
        for name in outcome.unknown_names:
            names.setdefault(name_key(name.name), name)
        for pack in outcome.unknown_packs:
            packs.setdefault((pack.item_code, pack.pack), pack)
    return list(names.values()), list(packs.values())


def ask(ctx, outcomes: list[FileOutcome]) -> None:
    names, packs = questions(outcomes)
    if not names and not packs:
        return
    lang = ctx.lang
    items = data.frames(ctx.url, ctx.version).items
    item_names = dict(zip(items["code"], items["name_zh" if lang == "zh" else "name_en"], strict=True))
    with st.container(border=True):
        st.markdown(f"**{t('answers.title', lang)}**")
        st.caption(t("answers.help", lang))
        with st.form("upload_answers", border=False):
            for i, name in enumerate(names):
                unit = name.count_unit or t("answers.no_unit", lang)
                options = [LATER, *name.suggestions, *[c for c in items["code"] if c not in name.suggestions]]
                options += [NEW, IGNORE]
                labels = {LATER: t("answers.later", lang), NEW: t("answers.new", lang, unit=unit),
                          IGNORE: t("answers.ignore", lang)}  # fmt: skip
                st.selectbox(
                    t(
                        "answers.name",
                        lang,
                        name=_plain(name.name),
                        where=_where(name, lang),
                        unit=_plain(unit),
                    ),
                    options,
                    format_func=lambda o, labels=labels: (
                        labels.get(o) or t("answers.map", lang, item=item_names[o])
                    ),
                    key=f"answer_name_{i}",
                    placeholder=t("filter.choose", lang),
                )
            for j, pack in enumerate(packs):
                st.number_input(
                    t(
                        "answers.pack",
                        lang,
                        pack=_plain(pack.pack),
                        item=item_names.get(pack.item_code, ""),
                        base=pack.base_unit,
                    ),  # fmt: skip
                    min_value=0.0,
                    value=None,
                    step=1.0,
                    key=f"answer_pack_{j}",
                )
            saved = st.form_submit_button(t("answers.save", lang), icon=":material/save:")
    if saved:
        _save(ctx, names, packs)


def _save(ctx, names: list[UnknownName], packs: list[UnknownPack]) -> None:
    chosen = [(n, st.session_state.get(f"answer_name_{i}", LATER)) for i, n in enumerate(names)]
    chosen = [(n, c) for n, c in chosen if c != LATER]
    sizes = [(p, st.session_state.get(f"answer_pack_{j}")) for j, p in enumerate(packs)]
    sizes = [(p, s) for p, s in sizes if s]
    if not chosen and not sizes:
        st.info(t("answers.none", ctx.lang))
        return
    try:
        with write_transaction(ctx.engine) as conn:
            for name, choice in chosen:
                if choice == NEW:
                    unit = name.count_unit or "个"
                    add_item(conn, name.name, unit, likely_category(name.count_unit))
                elif choice == IGNORE:
                    ignore_name(conn, name.name, ctx.user or "dashboard")
                else:
                    add_synonym(conn, choice, name.name)
            for pack, size in sizes:
                set_pack_size(conn, pack.item_code, pack.pack, float(size))
    except (NameTaken, NotFound) as refused:
        st.error(t("answers.failed", ctx.lang, reason=refused.message(ctx.lang)))
        return
    st.session_state["_upload_flash"] = [
        ("success", t("answers.saved", ctx.lang, n=len(chosen) + len(sizes)))
    ]
    st.rerun()


def _where(name: UnknownName, lang: str) -> str:
    sheet = _plain(name.sheet)
    return f"「{sheet}」第{name.row}行" if lang == "zh" else f"sheet {sheet}, row {name.row}"


def _plain(text: str) -> str:
    """Outside text in a widget label: markdown characters escaped, so a name never becomes a link or markup."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$:" else ch for ch in str(text))
