"""On time, late, missing (docs/figures.md R3) from upload times set by hand, on SQLite and PostgreSQL.

The district: 东河镇 (town) with three villages and a school under the county. Week 12 of 2020 starts Monday
2020-03-16; its default deadline is Monday 2020-03-23 12:00:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from demo.district import load_demo
from domain.deadlines import Deadline, DeadlinePolicy
from metrics.reporting import expected_units
from metrics.timeliness import (
    TIMELINESS_COLUMNS,
    as_of,
    lateness_text,
    timeliness_summary,
    unit_history,
    week_timeliness,
)
from metrics.tree import unit_tree
from store import write_transaction
from store.arrivals import report_arrivals
from store.deadlines import load_deadlines, save_deadline
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, load_publicity, load_stock
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, record_upload, undo_upload

W12 = date(2020, 3, 16)
DUE = datetime(2020, 3, 23, 12, 0, 0)
LATER = datetime(2020, 3, 30, 0, 0)  # a week after the deadline: a silent unit is missing by then

UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "东河县", "parent_code": None, "level": "county"},
        {"code": "C01", "name": "东河镇", "parent_code": "C", "level": "town"},
        {"code": "V1", "name": "李家村", "parent_code": "C01", "level": "village"},
        {"code": "V2", "name": "王庄村", "parent_code": "C01", "level": "village"},
        {"code": "V3", "name": "河口村", "parent_code": "C01", "level": "village"},
        {"code": "S1", "name": "第一中学", "parent_code": "C", "level": "school"},
    ]
)


def _report(engine, unit: str, at: datetime, *, week: date = W12, masks: float = 100.0) -> int:
    """One unit's report of one week, stored as an import stores it, at a time of our choosing."""
    frame = pd.DataFrame(
        [
            {
                "unit_code": unit,
                "week": pd.Timestamp(week),
                "item_code": "mask_surgical",
                "on_hand": masks,
                "received": 0.0,
                "used": 10.0,
                "days_out": None,
                "opening": None,
            }
        ]
    )
    record = UploadRecord(
        f"{unit}.xlsx", f"{unit}{at}", "tester", IMPORTED, 1, 0, [week.isoformat()], [unit], []
    )
    with write_transaction(engine) as conn:
        upload_id = record_upload(conn, record, when=at)
        replace_reports(conn, STOCK, frame, upload_id)
    return upload_id


def _publicity_report(engine, unit: str, at: datetime) -> None:
    frame = pd.DataFrame(
        [
            {
                "unit_code": unit,
                "week": pd.Timestamp(W12),
                "material_code": "banner",
                "quantity": 2.0,
                "sub_units_reached": None,
                "households_reached": None,
            }
        ]
    )
    with write_transaction(engine) as conn:
        upload_id = record_upload(
            conn, UploadRecord("p.xlsx", "p", "tester", IMPORTED, 0, 1, [], [unit], []), when=at
        )
        replace_reports(conn, PUBLICITY, frame, upload_id)


