"""Typed errors the store raises for a request that names something that is not there; the command line and
the pages turn each into one sentence and an exit code (never a traceback)."""

from __future__ import annotations


class NotFound(LookupError):
    """A unit or item named in a request is not in the database."""

    def __init__(self, name: str, message_zh: str, message_en: str) -> None:
        self.name, self.message_zh, self.message_en = name, message_zh, message_en
        super().__init__(message_en)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


class UnknownUnit(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(
            code,
            f"没有编码为“{code}”的单位：请用单位名单中的编码（如 C01）",
            f"No unit has the code {code!r}: use a code from the unit list (e.g. C01)",
        )


class NoReports(NotFound):
    """The database holds no report at all: there is nothing to work figures out from."""

    def __init__(self) -> None:
        super().__init__(
            "",
            "数据库里还没有任何上报：先导入周报（python cli.py import 周报.xlsx）或载入示例（python cli.py demo）",
            "The database holds no report yet: import a weekly sheet (python cli.py import FILE) or load the "
            "demo (python cli.py demo)",
        )


class UnknownWeek(NotFound):
    """A week with no report of any unit."""

    def __init__(self, week: str, first: str, last: str) -> None:
        super().__init__(
            week,
            f"{week} 这一周没有任何上报：有数据的周从 {first} 到 {last}（--week 写这一段里的任一日期）",
            f"No report for the week of {week}: weeks with data run from {first} to {last} (give --week a day "
            "in that range)",
        )


class UnknownItem(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(
            name,
            f"物资目录中没有“{name}”：请用 `python cli.py items list` 列出的编码或名称",
            f"No item {name!r} in the catalogue: use a code or name listed by `python cli.py items list`",
        )


class NameTaken(ValueError):
    """A synonym or new item name that already names another item."""

    def __init__(self, name: str, code: str) -> None:
        self.name, self.code = name, code
        self.message_zh = f"“{name}”已是物资 {code} 的名称或同义词，不能再用于其他物资"
        self.message_en = f"{name!r} already names the item {code}; it cannot name another"
        super().__init__(self.message_en)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh
