"""A message as the weekly loop composes it (a title and whole sentences, each with the mobiles it mentions)
and the split that makes it fit a robot's size limit without ever cutting a sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# The sentence ends a line that is itself too long may be broken after (Chinese and Latin punctuation).
BREAKS = "。；;！!？?，,、"
# Markdown and HTML marks a unit name or a cell could carry into a group message (a link, a <font> tag,
# emphasis, a heading): in text that comes from data they become their full-width look-alikes, which read the
# same to a person and mean nothing to WeCom's or DingTalk's markdown.
PLAIN = str.maketrans(
    {
        "[": "［",
        "]": "］",
        "<": "＜",
        ">": "＞",
        "*": "＊",
        "_": "＿",
        "`": "｀",
        "#": "＃",
        "~": "～",
        "|": "｜",
    }
)


def plain(text: str) -> str:
    """Text from data (unit names, alert sentences) made inert in a robot's markdown."""
    return str(text).translate(PLAIN)


@dataclass(frozen=True)
class Line:
    """One sentence or list entry; `mobiles` are the people it @-mentions (reminders)."""

    text: str
    mobiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    """What to say to one target: `what` is summary | alert | remind_before | remind_after | test."""

    what: str
    title: str
    lines: tuple[Line, ...]
    week: str | None = None
    # Extra text to mask in the log (a view link's token): the message is recorded, the credential is not.
    private: tuple[str, ...] = field(default=(), compare=False)

    @property
    def mobiles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for line in self.lines for m in line.mobiles))


@dataclass(frozen=True)
class Part:
    """One message as sent: the title (with a continuation mark after the first) and the lines that fit."""

    title: str
    lines: tuple[Line, ...]

    @property
    def mobiles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for line in self.lines for m in line.mobiles))


Size = Callable[[Part], int]


def split_message(
    message: Message, size: Size, limit: int, *, more: Callable[[int], str] = lambda n: f"（续{n}）"
) -> list[Part]:
    """The message in as few parts as fit `limit` (as `size` counts a part), lines kept in order and whole.

    A line too long to fit even alone is broken after its last sentence mark that fits (。；，、…); only a
    line without any such mark is broken between characters, which no sentence of ours comes near."""
    lines = [piece for line in message.lines for piece in _pieces(line, message.title, size, limit)]
    parts: list[Part] = []
    current: list[Line] = []
    for line in lines:
        title = message.title if not parts else f"{message.title}{more(len(parts) + 1)}"
        if current and size(Part(title, (*current, line))) > limit:
            parts.append(Part(title, tuple(current)))
            current = []
        current.append(line)
    if current or not parts:
        title = message.title if not parts else f"{message.title}{more(len(parts) + 1)}"
        parts.append(Part(title, tuple(current)))
    return parts


def _pieces(line: Line, title: str, size: Size, limit: int) -> list[Line]:
    """The line itself when it fits beside the longest title it can get; else pieces that each fit."""
    widest = f"{title}（续99）"
    if size(Part(widest, (line,))) <= limit:
        return [line]
    pieces: list[Line] = []
    rest = line.text
    while rest:
        cut = _longest_fit(rest, lambda text: size(Part(widest, (Line(text, line.mobiles),))) <= limit)
        pieces.append(Line(rest[:cut], line.mobiles))
        rest = rest[cut:]
    return pieces


def _longest_fit(text: str, fits: Callable[[str], bool]) -> int:
    """How many leading characters of `text` to take: up to the last sentence mark that fits, else as many
    characters as fit (at least one, so the loop always moves on)."""
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits, by bisection (fits is monotone in the length)
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    marks = [i + 1 for i, ch in enumerate(text[:low]) if ch in BREAKS]
    return marks[-1] if marks and low < len(text) else low
