"""Ranks and frontier places that respect the 95% confidence intervals.

A rank says which agent scored higher in this run of the benchmarks, not which one is better:
with intervals of a few points, neighbours are often indistinguishable. Two questions are
answered from the same intervals the tables show (score ± 1.96 standard errors):

- **Rank range.** Agent B is *surely ahead* of A when B's interval lies wholly above A's (B's
  lower end above A's upper end). A's best possible rank is 1 + the number of agents surely ahead
  of it; its worst is the number of ranked agents minus those surely behind it. Agents whose
  ranges are the same form a tie group.
- **Within uncertainty of the frontier.** For an agent off the frontier with a known cost: does
  its 95% box (score interval x cost interval) reach the frontier? The frontier's score is a
  step that rises with cost, so the box reaches it when the agent's upper score is at least the
  frontier's score at the agent's lowest plausible cost (cost minus its interval, not below 0).

A missing standard error counts as an interval of zero width: the score itself. Agents without
a score have no rank range and are left out of every other agent's count. Comparing intervals
one agent at a time ignores that two agents' scores are correlated (they ran the same problems),
so the ranges are conservative: wide rather than falsely precise.
"""

from __future__ import annotations

import numpy as np


def _interval(value: np.ndarray, half_width: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    half = np.nan_to_num(np.asarray(half_width, dtype=float), nan=0.0)
    value = np.asarray(value, dtype=float)
    return value - half, value + half


def rank_ranges(score: np.ndarray, score_ci: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(best rank, worst rank) per row, 0 where the row has no score.

    Ranks count only scored rows; a row's own rank always lies within its range."""
    score = np.asarray(score, dtype=float)
    scored = np.isfinite(score)
    best = np.zeros(score.shape, dtype=int)
    worst = np.zeros(score.shape, dtype=int)
    if not scored.any():
        return best, worst
    low, high = _interval(score[scored], np.asarray(score_ci, dtype=float)[scored])
    # Sorted ends make each count a binary search: tables can hold thousands of agents.
    lows, highs = np.sort(low), np.sort(high)
    surely_ahead = lows.size - np.searchsorted(lows, high, side="right")  # lower end above my upper end
    surely_behind = np.searchsorted(highs, low, side="left")  # upper end below my lower end
    best[scored] = 1 + surely_ahead
    worst[scored] = scored.sum() - surely_behind
    return best, worst


def reaches_frontier(
    score: np.ndarray, score_ci: np.ndarray, cost: np.ndarray, cost_ci: np.ndarray, frontier: np.ndarray
) -> np.ndarray:
    """Per row: True / False for agents off the frontier with known score and cost (does the 95%
    box reach the frontier?), None for frontier agents and agents that cannot be placed."""
    score, cost = np.asarray(score, dtype=float), np.asarray(cost, dtype=float)
    frontier = np.asarray(frontier, dtype=bool)
    out = np.full(score.shape, None, dtype=object)
    candidates = np.flatnonzero(~frontier & np.isfinite(score) & np.isfinite(cost))
    if candidates.size == 0:
        return out
    front = np.flatnonzero(frontier)
    front = front[np.argsort(cost[front], kind="stable")]
    _, upper = _interval(score[candidates], np.asarray(score_ci, dtype=float)[candidates])
    lowest_cost, _ = _interval(cost[candidates], np.asarray(cost_ci, dtype=float)[candidates])
    lowest_cost = np.maximum(lowest_cost, 0.0)
    # The frontier's score at a cost: that of the last frontier agent costing no more (scores rise
    # along it). Below the cheapest frontier agent there is no frontier to beat.
    pos = np.searchsorted(cost[front], lowest_cost, side="right") - 1
    frontier_score = np.where(pos >= 0, score[front[np.maximum(pos, 0)]], -np.inf) if front.size else -np.inf
    out[candidates] = upper >= frontier_score
    return out


def rank_range_text(rank: int, best: int, worst: int) -> str:
    """ "3" when the intervals settle the rank, else the range, e.g. "2–7"."""
    if best <= 0:
        return ""
    return str(rank) if best == worst else f"{best}–{worst}"
