"""What a cost-vs-score Pareto plot draws, as plain data: positions, styles and hover text.

x = mean cost per problem (USD), y = score (%); colour = openness, marker = tooling; the
frontier is a step line through the frontier points only. Agents whose cost is unknown sit in a
strip of their own, right of a labelled divider: the cost axis has no ticks there, and their
left-right spread comes from their ids, so it suggests no order. They are never joined to the
frontier. Cost ticks are dollar amounts ($0.01, $0.10, $1), at least two. Hover text is
formatted here, from full-precision columns.

Both renderers draw from `PlotData`: the HoloViews plot of notebooks (`abl.plots`) and the
site's live Bokeh figure (`components.pareto_plot`). Nothing here imports a plotting library.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .explore import best_within_budget
from .names import OPENNESS, TOOLING, UNKNOWN

OPENNESS_COLORS = dict(zip((*OPENNESS, UNKNOWN), ("#009E73", "#0072B2", "#E69F00", "#CC79A7", "#8C8C8C")))
TOOLING_MARKERS = dict(zip((*TOOLING, UNKNOWN), ("circle", "diamond", "star", "square")))
TOOLING_GLYPHS = dict(zip((*TOOLING, UNKNOWN), ("●", "◆", "★", "■")))  # the same shapes as text
TOOLING_SIZES = dict(zip((*TOOLING, UNKNOWN), (10, 13, 15, 10)))  # equal visual weight per shape
FRONTIER_COLOR = "#D55E00"
PUBLISHED_FRONTIER_COLOR = "#7f7f7f"  # the frontier at published prices, under the reader's own

HOVER = [
    ("Agent", "@agent"),
    ("Submitter", "@submitter"),
    ("Models", "@models_text"),
    ("Score", "@score_text"),
    ("Cost", "@cost_text"),
    ("Openness", "@openness"),
    ("Tooling", "@tooling"),
    ("Date", "@date_text"),
    ("Frontier", "@frontier_text"),
]
HOVER_TEXT = [field.lstrip("@") for _, field in HOVER]
POINT_COLUMNS = ["x", "y", "id", *HOVER_TEXT, "color", "marker", "size", "alpha", "outline", "outline_width"]


def format_score(score: float, ci: float | None = None) -> str:
    if score is None or pd.isna(score):
        return "no score"
    text = f"{score * 100:.1f}%"
    return f"{text} ± {ci * 100:.1f}" if ci is not None and not pd.isna(ci) else text


def format_cost(cost: float, ci: float | None = None) -> str:
    """$1.23, $0.123, and two significant digits below $0.001 ($0.00042): an amount or an
    interval is never shown as 0.000 when it is not zero."""
    if cost is None or pd.isna(cost):
        return "unknown"
    text = "$0" if cost == 0 else f"${cost:.{_cost_digits(cost)}f}"
    if ci is None or pd.isna(ci):
        return text
    digits = max(_cost_digits(cost) if cost else 3, _cost_digits(ci) if 0 < abs(ci) < 0.001 else 0)
    return f"{text} ± {ci:.{digits}f}"


def best_within_text(budget: float) -> str:
    """The mark of the best agent within a budget, in plots and tables alike."""
    return f"best within ${budget:g}"


def _cost_digits(amount: float) -> int:
    """Decimals for a dollar amount: 2 from $1, 3 below, two significant digits below $0.001."""
    if abs(amount) >= 1:
        return 2
    if abs(amount) >= 0.001:
        return 3
    return 1 - int(np.floor(np.log10(abs(amount))))


def _strip_offsets(ids: Iterable[str]) -> np.ndarray:
    """A spread in [-1, 1] per agent that depends only on its id: no order of score or name."""
    return np.array([zlib.crc32(str(i).encode()) / 0xFFFFFFFF * 2 - 1 for i in ids], dtype=float)


def _positions(
    cost: np.ndarray, ids: pd.Series, log_x: bool, also: np.ndarray | None = None
) -> tuple[np.ndarray, float | None, tuple[float, float]]:
    """x for every row, the divider's x (None when every cost is known), and the x range.

    Unknown costs go into the strip right of the divider. On a log axis a cost of 0 is drawn at
    half the smallest positive cost. `also`: known costs drawn otherwise (a second frontier) that
    the axis must cover too.
    """
    known = np.isfinite(cost)
    every = np.concatenate([cost[known], [] if also is None else also[np.isfinite(also)]])
    positive = every[every > 0]
    floor = positive.min() / 2 if positive.size else 0.01
    x = np.where(known & (cost <= 0), floor, cost) if log_x else cost.copy()
    axis = np.where(every <= 0, floor, every) if log_x else every
    top = float(axis.max()) if axis.size else 1.0
    low = float(axis.min()) if axis.size else (floor if log_x else 0.0)
    unknown = ~known
    spread = _strip_offsets(ids[unknown])
    if log_x:
        divider = top * 2.0
        x[unknown] = top * 4.0 * (1.5**spread)
        xrange = (low / 1.6, top * (8.0 if unknown.any() else 1.6))
    else:
        pad = top * 0.08 or 0.1
        divider = top + pad
        x[unknown] = top + 3 * pad + 1.4 * pad * spread
        xrange = (min(0.0, low), top + (5 if unknown.any() else 1) * pad)
    return x, (divider if unknown.any() else None), xrange


_STEPS = (1.0, 2.0, 5.0)


def cost_ticks(low: float, high: float, log_x: bool) -> tuple[list[float], list[float]]:
    """Major and minor cost ticks between `low` and `high` (the known costs' part of the axis):
    round dollar amounts, at least two major ones."""
    if not high > low:
        high = low * 10 if log_x and low > 0 else low + 1
    if log_x:
        low = max(low, 1e-9)
        for steps in ((1.0,), (1.0, 2.0, 5.0), (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)):
            major = _log_ticks(low, high, steps)
            if len(major) >= 2:
                break
        minor = [t for t in _log_ticks(low, high, tuple(range(1, 10))) if t not in major]
        return major, minor
    span = high - min(low, 0.0)
    for scale in 10.0 ** np.arange(np.floor(np.log10(span)) + 1, np.floor(np.log10(span)) - 3, -1):
        for step in sorted((scale * f for f in _STEPS), reverse=True):
            start = np.ceil(min(low, 0.0) / step) * step
            major = [float(round(t, 12)) for t in np.arange(start, high + step * 1e-9, step)]
            if len(major) >= 3:
                return major, []
    return [min(low, 0.0), high], []


def _log_ticks(low: float, high: float, steps: tuple[float, ...]) -> list[float]:
    ticks = []
    for decade in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1):
        for step in steps:
            tick = float(f"{step * 10.0**decade:.12g}")
            if low <= tick <= high:
                ticks.append(tick)
    return ticks


def dollars(tick: float) -> str:
    """A cost tick as a reader writes it: $0.001, $0.01, $0.10, $0.25, $1, $2.50, $10."""
    if tick == 0:
        return "$0"
    if tick >= 1 and tick == int(tick):
        return f"${int(tick):,}"
    digits = max(2, -int(np.floor(np.log10(abs(tick)))))
    text = f"{tick:.{digits + 2}f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"${tick:.{max(2, decimals)}f}"


def plot_frame(
    frame: pd.DataFrame, log_x: bool = False, budget: float | None = None, also: np.ndarray | None = None
) -> pd.DataFrame:
    """One row per scored agent: position, display text and styling (`also`: see `_positions`)."""
    scored = frame[frame["score"].notna()].reset_index(drop=True)
    cost = scored["cost"].to_numpy(dtype=float)
    x, divider, xrange = _positions(cost, scored["id"], log_x, also)
    within = np.ones(len(scored), dtype=bool) if budget is None else (cost <= budget)
    out = pd.DataFrame(
        {
            "x": x,
            "y": scored["score"].to_numpy(dtype=float) * 100,
            "id": scored["id"],
            "agent": scored["label"],
            "submitter": scored["submitter"].fillna(""),
            "models_text": scored["models"].map(lambda ms: ", ".join(ms) if len(ms) else "not disclosed"),
            "score_text": [format_score(s, c) for s, c in zip(scored["score"], scored["score_ci"])],
            "cost_text": [format_cost(c, e) for c, e in zip(scored["cost"], scored["cost_ci"])],
            "openness": scored["openness"],
            "tooling": scored["tooling"],
            "date_text": scored["date"].fillna("unknown"),
            "frontier_text": np.where(
                scored["frontier"], "on the frontier", "beaten by " + scored["dominated_by"].fillna("—").astype(str)
            ),
            "frontier": scored["frontier"].to_numpy(dtype=bool),
            "in_budget": within,
            "color": scored["openness"].map(OPENNESS_COLORS).fillna(OPENNESS_COLORS[UNKNOWN]),
            "marker": scored["tooling"].map(TOOLING_MARKERS).fillna("square"),
            "size": scored["tooling"].map(TOOLING_SIZES).fillna(10).astype(float),
            "alpha": np.where(within, 0.95, 0.18),
            # Frontier agents are outlined in the frontier's colour: a frontier of one agent has no
            # line to draw, but its mark still shows.
            "outline": np.where(scored["frontier"], FRONTIER_COLOR, "white"),
            "outline_width": np.where(scored["frontier"], 2.0, 0.8),
            "yerr": scored["score_ci"].to_numpy(dtype=float) * 100,  # error bars: 95% half-widths
            "xerr": scored["cost_ci"].to_numpy(dtype=float),
        }
    )
    out["cost_known"] = np.isfinite(cost)
    out.loc[~out["cost_known"], "frontier_text"] = "cost unknown: not placed on the frontier"
    # Plain object arrays: plotting libraries walk text columns element by element, which is
    # an order of magnitude slower over pandas' Arrow-backed strings.
    text = [c for c in out.columns if out[c].dtype == "str" or out[c].dtype == object]
    out = out.astype({c: object for c in text})
    out.attrs.update(divider=divider, xrange=xrange)
    return out


@dataclass(frozen=True)
class PlotData:
    """Everything one Pareto plot draws, from one view table, axis type, CI switch and budget."""

    points: pd.DataFrame  # `plot_frame`
    frontier: pd.DataFrame  # x, y of the frontier points, by cost
    score_ci: pd.DataFrame  # x, y, lower, upper: vertical 95% intervals
    cost_ci: pd.DataFrame  # x, y, left, right: horizontal 95% intervals
    divider: float | None  # left edge of the "cost unknown" zone
    xrange: tuple[float, float]
    ticks: tuple[list[float], list[float]]  # major and minor cost ticks, left of the divider only
    ymax: float
    budget: float | None
    log_x: bool
    best: pd.Series | None = None  # the point of the best agent within the budget
    published_frontier: pd.DataFrame | None = None  # x, y of the frontier at published prices (repriced plots)

    def columns(self, names: Iterable[str] = POINT_COLUMNS) -> dict[str, list]:
        """The points as plain columns (lists), as a data source takes them."""
        return {name: self.points[name].tolist() for name in names}

    def ring(self, selected: Iterable[str]) -> pd.DataFrame:
        """x, y of the selected agents' points."""
        return self.points.loc[self.points["id"].isin(set(selected)), ["x", "y", "agent"]]


def plot_data(
    frame: pd.DataFrame,
    *,
    log_x: bool = False,
    show_ci: bool = False,
    budget: float | None = None,
    published: pd.DataFrame | None = None,
) -> PlotData:
    """`published`: the same view at published prices, when `frame` is repriced: its frontier is
    drawn too, so the reader sees what their prices changed."""
    published_front = None if published is None else published[published["frontier"].astype(bool)].sort_values("cost")
    points = plot_frame(
        frame, log_x=log_x, budget=budget, also=None if published_front is None else published_front["cost"].to_numpy()
    )
    ymax = min(100.0, float(points["y"].max()) * 1.12 + 3) if len(points) else 100.0
    with_ci = points if show_ci else points.iloc[:0]
    score_ci = with_ci[np.isfinite(with_ci["yerr"])]
    cost_ci = with_ci[np.isfinite(with_ci["xerr"]) & with_ci["cost_known"]]
    xrange = points.attrs["xrange"]
    divider = points.attrs["divider"]
    # Ticks run to the edge of the known costs' part of the axis, never into the strip.
    ticks = cost_ticks(xrange[0], divider if divider is not None else xrange[1], log_x)
    # A log axis cannot show an interval reaching 0 or below: it is cut at the axis' start.
    left = cost_ci["x"] - cost_ci["xerr"]
    left = left.clip(lower=xrange[0]) if log_x else left
    return PlotData(
        points=points,
        frontier=points.loc[points["frontier"], ["x", "y"]].sort_values("x").reset_index(drop=True),
        score_ci=pd.DataFrame(
            {
                "x": score_ci["x"],
                "y": score_ci["y"],
                "lower": score_ci["y"] - score_ci["yerr"],
                "upper": score_ci["y"] + score_ci["yerr"],
            }
        ).reset_index(drop=True),
        cost_ci=pd.DataFrame(
            {"x": cost_ci["x"], "y": cost_ci["y"], "left": left, "right": cost_ci["x"] + cost_ci["xerr"]}
        ).reset_index(drop=True),
        divider=divider,
        xrange=xrange,
        ticks=ticks,
        ymax=ymax,
        budget=budget,
        log_x=log_x,
        best=_best_point(frame, points, budget),
        published_frontier=None if published_front is None else _frontier_line(published_front, xrange, log_x),
    )


def _frontier_line(front: pd.DataFrame, xrange: tuple[float, float], log_x: bool) -> pd.DataFrame:
    """x, y of frontier rows; on a log axis a cost of 0 sits at half the smallest cost shown, as
    the points' zero costs do (the axis starts at that over 1.6)."""
    cost = front["cost"].to_numpy(dtype=float)
    if log_x:
        cost = np.where(cost > 0, cost, xrange[0] * 1.6)
    return pd.DataFrame({"x": cost, "y": front["score"].to_numpy(dtype=float) * 100})


def _best_point(frame: pd.DataFrame, points: pd.DataFrame, budget: float | None) -> pd.Series | None:
    """The point of the best agent within the budget (`abl.explore.best_within_budget`)."""
    best = best_within_budget(frame, budget)
    if best is None:
        return None
    return points.loc[points["id"] == best["id"]].iloc[0]
