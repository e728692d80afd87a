"""The Pareto plot of one view; tap or box-select points to select agents.

Each layer is a DynamicMap fed from the latest computed layers, so a filter, split or
selection change updates the existing Bokeh plot in place instead of drawing a new one
(several times faster). Switching the cost axis between log and linear redraws it.
"""

from __future__ import annotations

import operator
from functools import reduce

import holoviews as hv
import panel as pn
import param

from abl.model import FRAME_PARAMS, Leaderboard
from abl.plots import CI_LAYERS, LAYERS, pareto_layers, plot_options

from .base import ModelView
from .legend import legend

UPDATE_PARAMS = (*FRAME_PARAMS, "show_ci", "selected", "budget")
Tick = hv.streams.Stream.define("Tick", n=0)


class ParetoPlot(ModelView):
    view = param.String(default="overall")
    height = param.Integer(default=440)

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self._layers: dict[str, hv.Element] = {}
        self._ids: list[str] = []
        self._source = None  # the Bokeh data source of the points, to reset its selection
        self._tick = Tick()
        self.pane = pn.pane.HoloViews(sizing_mode="stretch_width", min_height=self.height, linked_axes=False)
        self.watch(self._update, UPDATE_PARAMS)
        self.watch(self._draw, ["log_x"])
        self._draw()

    def _compute(self) -> None:
        view = self.model.resolve(self.view)  # the site leaves a page whose view the data lacks
        self._title = f"{view.title}: score vs. cost"
        self._layers = pareto_layers(
            self.model.table(view), log_x=self.model.log_x, show_ci=self.model.show_ci and view.kind == "benchmark",
            selected=self.model.selected, budget=self.model.budget,
        )
        # Selection indices refer to the plotted rows, in plot order.
        self._ids = [str(i) for i in self._layers["points"].dimension_values("id")]

    def _draw(self, *_: object) -> None:
        """A new plot (at start, and when the axis type changes)."""
        self._compute()
        # Every layer costs time on each update: CI bars only where they can be shown, and the
        # legend is drawn next to the plot (components.legend).
        names = LAYERS if self.model.resolve(self.view).kind == "benchmark" else \
            tuple(n for n in LAYERS if n not in CI_LAYERS)
        maps = {name: hv.DynamicMap(lambda n, name=name: self._layers[name], streams=[self._tick]).opts(framewise=True)
                for name in names}
        maps["points"] = maps["points"].opts(hooks=[self._keep_source])
        selection = hv.streams.Selection1D(source=maps["points"])
        selection.add_subscriber(self._on_select)
        overlay = reduce(operator.mul, maps.values())
        self.pane.object = overlay.opts(**plot_options(self._title, self.model.log_x, self.height, legend=False))

    def _update(self, *_: object) -> None:
        if not self.view_available():
            return  # new data without this view: the site is about to leave the page
        self._compute()
        self._tick.event(n=self._tick.n + 1)

    def _keep_source(self, plot, element) -> None:
        self._source = plot.handles.get("source")

    def _on_select(self, index: list[int]) -> None:
        if not index:  # our own reset of Bokeh's selection (below) echoes back as an empty one
            return
        picked = [self._ids[i] for i in index if 0 <= i < len(self._ids)]
        if len(picked) == 1 and picked == self.model.selected:
            picked = []  # clicking the selected agent again deselects it
        if sorted(picked) != sorted(self.model.selected):
            self.model.selected = picked
        # The ring layer shows the selection from now on. Bokeh's own selected/unselected
        # glyphs mis-draw field-mapped markers, so its selection is cleared, on the next tick
        # (a change made while the browser's selection event is handled is not sent back).
        if self._source is not None:
            doc = pn.state.curdoc
            if doc is not None and doc.session_context is not None:
                doc.add_next_tick_callback(self._reset_bokeh_selection)
            else:
                self._reset_bokeh_selection()

    def _reset_bokeh_selection(self) -> None:
        self._source.selected.indices = []

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(legend(), self.pane, sizing_mode="stretch_width")
