"""The default catalogue of supplies and publicity materials (../shared/docs/domain.md, "Items").

Every figure here is a default a user can edit in Settings; the store seeds it once, on creation.
Alert thresholds are local policy: CDC says there are "no commonly accepted measurements or triggers".
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUPPLY = "supply"
PUBLICITY = "publicity"

# Default alert levels in days of supply (domain.md, "Alert levels"); local policy, editable per item and level.
CRITICAL_DAYS = 7.0
LOW_DAYS = 14.0
TARGET_DAYS = 14.0
BURN_WEEKS = 2

# Publicity coverage levels in percent (domain.md): red < 80, amber 80-89, green >= 90.
COVERAGE_RED_BELOW = 80.0
COVERAGE_GREEN_FROM = 90.0


@dataclass(frozen=True)
class Item:
    """A supply item or a publicity material, with what it takes to read it from a sheet and judge it."""

    code: str
    name_zh: str
    name_en: str
    category: str
    base_unit: str
    synonyms: tuple[str, ...] = ()
    # Pack name -> how many base units one pack holds (盒 of 50 masks -> {"盒": 50}).
    pack_sizes: dict[str, float] = field(default_factory=dict)
    # Durable items are held, not used up: judged by count on hand against count required.
    durable: bool = False
    critical_days: float = CRITICAL_DAYS
    low_days: float = LOW_DAYS
    # Planned need (WHO ESFT) when a unit has no usable history: rate x the unit's figure named by plan_driver.
    plan_rate: float = 0.0
    plan_driver: str = ""
    # Publicity target: target_rate x the unit's figure named by target_driver (leaflets 1 per household).
    target_rate: float = 0.0
    target_driver: str = ""


SUPPLIES: tuple[Item, ...] = (
    Item(
        "mask_surgical",
        "医用外科口罩",
        "Surgical mask",
        SUPPLY,
        "只",
        (
            "口罩",
            "医用口罩",
            "医用外科口罩",
            "一次性医用口罩",
            "一次性口罩",
            "外科口罩",
            "一次性可医用口罩",
            "surgical mask",
            "mask",
            "masks",
        ),
        {"盒": 50, "包": 10, "箱": 2000},
        plan_rate=4.0,
        plan_driver="staff",
    ),
    Item(
        "mask_n95",
        "N95口罩",
        "N95 respirator",
        SUPPLY,
        "只",
        ("N95", "KN95", "N95口罩", "KN95口罩", "N95型口罩", "KN95型口罩", "医用防护口罩", "n95 respirator"),
        {"盒": 20, "箱": 400},
    ),
    Item(
        "disinfectant",
        "消毒液",
        "Disinfectant",
        SUPPLY,
        "升",
        ("消毒液", "84消毒液", "84消毒水", "次氯酸钠", "含氯消毒液", "消毒水", "disinfectant"),
        {"瓶": 0.5, "桶": 5, "箱": 10},
        plan_rate=0.5,
        plan_driver="sites",
    ),
    Item(
        "alcohol",
        "75%医用酒精",
        "Medical alcohol",
        SUPPLY,
        "升",
        ("75%医用酒精", "医用酒精", "75%酒精", "酒精", "乙醇", "medical alcohol", "alcohol"),
        {"瓶": 0.5, "桶": 5, "箱": 15},
        plan_rate=0.033,
        plan_driver="staff",
    ),
    Item(
        "thermometer",
        "红外测温仪",
        "Infrared thermometer",
        SUPPLY,
        "个",
        ("测温仪", "体温枪", "红外测温仪", "额温枪", "红外体温计", "thermometer", "infrared thermometer"),
        {"台": 1, "把": 1, "箱": 20},
        durable=True,
        plan_rate=1.0,
        plan_driver="checkpoints+classes",
    ),
    Item(
        "hand_soap",
        "洗手液",
        "Hand soap",
        SUPPLY,
        "升",
        ("洗手液", "肥皂液", "免洗洗手液", "手消毒液", "hand soap", "hand sanitizer"),
        {"瓶": 0.5, "桶": 5, "箱": 10},
        plan_rate=0.033,
        plan_driver="staff",
    ),
    Item(
        "protective_suit",
        "防护服",
        "Protective suit",
        SUPPLY,
        "套",
        ("防护服", "医用防护服", "隔离衣", "protective suit"),
        {"箱": 50},
        plan_rate=0.1,
        plan_driver="staff",
    ),
    Item(
        "gloves",
        "手套",
        "Gloves",
        SUPPLY,
        "副",
        ("手套", "医用手套", "一次性手套", "乳胶手套", "gloves"),
        {"盒": 100, "箱": 1000},
        plan_rate=2.0,
        plan_driver="staff",
    ),
)

MATERIALS: tuple[Item, ...] = (
    Item(
        "banner",
        "横幅",
        "Banners",
        PUBLICITY,
        "条",
        ("横幅", "标语", "横幅标语", "banner", "banners"),
        target_rate=2.0,
        target_driver="sub_units",
    ),
    Item(
        "leaflet",
        "宣传单",
        "Leaflets",
        PUBLICITY,
        "份",
        ("宣传单", "传单", "一封信", "倡议书", "宣传彩页", "宣传资料", "leaflet", "leaflets"),
        target_rate=1.0,
        target_driver="households",
    ),
    Item("poster", "公告海报", "Posters", PUBLICITY, "份", ("公告", "通告", "海报", "poster", "posters")),
    Item("board", "宣传栏", "Boards", PUBLICITY, "块", ("宣传栏", "展板", "户外广告牌", "board", "boards")),
    Item(
        "screen",
        "电子显示屏",
        "LED screens",
        PUBLICITY,
        "块",
        ("电子显示屏", "LED屏", "显示屏", "led screen"),
    ),
    Item("vehicle", "宣传车", "Publicity vehicles", PUBLICITY, "台次", ("宣传车", "vehicle", "vehicles")),
    Item(
        "loudspeaker",
        "小喇叭",
        "Loudspeakers",
        PUBLICITY,
        "个",
        ("小喇叭", "流动音响", "喇叭", "loudspeaker"),
    ),
    Item(
        "broadcast",
        "应急广播",
        "Broadcast hours",
        PUBLICITY,
        "小时",
        ("村村响", "应急广播", "广播", "broadcast"),
    ),
    Item(
        "visit",
        "入户走访",
        "Household visits",
        PUBLICITY,
        "次",
        ("入户宣传走访", "入户走访", "走访", "入户宣传", "household visits", "visits"),
    ),
    Item(
        "message",
        "微信群信息",
        "Group messages",
        PUBLICITY,
        "条",
        ("微信群信息", "QQ群信息", "微信群", "群消息", "messages"),
    ),
)

DEFAULT_ITEMS: tuple[Item, ...] = SUPPLIES + MATERIALS


ITEM_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "category",
    "base_unit",
    "synonyms",
    "pack_sizes",
    "durable",
    "critical_days",
    "low_days",
    "plan_rate",
    "plan_driver",
    "target_rate",
    "target_driver",
]


def catalogue_frame(items: tuple[Item, ...] = DEFAULT_ITEMS):
    """The catalogue as the DataFrame every layer passes around (synonyms a list, pack_sizes a dict)."""
    import pandas as pd

    rows = [
        {
            "code": i.code,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "category": i.category,
            "base_unit": i.base_unit,
            "synonyms": list(i.synonyms),
            "pack_sizes": dict(i.pack_sizes),
            "durable": i.durable,
            "critical_days": i.critical_days,
            "low_days": i.low_days,
            "plan_rate": i.plan_rate,
            "plan_driver": i.plan_driver,
            "target_rate": i.target_rate,
            "target_driver": i.target_driver,
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)
