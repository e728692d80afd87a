"""Compare the project's statistics of one row with agent-eval's `compute_summary_statistics`.

agent-eval gives None where the project gives NaN. Its means go through Python's `statistics`
module, which sums exactly, while the project sums with numpy: the two may differ in the last
bits of a float, so values are compared to 1e-12 relative (far below any displayed digit).
agent-eval gives no standard error for categories and the overall score (the project propagates
one, checked by hand in tests/test_stats.py), so only task standard errors are compared.
"""

from __future__ import annotations

import math
from typing import Any

from abl import names
from abl.stats import Mode, SplitStats

REL = 1e-12


def _same(ours: float, theirs: float | None) -> bool:
    if theirs is None:
        return math.isnan(ours)
    return not math.isnan(ours) and math.isclose(ours, theirs, rel_tol=REL, abs_tol=1e-15)


def differences(stats: SplitStats, index: int, reference: dict[str, Any], mode: Mode) -> list[str]:
    """Where row `index` of `stats` disagrees with agent-eval's summary `reference` ({"stats": ...})."""
    wrong = []

    def check(key: str, field: str, ours: float) -> None:
        theirs = reference["stats"][key][field]
        if not _same(ours, theirs):
            wrong.append(f"{key} {field}: ours {ours!r}, agent-eval {theirs!r}")

    for key in reference["stats"]:
        kind, _, name = key.partition("/")
        if kind == "overall":
            stat, fields = stats.overall(mode), ("score", "cost")
        elif kind == "tag":
            stat, fields = stats.tag(name, mode), ("score", "cost")
        else:
            display = names.task_display_name(name)
            if display not in stats.tasks:  # no row has it: every value unknown
                for field in ("score", "score_stderr", "cost", "cost_stderr"):
                    check(key, field, math.nan)
                continue
            stat, fields = stats.task(display), ("score", "score_stderr", "cost", "cost_stderr")
        for field in fields:
            ours_field = {"score_stderr": "score_se", "cost_stderr": "cost_se"}.get(field, field)
            check(key, field, float(getattr(stat, ours_field)[index]))
    return wrong
