"""Keep an upload's problem list readable: at most 1,000 listed, and a last line counting the rest.

A 1,048,576-row sheet gave one problem per row: 300 MB of JSON, 2 GiB and two minutes (issue 11). The first
thousand say what is wrong as well as a million would; the officer fixes the pattern and uploads again.
"""

from __future__ import annotations

from domain.problems import ERROR, WARNING, Problem, has_errors

MAX_LISTED = 1_000


def capped_problems(problems: list[Problem], limit: int = MAX_LISTED) -> list[Problem]:
    """The first `limit` problems (errors first, in file order), then one line with how many were left out."""
    if len(problems) <= limit:
        return problems
    ordered = [p for p in problems if p.severity == ERROR] + [p for p in problems if p.severity != ERROR]
    rest = len(problems) - limit
    return [*ordered[:limit], _more_problems(rest, has_errors(ordered[limit:]))]


def _more_problems(rest: int, any_error: bool) -> Problem:
    return Problem(
        code="more_problems",
        severity=ERROR if any_error else WARNING,
        sheet=None,
        row=None,
        column=None,
        value=str(rest),
        message_zh=f"另有 {rest:,} 个问题未列出：请先改正上面列出的问题（多半是同一类），再上传检查",
        message_en=f"{rest:,} more problems are not listed: fix the ones above (usually one kind) and check again",
    )
