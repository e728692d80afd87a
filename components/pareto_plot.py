"""The Pareto plot of one view, drawn by Bokeh in the browser; tap or box-select points to
select agents.

The figure itself is built once per process and axis type (`figure_template`); each chart in a
browser is a copy, and a session sends it only data: the plot data (`abl.plot_data.PlotData`),
computed once per data revision and view and shared by every session, and the selection ring.
A filter, split, budget or selection change replaces only that data. Switching the cost axis
between log and linear swaps the template.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

import panel as pn
import param
from bokeh.embed import json_item
from bokeh.models import (
    BoxAnnotation,
    ColumnDataSource,
    CustomJSTickFormatter,
    FixedTicker,
    HoverTool,
    Label,
    Range1d,
    Scatter,
    Segment,
    Span,
    Step,
)
from bokeh.plotting import figure
from panel.custom import JSComponent

from abl.model import FRAME_PARAMS, MAX_LIST_ITEMS, Leaderboard
from abl.plot_data import (
    FRONTIER_COLOR,
    HOVER,
    POINT_COLUMNS,
    PUBLISHED_FRONTIER_COLOR,
    PlotData,
    best_within_text,
    plot_data,
)

from .base import ModelView
from .legend import CSS as LEGEND_CSS
from .legend import legend_html
from .plot_theme import DARK_THEME

UPDATE_PARAMS = (*FRAME_PARAMS, "show_ci", "selected", "budget")
BEST_COLOR = "#009E73"  # the best agent within the budget: the table's badge colour
# Cost ticks as dollars, written as `abl.plot_data.dollars` writes them.
DOLLARS_JS = """
if (tick === 0) { return "$0" }
if (tick >= 1 && Number.isInteger(tick)) { return "$" + tick.toLocaleString("en-US") }
const digits = Math.max(2, -Math.floor(Math.log10(Math.abs(tick))))
const text = tick.toFixed(digits + 2).replace(/0+$/, "")
const decimals = text.includes(".") ? text.split(".")[1].length : 0
return "$" + tick.toFixed(Math.max(2, decimals))
"""


def cached_plot_data(model: Leaderboard, view: str) -> PlotData:
    """The plot data of a view under the model's filters and prices, shared across sessions."""
    resolved = model.resolve(view)
    key = ("plot", resolved, model.mode, model.filters, model.internal, model.log_x, model.show_ci, model.budget)

    def build() -> PlotData:
        published = model.published_table(resolved) if model.prices else None
        return plot_data(
            model.table(resolved), log_x=model.log_x, show_ci=model.show_ci, budget=model.budget, published=published
        )

    return model.priced_data.recent(key, build)


def empty_figure(log_x: bool, height: int, dark: bool = False) -> figure:
    """The Pareto figure without data: named sources and annotations that `ParetoChart` fills.
    Glyphs are added without the selection, hover and mute variants `figure` would add: every
    model costs the browser time to build."""
    fig = figure(
        name="pareto",
        height=height,
        sizing_mode="stretch_width",
        x_axis_type="log" if log_x else "linear",
        x_range=Range1d(0, 1),
        y_range=Range1d(0, 100),
        tools="pan,wheel_zoom,box_select,tap,reset,save",
        active_drag=None,
        toolbar_location="above",
        min_border_left=50,
        x_axis_label="Mean cost per problem (USD)" + (" — log scale" if log_x else ""),
        y_axis_label="Score (%)",
    )
    fig.toolbar.logo = None
    # Ticks come with the data: dollar amounts left of the "cost unknown" strip, none inside it.
    fig.xaxis.ticker = FixedTicker(name="xticks", ticks=[], minor_ticks=[])
    fig.xaxis.formatter = CustomJSTickFormatter(code=DOLLARS_JS)
    for annotation in (
        BoxAnnotation(name="zone", bottom=0, fill_color="#8c8c8c", fill_alpha=0.08, line_alpha=0, visible=False),
        Span(
            name="divider", dimension="height", line_color="#888888", line_dash="dotted", line_width=1.5, visible=False
        ),
        Label(
            name="label",
            x=0,
            y=0,
            text=" cost\n unknown",
            text_align="left",
            text_baseline="top",
            text_font_size="9pt",
            text_color="#888888",
            visible=False,
        ),
        Span(
            name="budget", dimension="height", line_color="#888888", line_dash="dashdot", line_width=1.5, visible=False
        ),
        Label(
            name="best",
            x=0,
            y=0,
            text="",
            x_offset=16,
            y_offset=-4,
            text_font_size="9pt",
            text_font_style="bold",
            text_color=BEST_COLOR,
            text_baseline="middle",
            visible=False,
        ),
    ):
        fig.add_layout(annotation)

    def source(*names: str) -> ColumnDataSource:
        return ColumnDataSource(data={name: [] for name in names})

    fig.add_glyph(
        source("x", "y"),
        Step(x="x", y="y", mode="after", line_color=PUBLISHED_FRONTIER_COLOR, line_width=2, line_dash="dotted"),
        name="published_frontier",
    )
    fig.add_glyph(
        source("x", "y"),
        Step(x="x", y="y", mode="after", line_color=FRONTIER_COLOR, line_width=2, line_dash="dashed"),
        name="frontier",
    )
    fig.add_glyph(
        source("x0", "y0", "x1", "y1"),
        Segment(x0="x0", y0="y0", x1="x1", y1="y1", line_color="#888888", line_width=1, line_alpha=0.8),
        name="ci",
    )
    points = Scatter(
        x="x",
        y="y",
        marker={"field": "marker"},
        fill_color={"field": "color"},
        size={"field": "size"},
        fill_alpha={"field": "alpha"},
        line_alpha={"field": "alpha"},
        line_color={"field": "outline"},
        line_width={"field": "outline_width"},
    )
    # The ring layer shows the selection (which can also come from tables): Bokeh's own
    # selection styling stays off, so points never change look on their own.
    renderer = fig.add_glyph(
        source(*POINT_COLUMNS), points, name="points", selection_glyph=points, nonselection_glyph=points
    )
    fig.add_glyph(
        source("x", "y"),
        Scatter(
            x="x",
            y="y",
            marker="circle",
            size=24,
            fill_alpha=0,
            line_color="#eeeeee" if dark else "#111111",
            line_width=2.5,
        ),
        name="ring",
    )
    fig.add_glyph(
        source("x", "y"),
        Scatter(x="x", y="y", marker="square", size=26, fill_alpha=0, line_color=BEST_COLOR, line_width=2.5),
        name="best_mark",
    )
    # One tooltip, the nearest agent's: tooltips of close points would stack off the plot.
    fig.add_tools(HoverTool(renderers=[renderer], tooltips=HOVER, limit=1))
    return fig


