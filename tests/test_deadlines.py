"""The reporting deadline (docs/figures.md R3): the rule, its per-level override, and its store with audit rows."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.deadlines import BadDeadline, Deadline, DeadlinePolicy, parse_deadline, parse_time
from store import write_transaction
from store.access_audit import load_audit
from store.deadlines import load_deadlines, remove_deadline, save_deadline

WEEK_12 = date(2020, 3, 16)  # Monday of 2020年第12周; its Sunday is 22 March


def test_default_is_monday_noon_of_the_next_week():
    assert DeadlinePolicy().due(WEEK_12) == datetime(2020, 3, 23, 12, 0)
    assert DeadlinePolicy().due(WEEK_12, "village") == datetime(2020, 3, 23, 12, 0)


@pytest.mark.parametrize(
    ("weekday", "at", "due"),
    [
        (1, "08:30", datetime(2020, 3, 23, 8, 30)),
        (2, "17:00", datetime(2020, 3, 24, 17, 0)),
        (7, "23:59", datetime(2020, 3, 29, 23, 59)),
    ],
)
def test_due_on_the_chosen_weekday_of_the_next_week(weekday, at, due):
    assert Deadline(weekday, parse_time(at)).due(WEEK_12) == due


def test_a_date_inside_the_week_gives_the_same_deadline():
    assert Deadline().due(date(2020, 3, 19)) == datetime(2020, 3, 23, 12, 0)


def test_level_overrides_default():
    policy = DeadlinePolicy(Deadline(1, time(12)), (("town", Deadline(1, time(18))),))
    assert policy.due(WEEK_12, "town") == datetime(2020, 3, 23, 18, 0)
    assert policy.due(WEEK_12, "village") == datetime(2020, 3, 23, 12, 0)
    assert policy.due(WEEK_12, None) == datetime(2020, 3, 23, 12, 0)


@pytest.mark.parametrize(
    ("weekday", "at", "message"),
    [
        (0, "12:00", "weekday 0 is not 1 (Monday) to 7 (Sunday)"),
        ("x", "12:00", "weekday 'x' is not 1 (Monday) to 7 (Sunday)"),
        (1, "24:00", "time '24:00' is not HH:MM between 00:00 and 23:59"),
        (1, "noon", "time 'noon' is not HH:MM between 00:00 and 23:59"),
    ],
)
def test_bad_deadlines_say_what_was_wrong(weekday, at, message):
    with pytest.raises(BadDeadline) as caught:
        parse_deadline(weekday, at)
    assert str(caught.value) == message


def test_full_width_colon_is_read():
    assert parse_time("9：30") == time(9, 30)


def test_store_round_trip_with_override_and_audit(engine):
    assert load_deadlines(engine) == DeadlinePolicy()
    with write_transaction(engine) as conn:
        save_deadline(conn, Deadline(2, time(9, 0)), actor="admin")
        save_deadline(conn, Deadline(1, time(18, 0)), level="town", actor="admin")
    policy = load_deadlines(engine)
    assert policy.due(WEEK_12) == datetime(2020, 3, 24, 9, 0)
    assert policy.due(WEEK_12, "town") == datetime(2020, 3, 23, 18, 0)
    assert policy.due(WEEK_12, "village") == datetime(2020, 3, 24, 9, 0)
    with write_transaction(engine) as conn:
        save_deadline(conn, Deadline(3, time(10, 0)), level="town", actor="admin")
    assert load_deadlines(engine).due(WEEK_12, "town") == datetime(2020, 3, 25, 10, 0)
    with write_transaction(engine) as conn:
        assert remove_deadline(conn, "town", actor="admin") is True
        assert remove_deadline(conn, "town", actor="admin") is False
    assert load_deadlines(engine).due(WEEK_12, "town") == datetime(2020, 3, 24, 9, 0)
    audit = load_audit(engine, action="settings_changed")
    assert list(audit["target"]) == ["deadlines"] * 4
    assert list(audit["detail"])[::-1] == [
        {"level": "default", "time": "09:00", "weekday": 2},
        {"level": "town", "time": "18:00", "weekday": 1},
        {"level": "town", "time": "10:00", "weekday": 3},
        {"level": "town", "removed": True},
    ]
