"""Counting units and packs → the item's base unit (12盒 of 50只/盒 → 600 只; 箱 of 20瓶×500ml → 10 升)."""

from __future__ import annotations

import re

from loaders.numbers import clean_text

# Words that count single pieces: a donation list writes 个/支/片 for masks counted in 只.
_PIECES = frozenset({"只", "个", "支", "片", "枚", "pcs", "pc", "piece", "pieces"})
_PAIRS = frozenset({"副", "双", "对", "pair", "pairs"})
_VOLUME = {"l": 1.0, "升": 1.0, "公升": 1.0, "ml": 0.001, "毫升": 0.001}
# Base units that the words above may stand for.
_EQUIVALENT = {
    "只": _PIECES,
    "个": _PIECES,
    "副": _PAIRS,
    "套": frozenset({"套", "件"}),
    "台": frozenset({"台"}),
}
# Every word we accept as a counting unit in a header bracket or a 计量单位 cell.
UNIT_WORDS = (
    _PIECES
    | _PAIRS
    | set(_VOLUME)
    | {
        "盒",
        "包",
        "袋",
        "箱",
        "件",
        "桶",
        "瓶",
        "套",
        "台",
        "把",
        "条",
        "份",
        "张",
        "块",
        "次",
        "小时",
        "台次",
    }
    | {"提", "卷", "人份", "kg", "公斤", "千克", "克", "g"}
)
_TERM = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+|[\u4e00-\u9fff]{1,2})?", re.IGNORECASE)
_OUTER = re.compile(r"(?:[/每]\s*)([\u4e00-\u9fff])")


def same_as_base(word: str, base_unit: str) -> bool:
    word = word.lower()
    return (
        word == base_unit
        or word in _EQUIVALENT.get(base_unit, ())
        or (base_unit == "升" and _VOLUME.get(word) == 1.0)
    )


def packs_from_spec(spec: str, base_unit: str, item_packs: dict[str, float]) -> dict[str, float]:
    """Pack sizes a spec writes: "50只/盒" → {盒: 50}; "500ml*30瓶" → {瓶: 0.5, "": 15}; "每箱20瓶×500ml" → 箱: 10.

    The innermost amount is the term in the base unit (or a volume); every pack term "N 瓶" says one 瓶 holds
    that inner amount; the word after / or 每 (or "" when unnamed) holds the product of all terms.
    """
    text = clean_text(spec).lower().replace("×", "*").replace("x", "*")
    if not text or not any(ch.isdigit() for ch in text):
        return {}
    inner = 1.0
    found_inner = False
    counts: list[tuple[float, str]] = []
    outer_match = _OUTER.search(text)
    outer = outer_match.group(1) if outer_match else ""
    for number, word in _TERM.findall(text):
        amount = float(number)
        word = word or ""
        if word in _VOLUME and base_unit == "升":
            inner, found_inner = amount * _VOLUME[word], True
        elif not word or same_as_base(word, base_unit):
            inner, found_inner = amount, True
        elif word == outer:
            continue
        else:
            counts.append((amount, word))
    packs: dict[str, float] = {}
    total = inner if found_inner else None
    for amount, word in counts:
        size = inner if found_inner else item_packs.get(word)
        if size is None:
            return packs
        packs[word] = size
        total = amount * size if total is None or not found_inner else total * amount
    if total is not None:
        packs[outer] = total
    return packs


def header_unit(text: str) -> tuple[str, str, str]:
    """Split "84消毒液（箱，每箱20瓶×500ml）" into (name, counting unit, spec) = (84消毒液, 箱, 每箱20瓶*500ml)."""
    text = clean_text(text)
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
    if not match:
        return text, "", ""
    name, inside = match.groups()
    parts = re.split(r"[,，、;；]", inside, maxsplit=1)
    word = parts[0].strip()
    bare = word[1:] if word.startswith("万") else word
    if bare.lower() not in UNIT_WORDS:
        return text, "", ""
    return name.strip(), word, parts[1].strip() if len(parts) > 1 else ""


def base_factor(word: str, base_unit: str, *packs: dict[str, float]) -> float | None:
    """How many base units one `word` holds, looking in the given pack tables in order; None when unknown."""
    word = clean_text(word)
    if not word or same_as_base(word, base_unit):
        return 1.0
    if word.startswith("万"):
        rest = base_factor(word[1:], base_unit, *packs)
        return None if rest is None else rest * 1e4
    lowered = word.lower()
    if base_unit == "升" and lowered in _VOLUME:
        return _VOLUME[lowered]
    for table in packs:
        if word in table:
            return float(table[word])
    return None
