"""Unit names matched tolerantly against the unit list: spaces, full-width forms, 镇/街道/人民政府 suffixes, aliases."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from loaders.item_names import name_key

# Suffix → what it stands for when comparing: 李家村村民委员会 → 李家村, 东河镇人民政府 → 东河.
_SUFFIXES = (
    ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村民委员会", "村"), ("村委会", "村"),
    ("街道办事处", ""), ("人民政府", ""), ("办事处", ""), ("居委会", ""), ("街道", ""), ("镇", ""), ("乡", ""),
)  # fmt: skip
# Beyond this many unknown names, skip the (slow) suggestions: one fix for the list is enough to tell.
MAX_SUGGESTED = 50


# The last character of every suffix: a key ending in none of them (most names) has nothing to strip.
_SUFFIX_ENDS = frozenset(suffix[-1] for suffix, _ in _SUFFIXES)


def short_key(name: str) -> str:
    return shortened(name_key(name))


def shortened(key: str) -> str:
    """short_key of a name already turned into its name_key."""
    if not key or key[-1] not in _SUFFIX_ENDS:
        return key
    changed = True
    while changed:
        changed = False
        for suffix, replacement in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                # 李家村 + 村民委员会 is 李家村, 李家 + 村委会 is 李家村 too.
                key = key if replacement and key.endswith(replacement) else key + replacement
                changed = True
                break
    return key


def plain_list(column: pd.Series) -> list:
    """A column as Python objects; iterating pandas' Arrow-backed strings one by one is several times slower."""
    return column.to_numpy(dtype=object).tolist()


def _flagged(units: pd.DataFrame, column: str, codes: list[str]) -> frozenset[str]:
    """The codes whose `column` is True; none when the column is absent."""
    if column not in units:
        return frozenset()
    return frozenset(c for c, flag in zip(codes, plain_list(units[column]), strict=True) if flag is True)


@dataclass(frozen=True)
class UnitMatch:
    code: str | None
    candidates: tuple[str, ...] = ()  # ambiguous: the names that all match; unknown: the closest names
    ambiguous: bool = False
    codes: tuple[str, ...] = ()  # ambiguous: the codes of the units that all match


class UnitMatcher:
    def __init__(self, units: pd.DataFrame) -> None:
        self._full: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        codes = [str(c) for c in plain_list(units["code"])]
        names = [str(n) for n in plain_list(units["name"])]
        self.names: dict[str, str] = dict(zip(codes, names, strict=True))
        parents = plain_list(units["parent_code"]) if "parent_code" in units else [None] * len(codes)
        self.parent_of: dict[str, str | None] = {
            c: (str(p) if isinstance(p, str) and p else None) for c, p in zip(codes, parents, strict=True)
        }
        # Units to prefer when a name is ambiguous (columns set by uploads/): `chosen` marks the unit chosen in the
        # page's sidebar, `preferred` the officer's own units; the sheet's 填报单位 comes before both.
        self.chosen = _flagged(units, "chosen", codes)
        self.preferred = _flagged(units, "preferred", codes)
        self._written: list[tuple[str, str]] = list(zip(names, codes, strict=True))
        for code, aliases in zip(codes, plain_list(units["aliases"]), strict=True):
            if isinstance(aliases, (list, tuple)) and aliases:
                self._written.extend((str(a), code) for a in aliases)
        # Names (and aliases) written for exactly one unit: how most sheets write them, matched without a loop.
        self._unique: dict[str, str] = dict(self._written)
        if len(self._unique) < len(self._written):
            codes_of: dict[str, set[str]] = {}
            for text, code in self._written:
                codes_of.setdefault(text, set()).add(code)
            for text, found in codes_of.items():
                if len(found) > 1:
                    del self._unique[text]
        self._normalised = False
        self._cache: dict[str, UnitMatch] = {}
        self._suggested = 0
        self._keys_by_name: dict[str, str] | None = None

    def exact(self, written: str) -> str | None:
        """The code of the one unit whose name or alias is exactly `written` (what `match` finds first)."""
        return self._unique.get(written)

    def match(self, written: str) -> UnitMatch:
        found = self._cache.get(written)
        if found is None:
            found = self._cache[written] = self._match(written)
        return found

    def _match(self, written: str) -> UnitMatch:
        found = self._lookup(written)
        return found if found is not None else UnitMatch(None, self._closest(written))

    def known(self, written: str) -> str | None:
        """The one unit `written` names (tolerantly), without suggesting any: for searching inside a title."""
        found = self._lookup(written)
        return found.code if found is not None else None

    def _lookup(self, written: str) -> UnitMatch | None:
        """A match, an ambiguity, or None when no unit has this name (exactly or tolerantly)."""
        code = self._unique.get(written)
        if code is not None:  # most sheets write the name as the list does
            return UnitMatch(code)
        if not self._normalised:
            # Built on the first name not written exactly: normalising 30,000 names costs a third of a second.
            for text, code in self._written:
                key = name_key(text)
                self._full.setdefault(key, set()).add(code)
                self._short.setdefault(shortened(key), set()).add(code)
            self._normalised = True
        full = name_key(written)
        for table, key in ((self._full, full), (self._short, shortened(full))):
            codes = table.get(key)
            if codes and len(codes) == 1:
                return UnitMatch(next(iter(codes)))
            if codes:
                ordered = tuple(sorted(codes, key=self.path))
                return UnitMatch(None, tuple(self.path(c) for c in ordered), ambiguous=True, codes=ordered)
        return None

    def path(self, code: str) -> str:
        """The name with its parent's, so two units of one name can be told apart: 白塔乡 · 东河县."""
        parent = self.parent_of.get(code)
        name = self.names.get(code, code)
        return f"{name} · {self.names[parent]}" if parent in self.names else name

    def under(self, code: str, ancestors: frozenset[str] | set[str]) -> bool:
        """Whether the unit is one of `ancestors` or sits below one of them."""
        seen = 0
        current: str | None = code
        while current is not None and seen < 50:  # a cycle in a bad list must not hang the reader
            if current in ancestors:
                return True
            current, seen = self.parent_of.get(current), seen + 1
        return False

    def preferred_among(self, codes: tuple[str, ...], sheet_unit: str | None) -> tuple[str | None, str]:
        """One of several same-name units, chosen by the sheet's 填报单位, else by the unit chosen in the sidebar,
        else by the officer's own units; (None, "") when none of them tells them apart."""
        for ancestors, reason in (
            ({sheet_unit} if sheet_unit else set(), "填报单位"),
            (self.chosen, "所选单位"),
            (self.preferred, "本人单位"),
        ):
            if ancestors:
                inside = [c for c in codes if self.under(c, ancestors)]
                if len(inside) == 1:
                    return inside[0], reason
        return None, ""

    def _closest(self, written: str) -> tuple[str, ...]:
        if self._suggested >= MAX_SUGGESTED or not self.names:
            return ()
        self._suggested += 1
        if self._keys_by_name is None:
            self._keys_by_name = {name_key(n): n for n in self.names.values()}
        keys = difflib.get_close_matches(name_key(written), list(self._keys_by_name), n=3, cutoff=0.5)
        return tuple(self._keys_by_name[k] for k in keys)
