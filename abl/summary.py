"""Leaderboard views: one ranked table per overall / category / benchmark view.

A view table is a pandas DataFrame with one row per agent in the view, full-precision
numbers, frontier flags from `abl.frontier`, coverage counts and display names. Component
columns (the view's categories or benchmarks) are named `"<display name> score"`,
`"... score_ci"`, `"... cost"`, `"... cost_ci"`. Everything the site, the CLI and the
notebook API show is read from these tables.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import names
from .frontier import dominating_frontier_row, pareto_frontier
from .loading import SplitData
from .pricing import cost_note
from .stats import Mode, SplitStats, Stat
from .uncertainty import rank_ranges, reaches_frontier

ViewKind = Literal["overall", "category", "benchmark"]
COMPONENT_FIELDS = ("score", "score_ci", "cost", "cost_ci")
OBJECT_COLUMNS = ("attempted", "near_frontier", "cost_note")  # text, or True / False / None


@dataclass(frozen=True)
class View:
    kind: ViewKind
    key: str  # "overall", a category tag, or a benchmark display name
    title: str
    components: tuple[str, ...]  # category tags (overall view) or benchmark names (category view)

    def component_title(self, component: str) -> str:
        return names.category_display_name(component) if self.kind == "overall" else component

    def __deepcopy__(self, memo: dict) -> View:
        # Immutable. A view table carries its View in `attrs`, which pandas deep-copies on every
        # column access: copying it would cost more than most table operations.
        return self


def available_views(stats: SplitStats) -> list[View]:
    """Overall, then each category followed by its benchmarks, in display order."""
    views = [View("overall", "overall", "Overall", stats.tags)]
    for tag in stats.tags:
        tasks = stats.tasks_in(tag)
        views.append(View("category", tag, names.category_display_name(tag), tasks))
        views.extend(View("benchmark", t, t, ()) for t in tasks)
    listed = {v.key for v in views}
    views.extend(View("benchmark", t, t, ()) for t in stats.tasks if t not in listed)
    return views


def view_tasks(stats: SplitStats, view: View) -> tuple[str, ...]:
    """The benchmarks whose results make up a view's numbers."""
    if view.kind == "overall":
        return tuple(stats.tasks)
    if view.kind == "category":
        return stats.tasks_in(view.key)
    return (view.key,)


class UnknownView(ValueError):
    pass


def resolve_view(stats: SplitStats, text: str) -> View:
    """Accepts 'overall', a tag ('lit'), a category or benchmark display name, or any task spelling."""
    wanted = text.strip().lower()
    views = available_views(stats)
    for view in views:
        if wanted in (view.key.lower(), view.title.lower()):
            return view
    key = names.task_display_name(text.strip())
    for view in views:
        if view.kind == "benchmark" and view.key == key:
            return view
    choices = ", ".join(v.key for v in views)
    raise UnknownView(f"unknown view '{text}'; choose one of: {choices}")


def _view_stat(stats: SplitStats, view: View, mode: Mode) -> Stat:
    if view.kind == "overall":
        return stats.overall(mode)
    if view.kind == "category":
        return stats.tag(view.key, mode)
    return stats.task(view.key)


def _component_stat(stats: SplitStats, view: View, component: str, mode: Mode) -> Stat:
    return stats.tag(component, mode) if view.kind == "overall" else stats.task(component)


def display_names(data: SplitData) -> list[str]:
    """Agent names with ` (2)`, ` (3)` ... for later rows sharing name, submitter and models."""
    return data.derived("display_names", lambda: _display_names(data.rows))


def _display_names(rows: list) -> list[str]:
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[(row.agent_name, row.submitter, tuple(sorted(row.models)))].append(i)
    result = [row.agent_name for row in rows]
    far_future = pd.Timestamp.max.tz_localize("UTC")
    for members in groups.values():
        members.sort(key=lambda i: (rows[i].submit_time or far_future, rows[i].id))
        for n, i in enumerate(members[1:], start=2):
            result[i] = f"{rows[i].agent_name} ({n})"
    return result


