"""Side-by-side comparison of 2-4 agents across every view."""

from __future__ import annotations

import html

import holoviews as hv
import panel as pn
import panel_material_ui as pmui

from abl.explore import compare
from abl.model import MAX_COMPARE, Leaderboard
from abl.plots import format_cost, format_score

from .base import ModelView, PlainText
from .table_format import TEXT


class CompareView(ModelView):
    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self.picker = pmui.MultiChoice(label=f"Agents to compare (2-{MAX_COMPARE})", max_items=MAX_COMPARE,
                                       options={}, sizing_mode="stretch_width")
        self.use_selection = pmui.Button(label="Compare the selected agents", variant="outlined")
        self.hint = PlainText(margin=(0, 10))
        self.chart = pn.pane.HoloViews(sizing_mode="stretch_width", min_height=380, visible=False)
        self.table = pn.widgets.Tabulator(show_index=False, disabled=True, sizing_mode="stretch_width",
                                          layout="fit_data_table", visible=False)
        self.picker.param.watch(self._push, "value")
        self.use_selection.on_click(lambda _: setattr(self.model, "compare", self.model.selected[:MAX_COMPARE]))
        self.watch(self._update, ["data", "mode", "compare"])
        self._update()

    def _push(self, event) -> None:
        if list(event.new) != self.model.compare:
            self.model.compare = list(event.new)

    def _update(self, *_: object) -> None:
        overall = self.model.table("overall")
        self.picker.options = dict(zip(overall["label"], overall["id"]))
        if self.picker.value != self.model.compare:
            self.picker.value = list(self.model.compare)
        ids = self.model.compare
        if len(ids) < 2:
            self.hint.text = "Pick at least two agents (or select them in a plot or table and use the button)."
            self.chart.visible = self.table.visible = False
            return
        result = compare(self.model.data, ids, self.model.mode)
        frame = result.frame
        self.hint.text = ""
        wide = frame.assign(
            value=[f"{format_score(s, c)} | {format_cost(k, e)}"
                   for s, c, k, e in zip(frame["score"], frame["score_ci"], frame["cost"], frame["cost_ci"])]
        ).pivot_table(index="view", columns="id", values="value", aggfunc="first", sort=False)
        order = [v.title for v in self.model.views()]
        wide = wide.reindex(order).reindex(columns=[i for i in ids if i in wide.columns])
        wide = wide.reset_index().rename(columns={"view": "View"}).fillna("not attempted")
        labels = dict(zip(frame["id"], frame["agent"]))
        # Agent labels and view names come from datasets; Tabulator renders titles as HTML.
        titles = {i: html.escape(labels[i]) for i in wide.columns if i in labels}
        self.table.param.update(value=wide, titles={"View": "View", **titles},
                                formatters={c: TEXT for c in wide.columns})
        bars = frame[frame["kind"] != "overall"].assign(score_pct=frame["score"] * 100)
        self.chart.object = hv.Bars(bars, ["view", "agent"], "score_pct").opts(
            multi_level=True, ylabel="Score (%)", xlabel="", responsive=True, height=400, tools=["hover"],
            title="Score by category and benchmark (see the table for intervals and costs)",
            color=hv.dim("agent"), cmap="Category10", show_legend=True, legend_position="top",
            hooks=[_only_group_labels],
        )
        self.chart.visible = self.table.visible = True

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(pn.Row(self.picker, self.use_selection, sizing_mode="stretch_width"), self.hint,
                         self.table, self.chart, sizing_mode="stretch_width")


def _only_group_labels(plot, element) -> None:
    """Label each group of bars with its view once; the colours and legend name the agents."""
    axis = plot.state.xaxis[0]
    axis.major_label_text_font_size = "0pt"
    axis.group_label_orientation = 0.9
    axis.group_text_font_size = "9pt"
