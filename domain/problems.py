"""A problem found in an uploaded file: stable code, severity, where, what was received, how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"  # said once, changes nothing: a name the office chose to ignore


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    sheet: str | None
    row: int | None  # the row number as the spreadsheet shows it (1-based); None for the whole file
    column: str | None  # the column header as written, or its letter
    value: str | None  # the value received, as text
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def as_json(self, lang: str = "zh") -> dict:
        """The shape the command line prints: {"code","severity","sheet","row","column","value","message"}."""
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }

    def as_record(self) -> dict:
        return asdict(self)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
