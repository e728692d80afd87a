"""HoloViews cost-vs-score Pareto plots of view tables (render in notebooks and on the site).

x = mean cost per problem (USD), y = score (%); colour = openness, marker = tooling; the
frontier is a step line through the frontier points only. Agents whose cost is unknown sit
apart, right of a labelled divider, and are never joined to the frontier. Text shown on
hover is formatted here, from full-precision columns; Bokeh escapes tooltip values, so
agent names are shown as text.
"""

from __future__ import annotations

from collections.abc import Iterable

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers Bokeh options without a notebook)
import numpy as np
import pandas as pd

from .names import OPENNESS, TOOLING, UNKNOWN

OPENNESS_COLORS = dict(zip((*OPENNESS, UNKNOWN), ("#009E73", "#0072B2", "#E69F00", "#CC79A7", "#8C8C8C")))
TOOLING_MARKERS = dict(zip((*TOOLING, UNKNOWN), ("circle", "diamond", "star", "square")))
TOOLING_GLYPHS = dict(zip((*TOOLING, UNKNOWN), ("●", "◆", "★", "■")))  # the same shapes as text
TOOLING_SIZES = dict(zip((*TOOLING, UNKNOWN), (10, 13, 15, 10)))  # equal visual weight per shape
FRONTIER_COLOR = "#D55E00"

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


def format_score(score: float, ci: float | None = None) -> str:
    if score is None or pd.isna(score):
        return "no score"
    text = f"{score * 100:.1f}%"
    return f"{text} ± {ci * 100:.1f}" if ci is not None and not pd.isna(ci) else text


def format_cost(cost: float, ci: float | None = None) -> str:
    if cost is None or pd.isna(cost):
        return "unknown"
    digits = 3 if abs(cost) < 1 else 2
    text = f"${cost:.{digits}f}"
    return f"{text} ± {ci:.{digits}f}" if ci is not None and not pd.isna(ci) else text


def _positions(cost: np.ndarray, log_x: bool) -> tuple[np.ndarray, float | None, tuple[float, float]]:
    """x for every row, the divider's x (None when every cost is known), and the x range.

    Unknown costs go right of the divider, spread a little so they do not hide each other.
    On a log axis a cost of 0 is drawn at half the smallest positive cost.
    """
    known = np.isfinite(cost)
    positive = cost[known & (cost > 0)]
    floor = positive.min() / 2 if positive.size else 0.01
    x = np.where(known & (cost <= 0), floor, cost) if log_x else cost.copy()
    top = float(x[known].max()) if known.any() else 1.0
    low = float(x[known].min()) if known.any() else (floor if log_x else 0.0)
    unknown = ~known
    spread = np.linspace(-1, 1, unknown.sum()) if unknown.sum() > 1 else np.zeros(unknown.sum())
    if log_x:
        divider = top * 2.0
        x[unknown] = top * 4.0 * (1.6 ** spread)
        xrange = (low / 1.6, top * (8.0 if unknown.any() else 1.6))
    else:
        pad = top * 0.08 or 0.1
        divider = top + pad
        x[unknown] = top + 3 * pad + pad * spread
        xrange = (min(0.0, low), top + (5 if unknown.any() else 1) * pad)
    return x, (divider if unknown.any() else None), xrange


def plot_frame(frame: pd.DataFrame, log_x: bool = False, budget: float | None = None) -> pd.DataFrame:
    """The columns a plot needs: positions, display text, styling keys."""
    scored = frame[frame["score"].notna()].reset_index(drop=True)
    cost = scored["cost"].to_numpy(dtype=float)
    x, divider, xrange = _positions(cost, log_x)
    within = np.ones(len(scored), dtype=bool) if budget is None else (cost <= budget)
    out = pd.DataFrame({
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
        "frontier_text": np.where(scored["frontier"], "on the frontier",
                                  "beaten by " + scored["dominated_by"].fillna("—").astype(str)),
        "frontier": scored["frontier"].to_numpy(dtype=bool),
        "in_budget": within,
        # Styles as plain columns: mapping them in HoloViews per update costs more than this.
        "color": scored["openness"].map(OPENNESS_COLORS).fillna(OPENNESS_COLORS[UNKNOWN]),
        "marker": scored["tooling"].map(TOOLING_MARKERS).fillna("square"),
        "size": scored["tooling"].map(TOOLING_SIZES).fillna(10).astype(float),
        "alpha": np.where(within, 0.95, 0.18),
        "yerr": scored["score_ci"].to_numpy(dtype=float) * 100,  # error bars: 95% half-widths
        "xerr": scored["cost_ci"].to_numpy(dtype=float),
    })
    out["cost_known"] = np.isfinite(cost)
    out.loc[~out["cost_known"], "frontier_text"] = "cost unknown: not placed on the frontier"
    # Plain object arrays: HoloViews and Bokeh walk text columns element by element, which
    # is an order of magnitude slower over pandas' Arrow-backed strings.
    text = [c for c in out.columns if out[c].dtype == "str" or out[c].dtype == object]
    out = out.astype({c: object for c in text})
    out.attrs.update(divider=divider, xrange=xrange)
    return out


