"""One number, one look: table cells read as the chart labels and sentences (docs/figures.md)."""

import math

from metrics import numbers_zh
from metrics.alerts import value_kind
from metrics.numbers_zh import COUNT, DAYS, PERCENT, QUANTITY, cell, cut


def test_cells_read_as_the_sentences():
    assert [cell(1.29, DAYS), cell(6.99, DAYS), cell(10.93, DAYS)] == ["1.2", "6.9", "10.9"]
    assert [numbers_zh.days(1.29), numbers_zh.days(10.93)] == ["1.2", "10.9"]  # the sentence's figure
    assert [cell(83851, QUANTITY), cell(34900.0, QUANTITY), cell(1.25, QUANTITY)] == [
        "83,851",
        "34,900",
        "1.2",
    ]
    assert [cell(79.6, PERCENT), cell(4266.7, PERCENT), cell(3.0, COUNT)] == ["79%", "4,266%", "3"]
    assert [cell(math.nan, DAYS), cell(None, QUANTITY), cell(5.0, DAYS, applicable=False)] == ["", "", "—"]


def test_downloads_keep_the_same_numbers_as_numbers():
    assert [cut(6.99, DAYS), cut(79.6, PERCENT), cut(83851.4, QUANTITY), cut(1.25, QUANTITY)] == [
        6.9,
        79.0,
        83851.0,
        1.2,
    ]
    assert math.isnan(cut(None, DAYS))


def test_each_alert_value_reads_as_its_kind():
    durable, materials = {"thermometer"}, {"leaflet", "banner"}
    assert [
        value_kind("critical", "mask_surgical", durable, materials),
        value_kind("critical", "thermometer", durable, materials),
        value_kind("stockout", "mask_surgical", durable, materials),
        value_kind("missing_report", None, durable, materials),
        value_kind("low_coverage", "leaflet", durable, materials),
        value_kind("data_quality", "leaflet", durable, materials),
        value_kind("data_quality", "gloves", durable, materials),
    ] == [DAYS, QUANTITY, QUANTITY, COUNT, PERCENT, PERCENT, QUANTITY]
