"""Rank ranges and "within uncertainty of the frontier" (abl.uncertainty), on cases worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from abl.explore import Filters, apply_filters
from abl.results import Results
from abl.settings import SAMPLE_PREFIX
from abl.summary import to_records, view_table
from abl.uncertainty import rank_range_text, rank_ranges, reaches_frontier

NAN = math.nan


def test_rank_ranges_by_hand():
    # Intervals: A [0.70, 0.90], B [0.60, 0.80], C [0.45, 0.55], D [0.40, 0.44], E no score.
    score = np.array([0.80, 0.70, 0.50, 0.42, NAN])
    ci = np.array([0.10, 0.10, 0.05, 0.02, 0.10])
    best, worst = rank_ranges(score, ci)
    # A: nobody is surely ahead; C and D are surely behind -> 1-2. B: likewise -> 1-2.
    # C: A and B are surely ahead (lower ends 0.70, 0.60 > 0.55) and D surely behind (its upper
    # end 0.44 is below C's lower end 0.45) -> rank 3 exactly. D: 4.
    assert best.tolist() == [1, 1, 3, 4, 0]
    assert worst.tolist() == [2, 2, 3, 4, 0]
    assert [rank_range_text(r, b, w) for r, b, w in zip([1, 2, 3, 4, 5], best, worst)] == ["1–2", "1–2", "3", "4", ""]


def test_touching_intervals_overlap_and_unknown_errors_are_points():
    # Intervals that share an end are not separated; a missing stderr is the score itself.
    best, worst = rank_ranges(np.array([0.6, 0.4, 0.5]), np.array([0.1, 0.1, NAN]))
    # A [0.5, 0.7], B [0.3, 0.5], C [0.5, 0.5]: all touch at 0.5, so nobody is surely ahead.
    assert best.tolist() == [1, 1, 1] and worst.tolist() == [3, 3, 3]


def test_reaches_frontier_by_hand():
    # Frontier: F1 (cost 0.10, 0.40), F2 (cost 1.00, 0.60).
    # X: 0.35 ± 0.06 at $0.20: upper 0.41 >= 0.40 (F1's) -> True.
    # Y: 0.30 ± 0.05 at $0.20: upper 0.35 < 0.40 -> False.
    # Z: 0.50 ± 0.05 at $2.00 ± 1.95: lowest cost $0.05, below every frontier agent -> True.
    # W: 0.50 ± 0.02 at $1.50 ± 0.60: lowest cost $0.90, frontier there 0.40; upper 0.52 -> True.
    # V: 0.50 ± 0.02 at $1.50 ± 0.10: lowest cost $1.40, frontier there 0.60; upper 0.52 -> False.
    # U: cost unknown -> None. F1, F2 -> None.
    score = np.array([0.40, 0.60, 0.35, 0.30, 0.50, 0.50, 0.50, 0.20])
    score_ci = np.array([0.0, 0.0, 0.06, 0.05, 0.05, 0.02, 0.02, 0.01])
    cost = np.array([0.10, 1.00, 0.20, 0.20, 2.00, 1.50, 1.50, NAN])
    cost_ci = np.array([0.0, 0.0, 0.0, 0.0, 1.95, 0.60, 0.10, NAN])
    frontier = np.array([True, True, False, False, False, False, False, False])
    got = reaches_frontier(score, score_ci, cost, cost_ci, frontier)
    assert got.tolist() == [None, None, True, False, True, True, False, None]


def test_view_tables_and_filters_carry_the_columns():
    data = Results(SAMPLE_PREFIX / "asta-bench-results").split("test")
    table = view_table(data, "lit")
    assert (table["rank_best"] <= table["rank"]).all() and (table["rank"] <= table["rank_worst"]).all()
    off = table[~table["frontier"].astype(bool) & table["cost"].notna()]
    assert set(off["near_frontier"]) <= {True, False} and table.loc[table["frontier"], "near_frontier"].isna().all()
    filtered = apply_filters(table, Filters(openness=("Open source & open weights",)))
    best, worst = rank_ranges(filtered["score"].to_numpy(), filtered["score_ci"].to_numpy())
    assert filtered["rank_best"].tolist() == best.tolist() and filtered["rank_worst"].tolist() == worst.tolist()
    record = to_records(table)[0]
    assert record["rank_range"] == [int(table["rank_best"][0]), int(table["rank_worst"][0])]
    assert record["within_frontier_uncertainty"] is None  # the top agent is on the frontier


def test_sample_ranks_of_the_paper():
    """On the published Literature Understanding numbers, the leader's interval does not separate
    it from everyone: its range is computed here from the table's own intervals."""
    data = Results(SAMPLE_PREFIX / "asta-bench-results").split("test")
    table = view_table(data, "lit")
    low, high = table["score"] - table["score_ci"], table["score"] + table["score_ci"]
    leader = table.iloc[0]
    expected_worst = int(table["score"].notna().sum() - (high < low[0]).sum())
    assert (leader["rank_best"], leader["rank_worst"]) == (1, expected_worst)
    assert isinstance(table, pd.DataFrame)