@lru_cache(maxsize=8)
def figure_template(log_x: bool, height: int, dark: bool) -> str:
    """The empty figure as Bokeh JSON, built once per process: each chart in a browser is a copy
    of it, so a page view costs the server its data, not a figure of ~60 Bokeh models."""
    theme = DARK_THEME if dark else None
    return json.dumps(json_item(empty_figure(log_x, height, dark), theme=theme))


def chart_layers(data: PlotData, title: str) -> dict:
    """What `ParetoChart` draws into the figure's sources and annotations."""
    score, cost = data.score_ci, data.cost_ci
    return {
        "title": title,
        "x0": data.xrange[0],
        "x1": data.xrange[1],
        "ymax": data.ymax,
        "divider": data.divider,
        "budget": data.budget,
        "ticks": data.ticks[0],
        "minor_ticks": data.ticks[1],
        "best": None
        if data.best is None
        else {"x": float(data.best["x"]), "y": float(data.best["y"]), "text": best_within_text(data.budget)},
        "points": data.columns(),
        "frontier": data.frontier.to_dict("list"),
        "published_frontier": {"x": [], "y": []}
        if data.published_frontier is None
        else data.published_frontier.to_dict("list"),
        "ci": {
            "x0": score["x"].tolist() + cost["left"].tolist(),
            "y0": score["lower"].tolist() + cost["y"].tolist(),
            "x1": score["x"].tolist() + cost["right"].tolist(),
            "y1": score["upper"].tolist() + cost["y"].tolist(),
        },
    }


class ParetoChart(JSComponent):
    """A copy of the figure template, drawn by Bokeh in the browser, fed with `layers` and `ring`.
    Tapping or box-selecting points sends the agents' ids to `on_pick`."""

    template = param.String(default="")
    layers = param.Dict(default={})
    ring = param.Dict(default={"x": [], "y": []})
    legend = param.String(default="", doc="the legend strip's HTML (the site's own, never dataset text)")

    _stylesheets = [
        LEGEND_CSS
        + """
.box { position: relative; }
.chart { width: 100%; }
.empty { position: absolute; left: 0; right: 0; top: 45%; text-align: center; font-size: 1.05em; opacity: 0.8;
  pointer-events: none; }
"""
    ]

    _esm = """
    export function render({ model }) {
      const box = document.createElement("div")
      const legend = document.createElement("div")
      legend.innerHTML = model.legend
      const target = document.createElement("div")
      target.className = "chart"
      const empty = document.createElement("div")
      empty.className = "empty"
      empty.textContent = "No agent matches the filters."
      empty.hidden = true
      box.className = "box"
      box.append(legend, target, empty)
      let views = null, doc = null
      const named = (name) => doc.get_model_by_name(name)

      const apply = () => {
        const L = model.layers
        if (!doc || !L.points) { return }
        const fig = named("pareto")
        // A plain-text model, not a string: Bokeh draws a string with $$...$$ in it as TeX, and
        // view names come from datasets.
        if (fig.title.text.text !== L.title) { fig.title.text = new Bokeh.Models.PlainText({ text: L.title }) }
        fig.x_range.setv({ start: L.x0, end: L.x1 })
        named("xticks").setv({ ticks: L.ticks, minor_ticks: L.minor_ticks })
        fig.y_range.setv({ start: 0, end: L.ymax })
        named("points").data_source.data = L.points
        named("frontier").data_source.data = L.frontier
        named("published_frontier").data_source.data = L.published_frontier
        named("ci").data_source.data = L.ci
        const zone = L.divider != null
        named("zone").setv({ left: zone ? L.divider : 0, right: L.x1, top: L.ymax, visible: zone })
        named("divider").setv({ location: zone ? L.divider : 0, visible: zone })
        named("label").setv({ x: zone ? L.divider : 0, y: L.ymax, visible: zone })
        named("budget").setv({ location: L.budget ?? 0, visible: L.budget != null })
        const best = L.best
        named("best").setv(best ? { x: best.x, y: best.y, text: best.text, visible: true } : { visible: false })
        named("best_mark").data_source.data = best ? { x: [best.x], y: [best.y] } : { x: [], y: [] }
        empty.hidden = L.points.x.length > 0
        showRing()
      }
      const showRing = () => { if (doc) { named("ring").data_source.data = { x: model.ring.x, y: model.ring.y } } }

      const unmount = () => {
        if (views) { for (const view of views) { view.remove() } }
        if (doc) {
          const i = Bokeh.documents.indexOf(doc)
          if (i >= 0) { Bokeh.documents.splice(i, 1) }
        }
        views = doc = null
        target.replaceChildren()
      }
      const mount = async () => {
        unmount()
        const mounted = await Bokeh.embed.embed_item(JSON.parse(model.template), target)
        views = mounted
        for (const view of mounted) { doc = view.model.document }
        const selected = named("points").data_source.selected
        selected.properties.indices.change.connect(() => {
          const picked = selected.indices
          if (!picked.length) { return }  // our own reset, just below
          const ids = named("points").data_source.data.id
          model.send_msg({ picked: picked.map((i) => ids[i]) })
          selected.indices = []  // the ring shows the selection, which tables can change too
        })
        apply()
      }
      model.on("template", mount)
      model.on("layers", apply)
      model.on("ring", showRing)
      model.on("legend", () => { legend.innerHTML = model.legend })
      model.on("remove", unmount)
      requestAnimationFrame(mount)  // once the box is in the page, so the figure takes its width
      return box
    }
    """

    def __init__(self, on_pick: Callable[[list[str]], None] | None = None, **params):
        super().__init__(**params)
        self._on_pick = on_pick

    def _handle_msg(self, msg: dict) -> None:
        picked = msg.get("picked") if isinstance(msg, dict) else None
        if isinstance(picked, list) and self._on_pick is not None:
            self._on_pick([i for i in picked if isinstance(i, str)])


class ParetoPlot(ModelView):
    view = param.String(default="overall")
    height = param.Integer(default=440)

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self._data: PlotData | None = None
        self._dark = pn.config.theme == "dark"
        self.chart = ParetoChart(
            on_pick=self._on_pick, legend=legend_html(), sizing_mode="stretch_width", min_height=self.height + 40
        )
        self.watch(self._update, [p for p in UPDATE_PARAMS if p != "selected"])
        self.watch(self._update_selection, ["selected"])
        self.watch(self._draw, ["log_x"])
        self._draw()

    def _draw(self, *_: object) -> None:
        """The figure of the current axis type, then its data."""
        self._update()
        self.chart.template = figure_template(self.model.log_x, self.height, self._dark)

    def _update(self, *_: object) -> None:
        if not self.view_available():
            return  # new data without this view: the site is about to leave the page
        self._data = cached_plot_data(self.model, self.view)
        title = f"{self.model.resolve(self.view).title}: score vs. cost"
        self.chart.param.update(
            layers=chart_layers(self._data, title),
            ring=self._ring(),
            legend=legend_html(repriced=self._data.published_frontier is not None),
        )

    def _ring(self) -> dict:
        ring = self._data.ring(self.model.selected)
        return {"x": ring["x"].tolist(), "y": ring["y"].tolist()}

    def _update_selection(self, *_: object) -> None:
        if self._data is not None:
            self.chart.ring = self._ring()

    def _on_pick(self, ids: list[str]) -> None:
        """Points tapped or box-selected in the browser (ids it sent: only plotted ones count)."""
        if self._data is None:
            return
        plotted = set(self._data.points["id"])
        picked = list(dict.fromkeys(i for i in ids if i in plotted))[:MAX_LIST_ITEMS]
        if len(picked) == 1 and picked == self.model.selected:
            picked = []  # clicking the selected agent again deselects it
        if sorted(picked) != sorted(self.model.selected):
            self.model.selected = picked

    def dispose(self) -> None:
        super().dispose()
        self._data = None

    def __panel__(self) -> pn.viewable.Viewable:
        return self.chart
