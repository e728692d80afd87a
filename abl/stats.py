"""agent-eval's aggregation rules (DESIGN.md section 4), vectorised over all rows of a split.

Per-task statistics come from `abl.rows`. Here they become category ("tag") and overall
statistics in both coverage modes:

- leaderboard mode: a task without a score counts as 0 with stderr 0;
- paper mode (agent-eval's `preserve_none_scores`): any missing part leaves the aggregate unknown.

Costs never treat missing as 0: an aggregate cost is unknown if any part is. Standard errors
propagate as sqrt(sum (w_i * se_i)^2) / sum(w_i), and are unknown if any part's is.
NaN stands for agent-eval's None throughout; nothing is rounded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np

from . import names
from .rows import ResultRow, SuiteLayout

CI95_Z = 1.96


class Mode(StrEnum):
    LEADERBOARD = "leaderboard"
    PAPER = "paper"


@dataclass(frozen=True)
class Stat:
    """Score, cost and their standard errors for every row of a split (NaN = unknown)."""

    score: np.ndarray
    score_se: np.ndarray
    cost: np.ndarray
    cost_se: np.ndarray

    @property
    def score_ci(self) -> np.ndarray:
        """Half-width of the 95% confidence interval."""
        return CI95_Z * self.score_se

    @property
    def cost_ci(self) -> np.ndarray:
        return CI95_Z * self.cost_se


def _weighted(values: np.ndarray, stderrs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean over columns and its propagated standard error; NaN propagates."""
    total = weights.sum()
    if total <= 0:
        nan = np.full(values.shape[0], np.nan)
        return nan, nan.copy()
    mean = values @ weights / total
    stderr = np.sqrt((stderrs**2) @ (weights**2)) / total
    return mean, stderr


class SplitStats:
    """Task, category and overall statistics of a list of rows, computed once, on demand."""

    def __init__(self, rows: list[ResultRow]):
        self.rows = rows
        self.tasks: tuple[str, ...] = tuple(
            sorted({t for row in rows for t in row.layout.tasks}, key=names.task_sort_key)
        )
        self.tags: tuple[str, ...] = tuple(
            sorted({t for row in rows for t in row.layout.tags}, key=names.category_sort_key)
        )
        self._task_col = {t: i for i, t in enumerate(self.tasks)}
        self._groups: dict[SuiteLayout, np.ndarray] = self._group_by_layout()
        self._task = self._task_matrices()
        self._tag_cache: dict[tuple[str, Mode], Stat] = {}
        self._overall_cache: dict[Mode, Stat] = {}

    def _group_by_layout(self) -> dict[SuiteLayout, np.ndarray]:
        groups: dict[SuiteLayout, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            groups[row.layout].append(i)
        return {layout: np.asarray(idx, dtype=np.intp) for layout, idx in groups.items()}

    def _task_matrices(self) -> dict[str, np.ndarray]:
        shape = (len(self.rows), len(self.tasks))
        fields = ("score", "score_se", "cost", "cost_se")
        mats = {f: np.full(shape, np.nan) for f in fields}
        for i, row in enumerate(self.rows):
            for task, stat in row.tasks.items():
                j = self._task_col[task]
                mats["score"][i, j] = stat.score
                mats["score_se"][i, j] = stat.score_se
                mats["cost"][i, j] = stat.cost
                mats["cost_se"][i, j] = stat.cost_se
        return mats

    @cached_property
    def in_suite(self) -> np.ndarray:
        """Boolean (rows x tasks): does the row's own suite list the task?"""
        mask = np.zeros((len(self.rows), len(self.tasks)), dtype=bool)
        for layout, idx in self._groups.items():
            cols = [self._task_col[t] for t in layout.tasks]
            mask[np.ix_(idx, cols)] = True
        return mask

    @cached_property
    def attempted(self) -> np.ndarray:
        """Boolean (rows x tasks): does the row have a score for the task?"""
        return ~np.isnan(self._task["score"])

    def task(self, name: str) -> Stat:
        j = self._task_col[name]
        return Stat(*(self._task[f][:, j].copy() for f in ("score", "score_se", "cost", "cost_se")))

    def tag(self, tag: str, mode: Mode = Mode.LEADERBOARD) -> Stat:
        key = (tag, Mode(mode))
        if key not in self._tag_cache:
            self._tag_cache[key] = self._compute_tag(tag, Mode(mode))
        return self._tag_cache[key]

    def _compute_tag(self, tag: str, mode: Mode) -> Stat:
        n = len(self.rows)
        out = {f: np.full(n, np.nan) for f in ("score", "score_se", "cost", "cost_se")}
        for layout, idx in self._groups.items():
            members = layout.tasks_in(tag)
            if not members:
                continue
            cols = [self._task_col[t] for t in members]
            weights = np.array([layout.weight(tag, t) for t in members])
            score = self._task["score"][np.ix_(idx, cols)]
            score_se = self._task["score_se"][np.ix_(idx, cols)]
            if mode is Mode.LEADERBOARD:
                present = ~np.isnan(score)
                score = np.where(present, score, 0.0)
                score_se = np.where(present, score_se, 0.0)  # a missing task is a sure 0
            out["score"][idx], out["score_se"][idx] = _weighted(score, score_se, weights)
            out["cost"][idx], out["cost_se"][idx] = _weighted(
                self._task["cost"][np.ix_(idx, cols)], self._task["cost_se"][np.ix_(idx, cols)], weights
            )
        return Stat(**out)

    def overall(self, mode: Mode = Mode.LEADERBOARD) -> Stat:
        mode = Mode(mode)
        if mode not in self._overall_cache:
            self._overall_cache[mode] = self._compute_overall(mode)
        return self._overall_cache[mode]

    def _compute_overall(self, mode: Mode) -> Stat:
        n = len(self.rows)
        out = {f: np.full(n, np.nan) for f in ("score", "score_se", "cost", "cost_se")}
        for layout, idx in self._groups.items():
            tags = layout.tags
            if not tags:
                continue
            parts = [self.tag(t, mode) for t in tags]
            weights = np.ones(len(tags))
            stack = {f: np.column_stack([getattr(p, f)[idx] for p in parts]) for f in out}
            out["score"][idx], out["score_se"][idx] = _weighted(stack["score"], stack["score_se"], weights)
            out["cost"][idx], out["cost_se"][idx] = _weighted(stack["cost"], stack["cost_se"], weights)
        return Stat(**out)

    def tasks_in(self, tag: str) -> tuple[str, ...]:
        return tuple(sorted({t for layout in self._groups for t in layout.tasks_in(tag)}, key=names.task_sort_key))

    def coverage(self, tag: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(attempted, total) per row: categories of the overall view, or tasks of a category."""
        if tag is None:
            attempted = np.zeros(len(self.rows), dtype=int)
            total = np.zeros(len(self.rows), dtype=int)
            for t in self.tags:
                cols = [self._task_col[x] for x in self.tasks_in(t)]
                in_suite = self.in_suite[:, cols].any(axis=1)
                total += in_suite
                attempted += (self.attempted[:, cols] & self.in_suite[:, cols]).any(axis=1)
            return attempted, total
        cols = [self._task_col[x] for x in self.tasks_in(tag)]
        return (
            (self.attempted[:, cols] & self.in_suite[:, cols]).sum(axis=1),
            self.in_suite[:, cols].sum(axis=1),
        )
