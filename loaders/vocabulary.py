"""What officers write in header cells, in Chinese and English, keyed by name_key (NFKC, lower, no spaces)."""

from __future__ import annotations

from loaders.item_names import name_key


def header_key(text: str) -> str:
    """name_key without underscores and hyphens, so on_hand, on-hand and "on hand" are one word."""
    return name_key(text).replace("_", "").replace("-", "")


def _keys(*words: str) -> frozenset[str]:
    return frozenset(header_key(w) for w in words)


UNIT = _keys(
    "单位", "单位名称", "填报单位", "发放单位", "接收单位", "受赠单位", "领用单位", "使用单位", "镇街", "村居",
    "镇（街道）", "村（社区）", "乡镇", "乡镇（街道）", "镇街名称", "村居名称", "社区", "部门", "捐赠单位", "捐赠方",
    "unit", "unit name", "units",
)  # fmt: skip
DATE = _keys("日期", "周次", "填报日期", "统计日期", "时间", "周", "week", "date")
ITEM_NAME = _keys(
    "物资名称", "品名", "物资", "名称", "物资品名", "入库物资", "物品名称", "宣传品", "宣传品名称", "宣传物料",
    "item", "item name", "material",
)  # fmt: skip
SPEC = _keys("规格", "规格型号", "型号", "包装规格", "包装", "spec", "pack")
COUNT_UNIT = _keys("计量单位", "计量", "单位（计量）", "单位(计量)", "计量单位名称", "uom", "unit of measure")
# Columns that are read as nothing on purpose: a row number or a remark is never a figure.
ROW_NUMBER = _keys("序号", "序", "编号", "行号", "no", "no.", "#", "number")
REMARK = _keys("备注", "说明", "备注说明", "remark", "remarks", "note", "notes", "comment")

ON_HAND, RECEIVED, USED, OPENING, DAYS_OUT = "on_hand", "received", "used", "opening", "days_out"
QUANTITY, SUB_REACHED, HOUSEHOLDS, SUB_TOTAL = (
    "quantity",
    "sub_units_reached",
    "households_reached",
    "sub_total",
)
STOCK_MEASURES = (ON_HAND, RECEIVED, USED, DAYS_OUT, OPENING)
PUBLICITY_MEASURES = (QUANTITY, SUB_REACHED, HOUSEHOLDS)

_MEASURE_WORDS = {
    ON_HAND: ("库存", "结存", "期末库存", "现有库存", "库存数", "库存量", "现库存", "期末结存", "剩余", "本周库存",
              "期末", "现有", "现有数", "现有数量", "本周结存", "本期结存", "期末数", "期末数量", "结存数", "结余",
              "on hand", "stock", "closing", "closing stock", "stock on hand", "in stock", "balance"),
    RECEIVED: ("入库", "调入", "接收", "到货", "本周入库", "本周调入", "本周到货", "本周接收", "新增", "采购",
               "本期入库", "入库数", "入库数量", "接收数", "到货数", "收入", "received", "in", "receipts"),
    USED: ("消耗", "使用", "发放", "本周消耗", "本周使用", "本周发放", "出库", "本周出库", "领用", "本期出库",
           "出库数", "出库数量", "消耗数", "消耗量", "发放数", "使用数", "本周领用", "支出", "used", "out", "issued",
           "consumed"),
    OPENING: ("期初库存", "上周库存", "期初", "期初结存", "上周结存", "上期结存", "期初数", "上周剩余", "opening",
              "opening stock"),
    DAYS_OUT: ("断货天数", "缺货天数", "days out", "days out of stock"),
    QUANTITY: ("数量", "数量总计", "总数量", "合计数量", "悬挂", "张贴", "数", "quantity", "qty"),
    SUB_REACHED: ("覆盖村（社区）数", "已覆盖", "已覆盖村（社区）数", "覆盖村居数", "覆盖村数", "覆盖社区数",
                  "覆盖村(社区)", "sub-units reached", "villages reached"),
    HOUSEHOLDS: ("入户户数", "入户数", "覆盖户数", "到达户数", "households reached", "households"),
    SUB_TOTAL: ("村（社区）总数", "村居总数", "村社区总数", "总村数", "村（社区）数", "sub-units"),
}  # fmt: skip
MEASURES: dict[str, str] = {header_key(w): m for m, words in _MEASURE_WORDS.items() for w in words}
# For "医用外科口罩库存": longest first; one-character and ASCII words only match exactly.
CONTAINED_MEASURES = sorted((k for k in MEASURES if len(k) >= 2 and not k.isascii()), key=len, reverse=True)
FOOTER_STARTS = ("填报人", "审核人", "联系电话", "联系人", "制表", "负责人", "统计人", "填表", "单位负责人", "分管领导",
                 "主管领导", "审批人", "签字", "盖章", "注：", "注:", "说明：", "说明:", "备注：", "备注:")  # fmt: skip
TOTAL_WORDS = _keys("合计", "总计", "小计", "总数", "合计数", "total", "subtotal", "sum")
