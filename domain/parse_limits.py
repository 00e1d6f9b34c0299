"""How big a file may be before we refuse to read it: the limits every upload and import is read within."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

MIB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    """Defaults fit a province's weekly file (tens of thousands of rows) with room to spare (issue 11)."""

    max_rows: int = 200_000
    max_columns: int = 500
    max_expanded_bytes: int = 200_000_000  # everything inside an .xlsx, unzipped
    max_members: int = 10_000  # files inside an .xlsx; Excel writes a few dozen
    max_ratio: int = 250  # unzipped ÷ zipped for one large member; real sheets stay under 30
    worker_memory_bytes: int = 512 * MIB
    worker_seconds: float = 60.0


DEFAULT_LIMITS = ParseLimits()
LIMIT_NAMES = tuple(f.name for f in fields(ParseLimits))


def limits_from_mapping(values: dict[str, str]) -> ParseLimits:
    """Limits from stored text values; a missing, unreadable or non-positive value keeps its default."""
    changes = {}
    for field in fields(ParseLimits):
        raw = values.get(field.name)
        try:
            number = float(raw) if raw is not None else None
        except ValueError:
            number = None
        if number is not None and number > 0 and number < 1e15:
            changes[field.name] = number if field.type == "float" else int(number)
    return replace(DEFAULT_LIMITS, **changes)
