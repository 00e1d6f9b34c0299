"""Item names as written (医用外科口罩, 84消毒液, 口罩（定向捐赠）) → catalogue item codes via its synonyms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

_BRACKETED = re.compile(r"\([^()]*\)")


def name_key(text: str) -> str:
    """NFKC, lower case, no spaces: 'Ｎ95 口罩' and 'n95口罩' compare equal."""
    # Called once per data row on big sheets: skip the normalisation most names do not need.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return "".join(text.split()).lower()


@dataclass(frozen=True)
class CatalogueItem:
    code: str
    category: str
    base_unit: str
    pack_sizes: dict[str, float]
    name: str = ""  # the Chinese name, for messages


class ItemMatcher:
    """Exact synonym first, then the longest synonym the name contains (爱护佳免洗手消毒液 → 手消毒液 → hand_soap)."""

    def __init__(self, items: pd.DataFrame) -> None:
        self.items: dict[str, CatalogueItem] = {}
        self._exact: dict[str, str] = {}
        for row in items.itertuples(index=False):
            self.items[row.code] = CatalogueItem(
                row.code, row.category, row.base_unit, dict(row.pack_sizes or {}), str(row.name_zh)
            )
            for word in (row.code, row.name_zh, row.name_en, *(row.synonyms or ())):
                self._exact.setdefault(name_key(str(word)), row.code)
        # Longest first so 医用外科口罩 wins over 口罩; single characters would match too much.
        self._contained = sorted((k for k in self._exact if len(k) >= 2), key=len, reverse=True)
        self._cache: dict[str, str | None] = {}

    def synonym_codes(self) -> list[tuple[str, str]]:
        """(normalised name or synonym, item code) for every name an item is known by."""
        return list(self._exact.items())

    def names_of(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.items[c].name or c for c in codes)

    def exact(self, written: str) -> str | None:
        return self._exact.get(name_key(written))

    def match(self, written: str) -> str | None:
        if written in self._cache:
            return self._cache[written]
        key = name_key(written)
        code = self._exact.get(key)
        if code is None:
            bare = _BRACKETED.sub("", key)
            code = self._exact.get(bare)
            if code is None:
                for synonym in self._contained:
                    if synonym in bare:
                        code = self._exact[synonym]
                        break
        self._cache[written] = code
        return code