@pytest.fixture
def district(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
    return engine


def _statuses(engine, now: datetime = LATER) -> pd.DataFrame:
    units, stock, publicity = load_units(engine), load_stock(engine), load_publicity(engine)
    expected = expected_units(units, stock, publicity, week=W12)
    table = week_timeliness(expected, report_arrivals(engine), load_deadlines(engine), week=W12, now=now)
    return table.set_index("unit_code")


def test_on_time_late_missing_from_upload_times(district):
    engine = district
    _report(engine, "V1", DUE)  # exactly on the second: on time
    _report(engine, "V2", datetime(2020, 3, 23, 12, 0, 1))  # one second after: late
    _publicity_report(engine, "S1", datetime(2020, 3, 20, 17, 0))  # publicity only still counts
    table = _statuses(engine)
    # Expected: the four leaves (V1, V2, V3, S1); 东河镇 and the county send nothing of their own.
    assert sorted(table.index) == ["S1", "V1", "V2", "V3"]
    assert table["status"].to_dict() == {"V1": "on_time", "V2": "late", "V3": "missing", "S1": "on_time"}
    assert table.loc["V2", "late_hours"] == pytest.approx(1 / 3600)
    assert table.loc["V1", "arrived_at"] == pd.Timestamp(DUE)
    assert table.loc["V3", "due"] == pd.Timestamp(DUE)
    # on time 2 (V1, S1) of 4 expected = 50 %; late 1; missing 1
    assert timeliness_summary(table.reset_index()) == {
        "expected": 4,
        "on_time": 2,
        "late": 1,
        "missing": 1,
        "not_due": 0,
        "on_time_rate_pct": 50.0,
    }


def test_before_the_deadline_a_silent_unit_is_not_yet_missing(district):
    _report(district, "V1", datetime(2020, 3, 22, 20, 0))
    table = _statuses(district, now=datetime(2020, 3, 23, 11, 59, 59))
    assert table["status"].to_dict() == {"V1": "on_time", "V2": "not_due", "V3": "not_due", "S1": "not_due"}
    # 1 on time of 4 expected = 25 %, though the others may still be in time
    assert timeliness_summary(table.reset_index())["on_time_rate_pct"] == 25.0
    assert _statuses(district, now=DUE)["status"]["V2"] == "not_due"  # at 12:00:00 still in time
    assert _statuses(district, now=datetime(2020, 3, 23, 12, 0, 1))["status"]["V2"] == "missing"


def test_a_table_worked_out_earlier_brought_to_the_clock_is_the_table_worked_out_then(district):
    """The reporting page keeps the week's table worked out as of before any deadline and settles each run's
    missing units by its own clock (as_of): the same table as working it out at that moment."""
    with write_transaction(district) as conn:
        save_deadline(conn, Deadline(2, time(18, 0)), level="school", actor="admin")  # Tuesday 18:00
    _report(district, "V1", datetime(2020, 3, 22, 20, 0))
    _report(district, "V2", datetime(2020, 3, 24, 9, 0))  # 21 h late
    early = _statuses(district, now=datetime(1900, 1, 1))
    assert early["status"].to_dict() == {"V1": "on_time", "V2": "late", "V3": "not_due", "S1": "not_due"}
    moments = [
        datetime(2020, 3, 23, 11, 59, 59),
        DUE,  # at 12:00:00 still in time
        datetime(2020, 3, 23, 12, 0, 1),  # V3 missing; the school's deadline is Tuesday 18:00
        datetime(2020, 3, 24, 18, 0),
        datetime(2020, 3, 24, 18, 0, 1),  # the school missing too
    ]
    settled = [as_of(early, now)["status"].to_dict() for now in moments]
    # The page's tile counts the same without building the settled table
    assert [timeliness_summary(early, now) for now in moments] == [
        timeliness_summary(_statuses(district, now=now)) for now in moments
    ]
    assert [(timeliness_summary(early, now)["not_due"], timeliness_summary(early, now)["missing"]) for now in moments] == [
        (2, 0), (2, 0), (1, 1), (1, 1), (0, 2)
    ]  # fmt: skip
    assert settled == [_statuses(district, now=now)["status"].to_dict() for now in moments]
    assert [(s["V3"], s["S1"]) for s in settled] == [
        ("not_due", "not_due"),
        ("not_due", "not_due"),
        ("missing", "not_due"),
        ("missing", "not_due"),
        ("missing", "missing"),
    ]
    pd.testing.assert_frame_equal(as_of(early, LATER), _statuses(district))


def test_a_correction_after_the_deadline_keeps_the_first_arrival(district):
    _report(district, "V1", datetime(2020, 3, 23, 8, 0), masks=100)
    _report(district, "V1", datetime(2020, 3, 25, 8, 0), masks=120)  # replaces the figures, 2 days later
    assert _statuses(district).loc["V1", "status"] == "on_time"


def test_an_undone_upload_no_longer_counts(district):
    first = _report(district, "V2", datetime(2020, 3, 22, 10, 0))
    assert _statuses(district).loc["V2", "status"] == "on_time"
    with write_transaction(district) as conn:
        undo_upload(conn, first)
    assert _statuses(district).loc["V2", "status"] == "missing"
    _report(district, "V2", datetime(2020, 3, 25, 12, 0))  # two days late
    row = _statuses(district).loc["V2"]
    assert (row["status"], row["late_hours"]) == ("late", 48.0)
    assert lateness_text(row["late_hours"]) == "2 天"


def test_level_deadline_overrides_the_default(district):
    with write_transaction(district) as conn:
        save_deadline(conn, Deadline(2, time(18, 0)), level="school", actor="admin")  # Tuesday 18:00
    _publicity_report(
        district, "S1", datetime(2020, 3, 24, 17, 0)
    )  # 29 h after Monday noon, 1 h before its own
    _report(district, "V1", datetime(2020, 3, 24, 17, 0))  # a village keeps Monday 12:00: 29 h late
    table = _statuses(district)
    assert table.loc["S1", ["status", "due"]].tolist() == ["on_time", pd.Timestamp(2020, 3, 24, 18, 0)]
    assert table.loc["V1", ["status", "late_hours"]].tolist() == ["late", 29.0]
    assert lateness_text(29.0) == "1 天 5 小时"
    assert lateness_text(29.0, "en") == "1 d 5 h"


def test_a_units_history_week_by_week(district):
    _report(district, "V1", datetime(2020, 3, 16, 9, 0), week=date(2020, 3, 9))  # W11, on time
    _report(district, "V1", datetime(2020, 3, 24, 15, 30), week=W12)  # W12, 27.5 h late
    _report(district, "V2", datetime(2020, 3, 9, 9, 0), week=date(2020, 3, 2))  # W10: V1 did not report
    weeks = [date(2020, 3, 2), date(2020, 3, 9), W12]

    def history_of_v1(**kept):
        return unit_history(
            load_units(district),
            report_arrivals(district, unit_codes=["V1"]),
            load_deadlines(district),
            unit_code="V1",
            weeks=weeks,
            now=LATER,
            **kept,
        )

    history = history_of_v1()
    assert history[["week", "status"]].values.tolist() == [
        ["2020-03-16", "late"],
        ["2020-03-09", "on_time"],
        ["2020-03-02", "missing"],
    ]
    assert history["late_hours"].iloc[0] == 27.5
    assert lateness_text(27.5) == "1 天 3.5 小时"
    # The page hands over the unit table it keeps (a province's takes 0.1 s to build): the same weeks
    kept, _ = unit_tree(load_units(district))
    pd.testing.assert_frame_equal(history_of_v1(table=kept), history)


def test_the_command_line_on_the_demo(tmp_path, capsys):
    from store import ensure_schema, open_engine

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    assert cli.main(["--db", url, "timeliness", "--unit", "C0302"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 上坪村 reports every Tuesday at 15:30 (demo/arrivals.py): 27.5 hours after Monday 12:00, eight weeks
    assert len(lines) == 8
    assert lines[0] == (
        "2020年第12周（3月16日—3月22日）  迟报 1 天 3.5 小时（截止 2020-03-23 12:00:00，收到 2020-03-24 15:30:00）"
    )
    assert cli.main(["--db", url, "--lang", "en", "timeliness", "--unit", "C0402"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 石门村 stopped after its third week (2020-02-10): five weeks missing, then three on time
    assert [line.split("  ")[1].split(" (")[0] for line in lines] == ["Missing"] * 5 + ["On time"] * 3
    assert (
        lines[-1]
        == "2020-W05 (27 Jan–02 Feb)  On time (due 2020-02-03 12:00:00, arrived 2020-02-03 09:30:00)"
    )


def _one_dict_per_unit(expected, arrivals, policy, week, now) -> pd.DataFrame:
    """week_timeliness as R3 reads, unit by unit (each unit's own deadline worked out from the policy), one
    dict a unit: the second implementation the table is checked against."""
    monday = pd.Timestamp(week)
    came = {
        str(code): at
        for code, wk, at in zip(arrivals["unit_code"], arrivals["week"], arrivals["arrived_at"], strict=True)
        if pd.Timestamp(wk) == monday and not pd.isna(at)
    }
    rows = []
    for code, name, level in zip(expected["code"], expected["name"], expected["level"], strict=True):
        deadline = dict(policy.by_level).get(level, policy.default)
        due = pd.Timestamp(
            datetime.combine(monday.date() + timedelta(days=6 + deadline.weekday), deadline.at)
        )
        at = came.get(str(code))
        status = "not_due" if at is None and now <= due else "missing" if at is None else None
        status = status or ("on_time" if at <= due else "late")
        late = (at - due) / pd.Timedelta(hours=1) if status == "late" else None
        arrived = None if at is None else pd.Timestamp(at)
        rows.append(dict(zip(TIMELINESS_COLUMNS, [str(code), name, level, str(monday.date()), due, arrived, status, late], strict=True)))  # fmt: skip
    return pd.DataFrame(rows, columns=TIMELINESS_COLUMNS)


# Minutes after the Monday that follows the week: anywhere, or at the deadlines themselves (12:00 on Monday,
# 18:30 on Wednesday for the schools) and a minute either side.
_minutes = st.one_of(
    st.integers(-3 * 24 * 60, 5 * 24 * 60), st.sampled_from([719, 720, 721, 3989, 3990, 3991])
)


@settings(max_examples=60, deadline=None)
@given(
    arrivals=st.lists(st.tuples(st.integers(0, 9), _minutes, st.booleans()), max_size=12),
    levels=st.lists(st.sampled_from(["village", "town", "school", None]), min_size=10, max_size=10),
    now_minutes=st.integers(0, 10 * 24 * 60),
    own=st.booleans(),
)
def test_the_week_table_equals_one_dict_per_unit(arrivals, levels, now_minutes, own):
    monday = pd.Timestamp("2020-03-16")
    policy = DeadlinePolicy(by_level=(("school", Deadline(3, time(18, 30))),) if own else ())
    expected = pd.DataFrame(
        {"code": [f"U{n}" for n in range(10)], "name": [f"单位{n}" for n in range(10)], "level": levels}
    )
    # Arrival minutes counted from the Monday after the week (a deadline's day); a seconds' offset so some
    # land a second after 12:00 exactly.
    arrived = pd.DataFrame(
        {
            "unit_code": [f"U{unit}" for unit, _, _ in arrivals],
            "week": [monday if this_week else monday - pd.Timedelta(days=7) for _, _, this_week in arrivals],
            "arrived_at": [monday + pd.Timedelta(days=7, minutes=m, seconds=m % 2) for _, m, _ in arrivals],
        }
    ).drop_duplicates(["unit_code", "week"])
    now = (monday + pd.Timedelta(days=7, minutes=now_minutes)).to_pydatetime()
    table = week_timeliness(expected, arrived, policy, week=monday.date(), now=now)
    pd.testing.assert_frame_equal(table, _one_dict_per_unit(expected, arrived, policy, monday, now))


def test_arrivals_of_more_units_than_a_statement_binds(district):
    _report(district, "V1", datetime(2020, 3, 20, 9, 0))
    _report(district, "V2", datetime(2020, 3, 24, 15, 30))
    # A province's expected units, more than SQLite binds in one statement (32,766): read, then kept
    many = ["V1", *[f"X{n:05d}" for n in range(33_000)]]
    arrivals = report_arrivals(district, weeks=[W12], unit_codes=many)
    assert arrivals[["unit_code", "arrived_at"]].values.tolist() == [["V1", pd.Timestamp(2020, 3, 20, 9, 0)]]
    pd.testing.assert_frame_equal(arrivals, report_arrivals(district, weeks=[W12], unit_codes=["V1"]))
