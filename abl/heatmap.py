"""The agent x benchmark grid: every agent of the overall view against every benchmark.

One row per agent of the (filtered) overall table, in its rank order; per benchmark the task's
score, its 95% half-width, cost and cost half-width from the same statistics the view tables use
(at the reader's prices). A benchmark the agent did not run is NaN. `sort_grid` orders it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import names
from .loading import SplitData
from .summary import COMPONENT_FIELDS

OVERALL = "Overall"


def benchmark_columns(data: SplitData) -> list[str]:
    """The split's benchmarks, category by category, in display order."""
    stats = data.stats
    ordered = [t for tag in stats.tags for t in stats.tasks_in(tag)]
    return ordered + [t for t in stats.tasks if t not in ordered]


def grid(data: SplitData, overall: pd.DataFrame) -> pd.DataFrame:
    """`overall` (a view table of `data`, possibly filtered) with `<benchmark> score` ... columns."""
    position = {row.id: i for i, row in enumerate(data.rows)}
    rows = overall["id"].map(position).to_numpy(dtype=np.intp)
    out = overall[["rank", "id", "label", "openness", "tooling", "score", "score_ci", "cost", "cost_ci"]].copy()
    out = out.rename(columns={f: f"{OVERALL} {f}" for f in COMPONENT_FIELDS})
    columns = {}
    for task in benchmark_columns(data):
        stat = data.stats.task(task)
        for field in COMPONENT_FIELDS:
            columns[f"{task} {field}"] = getattr(stat, field)[rows]
    return pd.concat([out.reset_index(drop=True), pd.DataFrame(columns)], axis=1)


def sort_grid(frame: pd.DataFrame, column: str, descending: bool = True) -> pd.DataFrame:
    """By one column's score (unknown last either way); ties keep the overall rank order."""
    key = f"{column} score"
    if key not in frame.columns:
        return frame
    return frame.sort_values(key, ascending=not descending, na_position="last", kind="stable")


def category_of(column: str) -> str:
    bench = names.benchmark_for(column)
    return names.category_display_name(bench.category) if bench else ""
