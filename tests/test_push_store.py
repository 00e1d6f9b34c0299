"""The push tables in an older database, and what the store keeps: a schema-1 database gains users.mobile,
a user's mobile is checked and kept, a target's repr shows no credential."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from access.errors import InvalidMobile
from store import SCHEMA_VERSION, ensure_schema, write_transaction
from store.accounts import create_user, get_user, update_user
from store.pushes import add_target, get_target
from store.tables import meta


def test_a_version_1_database_gains_the_mobile_column(engine):
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("ALTER TABLE users DROP COLUMN mobile")
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value="1"))
    assert "mobile" not in {c["name"] for c in inspect(engine).get_columns("users")}
    # 2: users.mobile; 3: the report tables; 4 and 5: the latest status held per unit (issue 14)
    assert ensure_schema(engine) == SCHEMA_VERSION == 5
    assert "mobile" in {c["name"] for c in inspect(engine).get_columns("users")}
    with engine.connect() as conn:
        assert conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar() == "5"


def test_a_mobile_is_kept_as_digits_and_a_wrong_one_refused(engine):
    create_user(engine, "boss", "password-1234", "admin", mobile="+86 138-0013-8000")
    assert get_user(engine, "boss").mobile == "+8613800138000"
    assert update_user(engine, "boss", mobile="").mobile is None
    with pytest.raises(InvalidMobile) as refused:
        update_user(engine, "boss", mobile="138 abc")
    assert refused.value.message("zh") == "手机号「138 abc」无效：请只写数字，如 13800138000"


def test_a_target_printed_shows_no_credential(engine):
    add_target(
        engine,
        "县指挥部",
        "dingtalk",
        "https://oapi.dingtalk.com/robot/send?access_token=tok0123456789",
        secret="SECabcdef123",
    )
    shown = repr(get_target(engine, "县指挥部"))
    assert shown == (
        "PushTarget(name='县指挥部', kind='dingtalk', url='https://oapi.dingtalk.com/…access_token=to…89', "
        "unit_code=None, enabled=True)"
    )
