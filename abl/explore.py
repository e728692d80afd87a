"""Questions a reader asks of a view table: filtering, budgets, frontier explanations, comparisons.

All functions take and return plain pandas frames built by `abl.summary`; the frontier of a
filtered table is recomputed with the one Pareto function, among the rows that remain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .loading import SplitData
from .names import model_display_name
from .stats import Mode
from .summary import available_views, place_columns, view_table


@dataclass(frozen=True)
class Filters:
    """Row filters; an empty collection means "no restriction"."""

    search: str = ""
    openness: tuple[str, ...] = ()
    tooling: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    submitters: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return self == Filters()


def model_names(data: SplitData) -> tuple[str, ...]:
    """The models a reader can filter by (display names, sorted), computed once per data revision."""
    return data.derived(
        "model names", lambda: tuple(sorted({model_display_name(m) for r in data.rows for m in r.models}))
    )


def submitter_names(data: SplitData) -> tuple[str, ...]:
    """The submitters a reader can filter by (sorted), computed once per data revision."""
    return data.derived("submitter names", lambda: tuple(sorted({r.submitter for r in data.rows if r.submitter})))


def _matches(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    if filters.search.strip():
        needle = filters.search.strip().lower()
        haystack = (
            frame["agent"].astype(str)
            + " "
            + frame["submitter"].fillna("").astype(str)
            + " "
            + frame["models"].map(" ".join)
            + " "
            + frame["description"].fillna("").astype(str)
        )
        keep &= haystack.str.lower().str.contains(needle, regex=False).to_numpy()
    if filters.openness:
        keep &= frame["openness"].isin(filters.openness).to_numpy()
    if filters.tooling:
        keep &= frame["tooling"].isin(filters.tooling).to_numpy()
    if filters.models:
        wanted = set(filters.models)
        keep &= frame["models"].map(lambda ms: not wanted.isdisjoint(ms)).to_numpy(dtype=bool)
    if filters.submitters:
        keep &= frame["submitter"].isin(filters.submitters).to_numpy()
    if filters.date_from or filters.date_to:
        dates = frame["submit_time"].dt.date
        if filters.date_from:
            keep &= (dates >= filters.date_from).fillna(False).to_numpy(dtype=bool)
        if filters.date_to:
            keep &= (dates <= filters.date_to).fillna(False).to_numpy(dtype=bool)
    return keep


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows that pass, re-ranked, with frontier and dominating rows recomputed among them."""
    if filters.is_empty():
        return frame
    out = frame[_matches(frame, filters)].reset_index(drop=True)
    numbers = {c: out[c].to_numpy(dtype=float) for c in ("score", "score_ci", "cost", "cost_ci")}
    for column, values in place_columns(**numbers, labels=out["label"].to_numpy()).items():
        out[column] = values
    out["rank"] = np.arange(1, len(out) + 1)
    out.attrs = dict(frame.attrs)
    return out


def frontier_notes(frame: pd.DataFrame, rows: pd.DataFrame | None = None) -> list[str]:
    """One sentence per row of `rows` (default: all of `frame`) on its place relative to the
    frontier of `frame`, e.g. "ReAct (gpt-5-mini) scores higher for less"."""
    on_frontier = frame[frame["frontier"].astype(bool)]
    winners = dict(zip(on_frontier["label"], zip(on_frontier["score"], on_frontier["cost"])))
    rows = frame if rows is None else rows
    notes = []
    for on, score, cost, beaten_by in zip(rows["frontier"], rows["score"], rows["cost"], rows["dominated_by"]):
        if on:
            notes.append("On the Pareto frontier: no agent scores higher for less.")
        elif pd.isna(score) or pd.isna(cost):
            notes.append("Not on the frontier: its " + ("score" if pd.isna(score) else "cost") + " is unknown.")
        elif beaten_by in winners:
            w_score, w_cost = winners[beaten_by]
            if w_cost < cost:
                how = "scores higher for less" if w_score > score else "scores the same for less"
            else:
                how = "scores higher for the same cost"
            notes.append(f"{beaten_by} {how}.")
        else:
            notes.append("Not on the frontier.")
    return notes


def best_within_budget(frame: pd.DataFrame, budget: float | None) -> pd.Series | None:
    """The top-scoring row whose known cost is at most `budget` (USD per problem)."""
    if budget is None:
        return None
    affordable = frame[(frame["cost"] <= budget) & frame["score"].notna()]
    if affordable.empty:
        return None
    return affordable.sort_values(["score", "cost"], ascending=[False, True], kind="stable").iloc[0]


@dataclass(frozen=True)
class Comparison:
    """Per-view scores and costs of a few agents, side by side."""

    agents: list[str]  # labels, in the order asked for
    frame: pd.DataFrame = field(repr=False)  # one row per (view, agent)


def compare(data: SplitData, ids: list[str], mode: Mode | str = Mode.LEADERBOARD) -> Comparison:
    """Overall, category and benchmark values of the agents with these row ids; a view an
    agent did not attempt has no record."""
    columns = ["view", "kind", "id", "agent", "score", "score_ci", "cost", "cost_ci"]
    records = []
    for view in available_views(data.stats):
        table = view_table(data, view, mode).set_index("id")
        for row_id in ids:
            if row_id in table.index:
                row = table.loc[row_id]
                records.append(
                    [
                        view.title,
                        view.kind,
                        row_id,
                        row["label"],
                        row["score"],
                        row["score_ci"],
                        row["cost"],
                        row["cost_ci"],
                    ]
                )
    frame = pd.DataFrame.from_records(records, columns=columns)
    labels = dict(zip(frame["id"], frame["agent"]))
    return Comparison(agents=[labels[i] for i in ids if i in labels], frame=frame)