def legend_items() -> list[hv.Element]:
    """Invisible one-point elements that give the legend an entry per openness colour and
    tooling marker (Bokeh draws no legend glyph for an empty data source; NaN is not drawn)."""
    nowhere = [(np.nan, np.nan)]
    items: list[hv.Element] = [
        hv.Points(nowhere, label=name).opts(color=color, marker="circle", size=9)
        for name, color in OPENNESS_COLORS.items() if name != UNKNOWN
    ]
    items += [
        hv.Points(nowhere, label=f"Tooling: {name}").opts(color="#555555", marker=TOOLING_MARKERS[name], size=9)
        for name in TOOLING
    ]
    return items


LAYERS = ("unknown_zone", "frontier", "score_ci", "cost_ci", "divider_label", "budget", "points", "selected")
CI_LAYERS = ("score_ci", "cost_ci")
HOVER_TEXT = ["agent", "submitter", "models_text", "score_text", "cost_text", "openness", "tooling", "date_text",
              "frontier_text"]
POINT_VDIMS = ["id", *HOVER_TEXT, "color", "marker", "size", "alpha"]
# Text columns only feed the hover; a preset range spares HoloViews scanning them on every update.
_TEXT_RANGES = {name: ("", "~") for name in ["id", *HOVER_TEXT, "color", "marker"]}


def pareto_layers(frame: pd.DataFrame, *, log_x: bool = False, show_ci: bool = False,
                  selected: Iterable[str] = (), budget: float | None = None) -> dict[str, hv.Element]:
    """The plot's layers, one per name in `LAYERS`, always all present (empty when unused), so
    that a live plot can update each in place instead of being redrawn."""
    data = plot_frame(frame, log_x=log_x, budget=budget)
    divider, xrange = data.attrs["divider"], data.attrs["xrange"]
    ymax = min(100.0, float(data["y"].max()) * 1.12 + 3) if len(data) else 100.0
    wanted = set(selected)
    points = hv.Points(data, ["x", "y"], POINT_VDIMS, label="Agents").redim.range(
        x=xrange, y=(0, ymax), size=(0, 20), alpha=(0, 1), **_TEXT_RANGES).opts(
        color="color", marker="marker", alpha="alpha", size="size",
        line_color="white", line_width=0.8, tools=["hover", "tap", "box_select"], hover_tooltips=HOVER,
        # The ring layer shows the selection, which can also come from tables; Bokeh's own
        # selection styling would disagree with it, so it draws points unchanged.
        nonselection_alpha="alpha", selection_alpha="alpha", show_legend=False,
    )
    ci = data[np.isfinite(data["yerr"])] if show_ci else data.iloc[:0]
    cost_ci = data[np.isfinite(data["xerr"]) & data["cost_known"]] if show_ci else data.iloc[:0]
    span = [(divider, 0, xrange[1], ymax)] if divider is not None else []
    grey = dict(color="#666666", line_width=1, alpha=0.7)
    return {
        # The zone's dotted left edge is the divider.
        "unknown_zone": hv.Rectangles(span).opts(fill_color="#8c8c8c", fill_alpha=0.08, line_color="#888888",
                                                 line_dash="dotted", line_width=1.5),
        "frontier": hv.Curve(data[data["frontier"]].sort_values("x"), "x", "y", label="Pareto frontier").opts(
            interpolation="steps-post", color=FRONTIER_COLOR, line_width=2, line_dash="dashed"),
        "score_ci": hv.ErrorBars(ci, "x", ["y", "yerr"]).opts(**grey),
        "cost_ci": hv.ErrorBars(cost_ci, "x", ["y", "xerr"], horizontal=True).opts(**grey),
        "divider_label": hv.Labels([(divider, ymax, " cost unknown →")] if divider is not None else [],
                                   ["x", "y"], "text").opts(text_align="left", text_baseline="top",
                                                             text_font_size="9pt", text_color="#666666"),
        "budget": hv.Segments([(budget, 0, budget, ymax)] if budget is not None else []).opts(
            color="#444444", line_width=1.5, line_dash="dashdot"),
        "points": points,
        "selected": hv.Points(data[data["id"].isin(wanted)], ["x", "y"], ["agent"], label="Selected").opts(
            marker="circle", size=24, fill_alpha=0, line_color="#111111", line_width=2.5, show_legend=False),
    }


def plot_options(title: str, log_x: bool, height: int = 420, responsive: bool = True, legend: bool = True) -> dict:
    return dict(title=title, xlabel="Mean cost per problem (USD)" + (" — log scale" if log_x else ""),
                ylabel="Score (%)", logx=log_x, height=height, responsive=responsive, show_legend=legend,
                legend_position="right", legend_cols=1, show_grid=True, toolbar="above", active_tools=["tap"])


def pareto_plot(frame: pd.DataFrame, *, title: str = "", log_x: bool = False, show_ci: bool = False,
                selected: Iterable[str] = (), budget: float | None = None,
                height: int = 420, responsive: bool = True) -> hv.Overlay:
    """The cost-vs-score plot of a view table (as returned by `abl.summary.view_table`)."""
    layers = pareto_layers(frame, log_x=log_x, show_ci=show_ci, selected=selected, budget=budget)
    overlay = hv.Overlay([layers[name] for name in LAYERS] + legend_items())
    return overlay.opts(**plot_options(title, log_x, height, responsive))
