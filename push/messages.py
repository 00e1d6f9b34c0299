"""What the robots say, composed from figures already worked out (briefs/content.py's Brief, the alerts of
metrics.alerts, the reporting summary): pure functions, so each text can be asserted word for word.

(a) the weekly summary of a target's unit; (b) alerts that are new or worse than what the target was last
told; (c) reminders, before and after the deadline, to the units that have not reported.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from domain.weeks import week_label, week_name
from metrics.labels import label
from push.parts import Line, Message, plain
from push.texts import due_text, pt

TOP_ALERTS = 5  # the summary's most urgent sentences; the rest are counted
URGENT = ("critical", "warning")  # the severities a summary names and counts
# The alerts pushed on their own, ranked: a unit becoming critical, then running out. Every other state of
# the same unit and item is rank 0 ("nothing to tell").
PUSHED_RANKS = {"critical": 1, "stockout": 2}
SUPPLY = "supply"  # the family of those alerts: one rank per unit x item, so critical → stockout is "worse"

AlertKey = tuple[str, str, str]  # (family, unit_code, item)


def summary_message(brief, *, link: str | None = None, lang: str = "zh") -> Message:
    """The weekly summary: headline figures, the most urgent alert sentences, who has not reported, a link.
    `brief` is a briefs.content.Brief (the same figures as the overview page and the meeting briefs)."""
    week = week_label(date.fromisoformat(brief.week), lang)
    lines = [Line(text) for text in headline_lines(brief.headline, lang)]
    urgent = brief.alerts[brief.alerts["severity"].isin(URGENT)]
    if urgent.empty:
        lines.append(Line(pt("summary.no_alerts", lang)))
    else:
        lines.append(Line(pt("summary.alerts", lang)))
        lines += [Line(f"- {plain(text)}") for text in urgent["message"].head(TOP_ALERTS)]
        if len(urgent) > TOP_ALERTS:
            lines.append(Line(pt("summary.more_alerts", lang, n=len(urgent) - TOP_ALERTS)))
    missing = brief.reporting.get("missing", [])
    if missing:
        lines.append(Line(pt("summary.missing", lang, n=len(missing))))
        lines += [Line(_missing_line(entry, lang)) for entry in missing]
    else:
        lines.append(Line(pt("summary.all_reported", lang)))
    if link:
        lines.append(Line(pt("summary.link", lang, url=link)))
    title = pt("summary.title", lang, unit=plain(brief.unit_name), week=week)
    return Message("summary", title, tuple(lines), brief.week)


def headline_lines(headline, lang: str = "zh") -> list[str]:
    """The overview's tiles as sentences: reporting; the three level counts on one line; the lowest days;
    the coverage tiles on one line."""
    by_key: dict[str, list] = {}
    for tile in headline:
        by_key.setdefault(tile.key, []).append(tile)
    joiner = pt("summary.joiner", lang)
    lines = []
    for tile in by_key.get("reporting", []):
        lines.append(_figure(label("tile.reporting", lang), tile.value, tile.note, lang))
    counts = [
        _figure(label(f"tile.{key}", lang), tile.value, "", lang)
        for key in ("stockout", "critical", "low")
        for tile in by_key.get(key, [])
    ]
    if counts:
        lines.append(joiner.join(counts))
    for tile in by_key.get("lowest", []):
        lines.append(_figure(label("tile.lowest", lang), tile.value, plain(tile.note), lang))
    coverage = [
        _figure(label("tile.coverage", lang, material=tile.material), tile.value, "", lang)
        for tile in by_key.get("coverage", [])
    ]
    if coverage:
        lines.append(joiner.join(coverage))
    return lines


def _figure(name: str, value: str, note: str, lang: str) -> str:
    if note:
        return pt("summary.figure_note", lang, label=name, value=value, note=note)
    return pt("summary.figure", lang, label=name, value=value)


def _missing_line(entry: dict, lang: str) -> str:
    last = entry.get("last_report_week")
    if not last:
        return pt("summary.never_reported", lang, unit=plain(entry["unit"]))
    return pt(
        "summary.missing_unit",
        lang,
        unit=plain(entry["unit"]),
        week=week_name(date.fromisoformat(last), lang),
    )


# --- (b) alerts that are new or worse ----------------------------------------------------------------------
def pushed_alerts(alerts: pd.DataFrame) -> dict[AlertKey, tuple[int, str, str]]:
    """key → (rank, kind, sentence) for the alerts pushed on their own, in the alerts' order (most urgent first)."""
    found: dict[AlertKey, tuple[int, str, str]] = {}
    for row in alerts[alerts["kind"].isin(PUSHED_RANKS)].itertuples():
        key = (SUPPLY, str(row.unit_code), str(row.item))
        found.setdefault(key, (PUSHED_RANKS[row.kind], str(row.kind), str(row.message)))
    return found


def alert_news(
    current: dict[AlertKey, tuple[int, str, str]], told: dict[AlertKey, int]
) -> tuple[list[str], dict[AlertKey, tuple[int, str]]]:
    """(sentences to send, the ranks to remember once they are sent).

    An alert is sent when its rank is above what the target was last told (new: nothing told; worse:
    critical → stockout). A better or vanished alert is remembered silently at its new rank (0 when gone),
    so a unit that recovers and runs out again is news again; the same alert is never sent twice."""
    sentences = [text for key, (rank, _kind, text) in current.items() if rank > told.get(key, 0)]
    remember = {key: (rank, kind) for key, (rank, kind, _text) in current.items() if rank != told.get(key, 0)}
    for key, rank in told.items():
        if rank and key not in current:
            remember[key] = (0, "ok")
    return sentences, remember


def alert_message(unit_name: str, week: str, sentences: list[str], lang: str = "zh") -> Message:
    title = pt("alert.title", lang, unit=plain(unit_name), week=week_name(date.fromisoformat(week), lang))
    return Message("alert", title, tuple(Line(f"- {plain(text)}") for text in sentences), week)


# --- (c) reminders -------------------------------------------------------------------------------------------
def reminder_message(
    phase: str,
    unit_name: str,
    week: str,
    due: datetime,
    missing: list[tuple[str, tuple[str, ...]]],
    lang: str = "zh",
) -> Message:
    """phase "before" or "after" the deadline; `missing` is (unit name, mobiles to @-mention) per unit."""
    what = f"remind_{phase}"
    title = pt(f"{what}.title", lang, unit=plain(unit_name), week=week_name(date.fromisoformat(week), lang))
    lead = Line(pt(f"{what}.lead", lang, due=due_text(due, lang), n=len(missing)))
    units = [Line(pt("remind.unit", lang, unit=plain(name)), mobiles) for name, mobiles in missing]
    return Message(what, title, (lead, *units), week)


def test_message(target: str, lang: str = "zh") -> Message:
    return Message("test", pt("test.title", lang), (Line(pt("test.line", lang, target=target)),))
