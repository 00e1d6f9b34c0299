"""The demo and real data never mix: the demo stays out of a real database, and clearing it deletes only its own."""

from __future__ import annotations

import pytest

import cli
from demo.district import RealDataPresent, clear_demo, demo_loaded, load_demo
from store.reports import load_stock
from store.units import load_units
from store.uploads import list_uploads
from tests.db_checksum import database_checksum
from tests.test_intake import SAMPLE, _with_units
from uploads import import_file


def test_real_data_then_demo_then_clear_leaves_real_data_unchanged(engine):
    _with_units(engine)
    assert import_file(engine, SAMPLE.name, SAMPLE.read_bytes()).status == "imported"
    before = database_checksum(engine)
    with pytest.raises(
        RealDataPresent, match="数据库中已有 6 个单位、1 次上传的真实数据，示例数据只能载入空数据库"
    ):
        load_demo(engine)
    assert database_checksum(engine) == before
    assert not demo_loaded(engine)
    clear_demo(engine)
    assert database_checksum(engine) == before


def test_clearing_the_demo_keeps_a_real_upload_made_into_it(engine):
    load_demo(engine)
    real = import_file(engine, SAMPLE.name, SAMPLE.read_bytes())
    assert real.status == "imported"
    clear_demo(engine)

    after = load_stock(engine)
    assert not demo_loaded(engine)
    assert sorted(after["week"].dt.strftime("%Y-%m-%d").unique()) == ["2020-02-03"]  # the demo's 8 weeks left
    masks = after[after["item_code"] == "mask_surgical"].sort_values("unit_code")
    assert masks[["unit_code", "on_hand"]].values.tolist() == [["C01", 12000.0], ["C02", 20400.0]]
    # The units the real figures name (and their county) stay; the rest of the demo district goes.
    assert load_units(engine)["code"].tolist() == ["C", "C01", "C02"]
    assert list_uploads(engine)["file_name"].tolist() == [SAMPLE.name]


def test_the_command_line_refuses_the_demo_over_real_data(db_url, capsys):
    assert cli.main(["--db", db_url, "demo"]) == 0
    assert cli.main(["--db", db_url, "demo", "--clear"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "示例数据已清除，真实数据未受影响"
    from store import open_engine

    engine = open_engine(db_url)
    _with_units(engine)
    assert cli.main(["--db", db_url, "demo"]) == 1
    assert capsys.readouterr().err == (
        "未载入示例数据：数据库中已有 6 个单位、0 次上传的真实数据，示例数据只能载入空数据库\n"
    )
    engine.dispose()
