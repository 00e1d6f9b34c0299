"""A checksum over every table: equal before and after means no row was added, changed or removed."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from store.tables import meta, metadata

# Bumped by every write, cleared or not: version counters, not data (the latest-status tables and the report
# weeks record the data version they are current for, store/latest_status.py, store/report_weeks.py
# and store/publicity_packs.py).
COUNTERS = {"data_version", "latest_status_version", "report_weeks_version", "publicity_packs_version"}


def database_checksum(engine, *, skip_tables: tuple[str, ...] = ()) -> str:
    import store.tables  # noqa: F401  (every table joins `metadata` on import)

    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in skip_tables:
                continue
            query = select(table)
            if table is meta:
                query = query.where(meta.c.key.not_in(COUNTERS))
            rows = sorted(repr(tuple(row)) for row in conn.execute(query))
            digest.update(f"{table.name}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()
