from datetime import date, datetime

import pytest

from loaders.weeks import week_of_cell, week_of_text

MONDAY = date(2020, 2, 3)


@pytest.mark.parametrize(
    ("cell", "year", "monday"),
    [
        (date(2020, 2, 7), None, MONDAY),
        (datetime(2020, 2, 9, 18, 0), None, MONDAY),
        (43868.0, None, MONDAY),  # Excel serial of 2020-02-07
        ("2020/2/7", None, MONDAY),
        ("2020-02-03", None, MONDAY),
        ("2020-W06", None, MONDAY),
        ("2020W6", None, MONDAY),
        ("2020年第6周", None, MONDAY),
        ("东河县防疫物资周报表（2020年2月3日—2月9日）", None, MONDAY),
        ("（2月3日-2月9日）", 2020, MONDAY),
        ("宣传工作统计表（第6周）", 2020, MONDAY),
        ("东河县_物资宣传周报_2020年第6周.xlsx", None, MONDAY),
        ("（1月22日—1月28日）", 2020, date(2020, 1, 20)),
        ("（2月3日-2月9日）", None, None),
        ("第6周", None, None),
        (12.0, None, None),
        ("合计", None, None),
    ],
)
def test_week_of_cell(cell, year, monday):
    assert week_of_cell(cell, year) == monday


def test_week_of_text_prefers_full_dates_over_week_numbers_without_year():
    assert week_of_text("2020年第7周（2月10日—2月16日）") == date(2020, 2, 10)


def test_a_missing_week_points_to_the_upload_pages_field_first():
    from loaders import parse_file
    from tests.conftest_loaders import ITEMS, make_units, xlsx

    content = xlsx({"物资": [["单位", "医用外科口罩（只）"], ["东河镇", 12]]})
    parsed = parse_file("物资.xlsx", content, make_units(), ITEMS)
    assert [(p.code, p.message_zh) for p in parsed.problems] == [
        (
            "no_week",
            "「物资」表：文件「物资.xlsx」看不出是哪一周的数据：请加一列「日期」（如 2020/2/7），或在标题或文件名中"
            "写明「2020年第6周」，或在上传页的「指定周」中选择这一周（命令行：--week 2020-02-03）",
        )
    ]