def agent_label(agent: str, models: tuple[str, ...]) -> str:
    """Agent with its main model, e.g. "ReAct (gpt-5-mini)"; "+N" counts further models. A name
    that already ends with that note (an agent named "ReAct (gpt-5)") is not given it twice."""
    if not models:
        return agent
    more = f" +{len(models) - 1}" if len(models) > 1 else ""
    note = f"({names.model_display_name(models[0])}{more})"
    if agent.casefold().endswith(" " + note.casefold()):
        return agent
    return f"{agent} {note}"


def frontier_columns(score: np.ndarray, cost: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(on the frontier, label of the frontier row that beats it or None) for a set of rows."""
    frontier = pareto_frontier(score, cost)
    beaten_by = dominating_frontier_row(score, cost, frontier)
    return frontier, np.where(beaten_by >= 0, labels[np.maximum(beaten_by, 0)], None)


def place_columns(
    score: np.ndarray, score_ci: np.ndarray, cost: np.ndarray, cost_ci: np.ndarray, labels: np.ndarray
) -> dict[str, np.ndarray]:
    """Everything about a row's place among a set of rows: frontier, the frontier row beating
    it, its rank range and whether its 95% box reaches the frontier (`abl.uncertainty`)."""
    frontier, dominated_by = frontier_columns(score, cost, labels)
    best, worst = rank_ranges(score, score_ci)
    return {
        "frontier": frontier,
        "dominated_by": dominated_by,
        "rank_best": best,
        "rank_worst": worst,
        "near_frontier": reaches_frontier(score, score_ci, cost, cost_ci, frontier),
    }


def unique_labels(labels: list[str], submitters: list[str], ids: list[str]) -> list[str]:
    """Labels name rows in plots, comparisons and frontier sentences, so they must differ:
    a shared label gets the submitter, and if that is not enough, the row id."""
    out = list(labels)
    for extra in (submitters, ids):
        counts: dict[str, int] = defaultdict(int)
        for label in out:
            counts[label] += 1
        out = [f"{label} · {e}" if counts[label] > 1 and e else label for label, e in zip(out, extra)]
    return out


def _rank_order(score: np.ndarray, cost: np.ndarray, agent: np.ndarray) -> np.ndarray:
    """Best score first; ties by lower cost; unknowns last; then by name."""
    return np.lexsort((agent, cost, -score))  # NaN sorts last in each key


def view_table(
    data: SplitData, view: View | str, mode: Mode | str = Mode.LEADERBOARD, internal: bool = False
) -> pd.DataFrame:
    """The ranked table of one view (cached on `data`; treat the result as read-only)."""
    stats = data.stats
    view = resolve_view(stats, view) if isinstance(view, str) else view
    mode = Mode(mode)
    return data.derived(("view", view, mode, internal), lambda: _build_view_table(data, stats, view, mode, internal))


def _row_metadata(data: SplitData, internal: bool) -> pd.DataFrame:
    """Per-row text columns shared by every view of the split, built once."""
    return data.derived(("metadata", internal), lambda: _build_row_metadata(data, internal))


def _build_row_metadata(data: SplitData, internal: bool) -> pd.DataFrame:
    rows = data.rows
    agent = display_names(data)
    submit_time = pd.to_datetime([r.submit_time for r in rows], utc=True)
    return pd.DataFrame(
        {
            "id": [r.id for r in rows],
            "agent": agent,
            "label": unique_labels(
                [agent_label(a, r.models) for a, r in zip(agent, rows)],
                [r.submitter for r in rows],
                [r.id for r in rows],
            ),
            "agent_name": [r.agent_name for r in rows],
            "submitter": [r.submitter for r in rows],
            "models": [[names.model_display_name(m) for m in r.models] for r in rows],
            "openness": [r.openness for r in rows],
            "tooling": [r.tooling for r in rows],
            "submit_time": submit_time,
            "date": submit_time.strftime("%Y-%m-%d"),
            "description": [r.description for r in rows],
            "source_url": [r.source_url for r in rows],
            "agent_url": [r.agent_url for r in rows],
            "logs_url": [(r.logs_url if internal else r.logs_url_public) for r in rows],
        }
    )


def _build_view_table(data: SplitData, stats: SplitStats, view: View, mode: Mode, internal: bool) -> pd.DataFrame:
    main = _view_stat(stats, view, mode)
    if view.kind == "overall":
        members = np.arange(len(data.rows))
        attempted, total = stats.coverage(None)
    elif view.kind == "category":
        attempted, total = stats.coverage(view.key)
        members = np.flatnonzero(attempted > 0)
    else:
        attempted = (~np.isnan(main.score)).astype(int)
        total = np.ones(len(data.rows), dtype=int)
        members = np.flatnonzero(attempted > 0)

    meta = _row_metadata(data, internal)
    tasks = view_tasks(stats, view)
    score, cost = main.score[members], main.cost[members]
    score_ci, cost_ci = main.score_ci[members], main.cost_ci[members]
    numbers = {
        "score": score,
        "score_ci": score_ci,
        "cost": cost,
        "cost_ci": cost_ci,
        **place_columns(score, score_ci, cost, cost_ci, meta["label"].to_numpy()[members]),
        "attempted": [f"{a}/{t}" for a, t in zip(attempted[members], total[members])],
        "cost_note": [cost_note(data.rows[i].kept_costs, tasks) for i in members],
        "attempted_count": attempted[members],
        "attempted_total": total[members],
    }
    for component in view.components:
        part = _component_stat(stats, view, component, mode)
        title = view.component_title(component)
        numbers[f"{title} score"] = part.score[members]
        numbers[f"{title} score_ci"] = part.score_ci[members]
        numbers[f"{title} cost"] = part.cost[members]
        numbers[f"{title} cost_ci"] = part.cost_ci[members]
        if view.kind == "overall":  # how much of each category a row ran (paper mode may leave it unscored)
            numbers[f"{title} attempted"] = stats.coverage(component)[0][members]
    order = _rank_order(score, cost, meta["agent"].to_numpy()[members].astype(str))
    frame = pd.concat(
        [
            meta.iloc[members[order]].reset_index(drop=True),
            pd.DataFrame(
                {k: np.asarray(v, dtype=object if k in OBJECT_COLUMNS else None)[order] for k, v in numbers.items()}
            ),
        ],
        axis=1,
    )
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    frame.attrs["view"] = view
    frame.attrs["mode"] = mode.value
    return frame


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _text(value: Any) -> str | None:
    """pandas stores a missing string as NaN; JSON wants null."""
    return value if isinstance(value, str) and value else None


def to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: fractions and USD at full precision, null when unknown."""
    view: View = frame.attrs["view"]
    records = []
    for rec in frame.to_dict("records"):
        components = {
            view.component_title(c): {f: _number(rec[f"{view.component_title(c)} {f}"]) for f in COMPONENT_FIELDS}
            for c in view.components
        }
        records.append(
            {
                "rank": int(rec["rank"]),
                "id": rec["id"],
                "agent": rec["agent"],
                "label": rec["label"],
                "submitter": _text(rec["submitter"]),
                "models": list(rec["models"]),
                "openness": rec["openness"],
                "tooling": rec["tooling"],
                "date": _text(rec["date"]),
                "score": _number(rec["score"]),
                "cost": _number(rec["cost"]),
                "score_ci": _number(rec["score_ci"]),
                "cost_ci": _number(rec["cost_ci"]),
                "frontier": bool(rec["frontier"]),
                "dominated_by": _text(rec["dominated_by"]),
                "rank_range": [int(rec["rank_best"]), int(rec["rank_worst"])] if rec["rank_best"] else None,
                "within_frontier_uncertainty": rec["near_frontier"],
                "cost_note": _text(rec["cost_note"]),
                "attempted": rec["attempted"],
                "source_url": _text(rec["source_url"]),
                "logs_url": _text(rec["logs_url"]),
                "components": components,
            }
        )
    return records


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """Spreadsheets run a cell that starts like a formula; dataset text must not."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Flat export: list columns joined, internal-only columns dropped, text made inert."""
    out = frame.drop(columns=["submit_time", "attempted_count", "attempted_total", "agent_name"])
    out["near_frontier"] = out["near_frontier"].map({True: "yes", False: "no"})
    out["models"] = out["models"].map("; ".join)
    for column in out.columns:
        if out[column].dtype == object or out[column].dtype == "str":
            out[column] = out[column].map(_inert)
    return out
