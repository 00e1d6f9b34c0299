"""The one-click zero report (零报告, issue 13): "nothing changed this week" for one unit and week, stored the
way an upload is — an upload record named 「零报告」, the rows through replace_reports, the audit row in the same
transaction — so the history lists it, the reporting rate and timeliness count it, and undo takes it back.

Stock carried: every item the unit held last week keeps last week's closing as this week's on hand, with
received 0 and used 0 written (not left to derive). No publicity: every material the unit reported in the last
RECENT_WEEKS weeks gets quantity 0 this week. A unit and week that already have any row are refused: a zero
report never overwrites figures an officer sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from domain.weeks import monday_of, week_label
from store.access_audit import record_audit
from store.engine import write_transaction
from store.latest_status import refresh_latest_status
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK
from store.tables import publicity_reports, stock_reports, units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import bump_data_version

ZERO_REPORT_FILE = "零报告"
RECENT_WEEKS = 4


class ZeroReportRefused(ValueError):
    """Why a zero report was not stored, in Chinese and English (the pages and the command line say it)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ZeroReport:
    upload_id: int
    unit_code: str
    week: date
    stock_rows: int
    publicity_rows: int


def record_zero_report(
    engine: Engine,
    unit_code: str,
    week: date,
    *,
    user: str,
    stock: bool = True,
    publicity: bool = True,
    when: datetime | None = None,
) -> ZeroReport:
    """Store the zero report of `unit_code` for the week holding `week`; raises ZeroReportRefused."""
    monday = monday_of(week)
    with write_transaction(engine) as conn:
        name = conn.execute(select(units.c.name).where(units.c.code == unit_code)).scalar()
        if name is None:
            raise ZeroReportRefused(f"没有编码为“{unit_code}”的单位", f"No unit has the code {unit_code!r}")
        when_text = (week_label(monday, "zh"), week_label(monday, "en"))
        if _has_report(conn, unit_code, monday):
            raise ZeroReportRefused(
                f"{name} {when_text[0]} 已有上报数据，不能再报零报告；如需更正，请上传更正后的报表或撤销原上传",
                f"{name} already has figures for {when_text[1]}: a zero report cannot replace them; upload a "
                "corrected sheet or undo the earlier upload",
            )
        stock_rows = _carried_stock(conn, unit_code, monday) if stock else _empty(STOCK.columns)
        publicity_rows = _no_publicity(conn, unit_code, monday) if publicity else _empty(PUBLICITY.columns)
        if stock_rows.empty and publicity_rows.empty:
            raise ZeroReportRefused(
                f"{name} 上周没有库存数据可沿用，近 {RECENT_WEEKS} 周也没有宣传数据：请上传报表",
                f"{name} has no stock last week to carry and no publicity in the last {RECENT_WEEKS} weeks: "
                "upload a sheet instead",
            )
        upload_id = record_upload(
            conn,
            UploadRecord(
                file_name=ZERO_REPORT_FILE,
                sha256=f"zero-report:{unit_code}:{monday.isoformat()}"[:64],
                uploaded_by=user,
                status=IMPORTED,
                stock_rows=len(stock_rows),
                publicity_rows=len(publicity_rows),
                weeks=[monday.isoformat()],
                units=[unit_code],
                problems=[],
            ),
            when=when,
        )
        replace_reports(conn, STOCK, stock_rows, upload_id)
        replace_reports(conn, PUBLICITY, publicity_rows, upload_id)
        record_audit(
            conn,
            user,
            acts.UPLOAD,
            f"upload#{upload_id}",
            {
                "file": ZERO_REPORT_FILE,
                "rows": len(stock_rows) + len(publicity_rows),
                "units": [unit_code],
                "weeks": [monday.isoformat()],
            },
        )
        bump_data_version(conn)
        refresh_latest_status(conn, [unit_code], [monday])
    return ZeroReport(upload_id, unit_code, monday, len(stock_rows), len(publicity_rows))


def _has_report(conn: Connection, unit_code: str, monday: date) -> bool:
    for table in (stock_reports, publicity_reports):
        query = (
            select(table.c.unit_code).where(table.c.unit_code == unit_code, table.c.week == monday).limit(1)
        )
        if conn.execute(query).first() is not None:
            return True
    return False


def _carried_stock(conn: Connection, unit_code: str, monday: date) -> pd.DataFrame:
    last = monday - timedelta(weeks=1)
    query = select(stock_reports.c.item_code, stock_reports.c.on_hand).where(
        stock_reports.c.unit_code == unit_code,
        stock_reports.c.week == last,
        stock_reports.c.on_hand.is_not(None),
    )
    rows = [
        {
            "unit_code": unit_code,
            "week": pd.Timestamp(monday),
            "item_code": item,
            "on_hand": float(on_hand),
            "received": 0.0,
            "used": 0.0,
            "days_out": None,
            "opening": None,
        }
        for item, on_hand in conn.execute(query)
    ]
    return pd.DataFrame(rows, columns=STOCK.columns)


def _no_publicity(conn: Connection, unit_code: str, monday: date) -> pd.DataFrame:
    first = monday - timedelta(weeks=RECENT_WEEKS)
    query = (
        select(publicity_reports.c.material_code)
        .where(
            publicity_reports.c.unit_code == unit_code,
            publicity_reports.c.week >= first,
            publicity_reports.c.week < monday,
        )
        .distinct()
    )
    rows = [
        {
            "unit_code": unit_code,
            "week": pd.Timestamp(monday),
            "material_code": material,
            "quantity": 0.0,
            "sub_units_reached": None,
            "households_reached": None,
        }
        for (material,) in conn.execute(query)
    ]
    return pd.DataFrame(sorted(rows, key=lambda r: r["material_code"]), columns=PUBLICITY.columns)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)
