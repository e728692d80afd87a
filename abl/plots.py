"""HoloViews Pareto plots of view tables, for notebooks (`Leaderboard.plot`).

They draw `abl.plot_data.PlotData`, as the site's live Bokeh figure does: the same positions,
styles, frontier and hover text. Bokeh escapes tooltip values, so agent names are shown as text.
"""

from __future__ import annotations

from collections.abc import Iterable

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers Bokeh options without a notebook)
import numpy as np
import pandas as pd

from .names import TOOLING, UNKNOWN
from .plot_data import (
    FRONTIER_COLOR,
    HOVER,
    HOVER_TEXT,
    OPENNESS_COLORS,
    PUBLISHED_FRONTIER_COLOR,
    TOOLING_MARKERS,
    PlotData,
    dollars,
    plot_data,
)

LAYERS = (
    "unknown_zone",
    "published_frontier",
    "frontier",
    "score_ci",
    "cost_ci",
    "divider_label",
    "budget",
    "points",
    "selected",
)
POINT_VDIMS = ["id", *HOVER_TEXT, "color", "marker", "size", "alpha", "outline", "outline_width"]
# Text columns only feed the hover; a preset range spares HoloViews scanning them.
_TEXT_RANGES = {name: ("", "~") for name in ["id", *HOVER_TEXT, "color", "marker", "outline"]}
_GREY = dict(color="#666666", line_width=1, alpha=0.7)


def legend_items() -> list[hv.Element]:
    """Invisible one-point elements that give the legend an entry per openness colour and
    tooling marker (Bokeh draws no legend glyph for an empty data source; NaN is not drawn)."""
    nowhere = [(np.nan, np.nan)]
    items: list[hv.Element] = [
        hv.Points(nowhere, label=name).opts(color=color, marker="circle", size=9)
        for name, color in OPENNESS_COLORS.items()
        if name != UNKNOWN
    ]
    items += [
        hv.Points(nowhere, label=f"Tooling: {name}").opts(color="#555555", marker=TOOLING_MARKERS[name], size=9)
        for name in TOOLING
    ]
    return items


def layers_of(data: PlotData, selected: Iterable[str] = ()) -> dict[str, hv.Element]:
    """The plot's layers, one per name in `LAYERS` (empty when unused)."""
    divider, xrange, ymax, budget = data.divider, data.xrange, data.ymax, data.budget
    points = (
        hv.Points(data.points, ["x", "y"], POINT_VDIMS, label="Agents")
        .redim.range(x=xrange, y=(0, ymax), size=(0, 20), alpha=(0, 1), outline_width=(0, 3), **_TEXT_RANGES)
        .opts(
            color="color",
            marker="marker",
            alpha="alpha",
            size="size",
            line_color="outline",
            line_width="outline_width",
            tools=["hover", "tap", "box_select"],
            hover_tooltips=HOVER,
            nonselection_alpha="alpha",
            selection_alpha="alpha",
            show_legend=False,
        )
    )
    span = [(divider, 0, xrange[1], ymax)] if divider is not None else []
    ring = data.ring(selected)
    return {
        "unknown_zone": hv.Rectangles(span).opts(
            fill_color="#8c8c8c", fill_alpha=0.08, line_color="#888888", line_dash="dotted", line_width=1.5
        ),
        "frontier": hv.Curve(data.frontier, "x", "y", label="Pareto frontier").opts(
            interpolation="steps-post", color=FRONTIER_COLOR, line_width=2, line_dash="dashed"
        ),
        "published_frontier": hv.Curve(
            data.published_frontier if data.published_frontier is not None else [],
            "x",
            "y",
            label="Frontier at published prices",
        ).opts(interpolation="steps-post", color=PUBLISHED_FRONTIER_COLOR, line_width=2, line_dash="dotted"),
        "score_ci": hv.Segments(data.score_ci, ["x", "lower", "x", "upper"]).opts(**_GREY),
        "cost_ci": hv.Segments(data.cost_ci, ["left", "y", "right", "y"]).opts(**_GREY),
        "divider_label": hv.Labels(
            [(divider, ymax, " cost\n unknown")] if divider is not None else [], ["x", "y"], "text"
        ).opts(text_align="left", text_baseline="top", text_font_size="9pt", text_color="#666666"),
        "budget": hv.Segments([(budget, 0, budget, ymax)] if budget is not None else []).opts(
            color="#444444", line_width=1.5, line_dash="dashdot"
        ),
        "points": points,
        "selected": hv.Points(pd.DataFrame(ring), ["x", "y"], ["agent"], label="Selected").opts(
            marker="circle", size=24, fill_alpha=0, line_color="#111111", line_width=2.5, show_legend=False
        ),
    }


def pareto_layers(
    frame: pd.DataFrame,
    *,
    log_x: bool = False,
    show_ci: bool = False,
    selected: Iterable[str] = (),
    budget: float | None = None,
    published: pd.DataFrame | None = None,
) -> dict[str, hv.Element]:
    return layers_of(plot_data(frame, log_x=log_x, show_ci=show_ci, budget=budget, published=published), selected)


def plot_options(title: str, log_x: bool, height: int = 420, responsive: bool = True, legend: bool = True) -> dict:
    return dict(
        title=title,
        xlabel="Mean cost per problem (USD)" + (" — log scale" if log_x else ""),
        ylabel="Score (%)",
        logx=log_x,
        height=height,
        responsive=responsive,
        show_legend=legend,
        legend_position="right",
        legend_cols=1,
        show_grid=True,
        toolbar="above",
        active_tools=["tap"],
    )


def pareto_plot(
    frame: pd.DataFrame,
    *,
    title: str = "",
    log_x: bool = False,
    show_ci: bool = False,
    selected: Iterable[str] = (),
    budget: float | None = None,
    height: int = 420,
    responsive: bool = True,
    published: pd.DataFrame | None = None,
) -> hv.Overlay:
    """The cost-vs-score plot of a view table (as returned by `abl.summary.view_table`); with
    `published` (the view at published prices) its frontier is drawn under the table's."""
    data = plot_data(frame, log_x=log_x, show_ci=show_ci, budget=budget, published=published)
    layers = layers_of(data, selected)
    overlay = hv.Overlay([layers[name] for name in LAYERS] + legend_items())
    xticks = [(tick, dollars(tick)) for tick in data.ticks[0]]  # none inside the "cost unknown" strip
    return overlay.opts(**plot_options(title, log_x, height, responsive), xticks=xticks)
