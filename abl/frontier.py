"""The cost-vs-score Pareto frontier (DESIGN.md section 5): the one implementation that the
plots, tables, exports and notebook API all use."""

from __future__ import annotations

import numpy as np


def pareto_frontier(score: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows on the frontier.

    Among rows with a known (finite) score and cost, a row is on the frontier iff its score
    is strictly greater than every score at a strictly lower cost and no row at the same
    cost scores higher. Rows equal in both score and cost are all on it. Values are
    compared exactly as given, never rounded.
    """
    score = np.asarray(score, dtype=float)
    cost = np.asarray(cost, dtype=float)
    if score.shape != cost.shape or score.ndim != 1:
        raise ValueError("score and cost must be 1-d arrays of the same length")
    on = np.zeros(score.shape, dtype=bool)
    known = np.flatnonzero(np.isfinite(score) & np.isfinite(cost))
    if known.size == 0:
        return on
    s, c = score[known], cost[known]
    order = np.lexsort((-s, c))  # by cost, then best score first within a cost
    s_sorted, c_sorted = s[order], c[order]
    starts = np.flatnonzero(np.r_[True, c_sorted[1:] != c_sorted[:-1]])
    group_of = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, s_sorted.size]))
    group_best = s_sorted[starts]  # first of each cost group is its highest score
    best_cheaper = np.r_[-np.inf, np.maximum.accumulate(group_best)[:-1]]
    is_on = (s_sorted == group_best[group_of]) & (s_sorted > best_cheaper[group_of])
    on[known[order]] = is_on
    return on


def dominating_frontier_row(score: np.ndarray, cost: np.ndarray, frontier: np.ndarray) -> np.ndarray:
    """For each off-frontier row with known score and cost: the index of the frontier row
    that beats it (the best-scoring frontier row costing no more), else -1."""
    score = np.asarray(score, dtype=float)
    cost = np.asarray(cost, dtype=float)
    result = np.full(score.shape, -1, dtype=np.intp)
    front = np.flatnonzero(frontier)
    if front.size == 0:
        return result
    front = front[np.argsort(cost[front], kind="stable")]
    # Along the frontier, score rises with cost, so the last frontier point at or below a
    # row's cost is the best one it can afford.
    candidates = np.flatnonzero(~frontier & np.isfinite(score) & np.isfinite(cost))
    pos = np.searchsorted(cost[front], cost[candidates], side="right") - 1
    valid = pos >= 0
    chosen = front[pos[valid]]
    beats = score[chosen] >= score[candidates[valid]]
    result[candidates[valid][beats]] = chosen[beats]
    return result
