"""What an officer answers once about the catalogue (issue 9): a name is an item's synonym, a new item, or
ignored for good; one pack of an item holds N base units. Stored so next week's sheet imports cleanly."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from domain.catalogue import PUBLICITY, SUPPLY
from domain.errors import NameTaken, UnknownItem
from domain.new_items import new_item_row
from loaders.item_names import name_key
from store.catalogue import load_items
from store.connections import reading
from store.latest_status import refresh_latest_status
from store.tables import ignored_item_names, items
from store.versions import bump_data_version


def find_item(conn: Connection, written: str) -> str:
    """The code of the item `written` names: its code, Chinese or English name, or a synonym."""
    key = name_key(written)
    for row in load_items(conn).itertuples(index=False):
        words = (row.code, row.name_zh, row.name_en, *(row.synonyms or ()))
        if any(name_key(str(w)) == key for w in words):
            return row.code
    raise UnknownItem(written)


def _owner(conn: Connection, name: str) -> str | None:
    try:
        return find_item(conn, name)
    except UnknownItem:
        return None


def add_synonym(conn: Connection, item: str, name: str) -> str:
    """Map a written name to an item (`item`: its code or any of its names). Returns the item's code."""
    code = find_item(conn, item)
    owner = _owner(conn, name)
    if owner is not None and owner != code:
        raise NameTaken(name, owner)
    if owner is None:
        synonyms = json.loads(conn.execute(select(items.c.synonyms).where(items.c.code == code)).scalar_one())
        conn.execute(
            items.update()
            .where(items.c.code == code)
            .values(synonyms=json.dumps([*synonyms, name.strip()], ensure_ascii=False))
        )
    _unignore(conn, name)
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current
    return code


def add_item(
    conn: Connection, name: str, base_unit: str, category: str = SUPPLY, code: str | None = None
) -> str:
    """A new catalogue item counted in `base_unit` (the sheet's counting unit). Returns its code."""
    if category not in (SUPPLY, PUBLICITY):
        raise ValueError(f"category must be {SUPPLY} or {PUBLICITY}, not {category!r}")
    for word in (name, code):
        owner = _owner(conn, word) if word else None
        if owner is not None:
            raise NameTaken(word, owner)
    row = new_item_row(name, category, base_unit, code)
    order = conn.execute(select(func.max(items.c.sort_order))).scalar() or 0
    for field in ("synonyms", "pack_sizes"):
        row[field] = json.dumps(row[field], ensure_ascii=False)
    conn.execute(items.insert().values(**row, sort_order=order + 1))
    _unignore(conn, name)
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current
    return row["code"]


def save_new_items(conn: Connection, new_items: pd.DataFrame) -> None:
    """The items an import with --add-items made (rows from domain.new_items.new_item_row)."""
    for row in new_items.itertuples(index=False):
        add_item(conn, row.name_zh, row.base_unit, row.category, row.code)


def set_pack_size(conn: Connection, item: str, pack: str, size: float) -> str:
    """One `pack` (件, 箱) of the item holds `size` base units. Returns the item's code."""
    if not size > 0:
        raise ValueError(f"a pack holds a positive number of units, not {size!r}")
    code = find_item(conn, item)
    packs = json.loads(conn.execute(select(items.c.pack_sizes).where(items.c.code == code)).scalar_one())
    packs[pack.strip()] = float(size)
    conn.execute(
        items.update().where(items.c.code == code).values(pack_sizes=json.dumps(packs, ensure_ascii=False))
    )
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current
    return code


def ignore_name(conn: Connection, name: str, by: str) -> None:
    """Never count this name again: its rows are skipped and said once as "ignored by choice"."""
    owner = _owner(conn, name)
    if owner is not None:
        raise NameTaken(name, owner)
    _unignore(conn, name)
    conn.execute(
        ignored_item_names.insert().values(
            name_key=name_key(name), name=name.strip(), ignored_by=by, ignored_at=datetime.now()
        )
    )
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current


def _unignore(conn: Connection, name: str) -> None:
    conn.execute(ignored_item_names.delete().where(ignored_item_names.c.name_key == name_key(name)))


def load_ignored_names(source: Engine | Connection) -> dict[str, str]:
    """name_key → the name as first written."""
    query = select(ignored_item_names.c.name_key, ignored_item_names.c.name).order_by(
        ignored_item_names.c.name
    )
    with reading(source) as conn:
        return {key: name for key, name in conn.execute(query).all()}
