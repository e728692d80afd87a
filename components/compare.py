"""Side-by-side comparison of 2-4 agents across every view."""

from __future__ import annotations

import html

import pandas as pd
import panel as pn
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Legend, LegendItem
from bokeh.plotting import figure
from bokeh.transform import dodge

from abl.explore import compare
from abl.model import MAX_COMPARE, Leaderboard
from abl.plot_data import format_cost, format_score

from .base import ModelView, PlainText

AGENT_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")  # colour-blind safe, one per compared agent


def score_chart(frame: pd.DataFrame, ids: list[str], views: list[str]) -> figure:
    """Horizontal bars: one band per view (top to bottom in `views` order, named on the axis),
    one bar per agent within it, in the agents' colours."""
    labels = dict(zip(frame["id"], frame["agent"]))
    shown = [i for i in ids if i in labels]
    bar = 0.8 / max(1, len(shown))
    fig = figure(
        y_range=FactorRange(*reversed(views)),
        height=max(220, len(views) * (14 * len(shown) + 18) + 90),
        sizing_mode="stretch_width",
        x_range=(0, 100),
        x_axis_label="Score (%)",
        toolbar_location=None,
        title="Overall and category scores",
    )
    fig.ygrid.grid_line_color = None
    fig.yaxis.major_label_text_font_size = "9pt"
    items = []
    for k, (row_id, color) in enumerate(zip(shown, AGENT_COLORS)):
        part = frame[frame["id"] == row_id]
        source = ColumnDataSource(
            {
                "view": part["view"].tolist(),
                "score": (part["score"] * 100).tolist(),
                "agent": part["agent"].tolist(),
                "text": [format_score(sc, ci) for sc, ci in zip(part["score"], part["score_ci"])],
            }
        )
        # The first agent on top within each band.
        offset = (len(shown) - 1) / 2 * bar - k * bar
        bars = fig.hbar(
            y=dodge("view", offset, range=fig.y_range), right="score", height=bar * 0.9, source=source, color=color
        )
        items.append(LegendItem(label=labels[row_id], renderers=[bars]))
    fig.add_layout(Legend(items=items, location="top_left", orientation="vertical"), "above")
    fig.add_tools(HoverTool(tooltips=[("Agent", "@agent"), ("View", "@view"), ("Score", "@text")]))
    return fig


def comparison_html(wide: pd.DataFrame, labels: dict[str, str], kinds: dict[str, str]) -> str:
    """Views down (overall, then each category with its benchmarks indented under it), agents
    across; every text escaped (agent labels and view names come from datasets)."""
    head = "".join(f"<th>{html.escape(labels[i])}</th>" for i in wide.columns)
    body = "".join(
        f'<tr class="{kinds.get(view, "benchmark")}"><th>{html.escape(str(view))}</th>'
        + "".join(f"<td>{_cell(v)}</td>" for v in row)
        + "</tr>"
        for view, row in zip(wide.index, wide.to_numpy())
    )
    return f'<div class="wrap"><table><thead><tr><th>View</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _cell(value: object) -> str:
    """Score over cost, each escaped: two short lines fit a phone where one long one is cut."""
    return "<br>".join(html.escape(part) for part in str(value).split("\n"))


_TABLE_CSS = """
.wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 5px 10px; border-bottom: 1px solid rgba(128,128,128,0.25); text-align: left; white-space: nowrap; }
thead th { vertical-align: bottom; }
tr.overall th, tr.overall td { font-weight: 700; border-bottom: 2px solid rgba(128,128,128,0.5); }
tr.category th, tr.category td { font-weight: 600; background: rgba(128,128,128,0.08); }
tr.benchmark th { font-weight: 400; padding-left: 28px; }
tbody th { white-space: normal; min-width: 90px; }
"""


class CompareView(ModelView):
    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        # Wraps on a phone: the picker takes the whole width, the button goes below it.
        self.picker = pn.widgets.MultiChoice(
            label=f"Agents to compare (2-{MAX_COMPARE})",
            max_items=MAX_COMPARE,
            options={},
            sizing_mode="stretch_width",
            styles={"flex": "1 1 320px"},
        )
        self.use_selection = pn.widgets.Button(
            label="Compare the selected agents", color="default", variant="outline", align="end"
        )
        self.hint = PlainText(margin=(0, 10))
        # Never hidden, only emptied: a figure laid out while its pane was hidden keeps a height of 0.
        self.chart = pn.pane.Bokeh(sizing_mode="stretch_width")
        self.table = pn.pane.HTML(sizing_mode="stretch_width", visible=False, stylesheets=[_TABLE_CSS])
        self.picker.param.watch(self._push, "value")
        self.use_selection.on_click(lambda _: setattr(self.model, "compare", self.model.selected[:MAX_COMPARE]))
        self.watch(self._update, ["data", "mode", "compare"])
        self._update()

    def _push(self, event) -> None:
        if list(event.new) != self.model.compare:
            self.model.compare = list(event.new)

    def _update(self, *_: object) -> None:
        overall = self.model.table("overall")
        # The picker (Bokeh's MultiChoice, i.e. Choices.js) sets labels as HTML: escaped, they show as text.
        self.picker.options = {html.escape(label): row_id for label, row_id in zip(overall["label"], overall["id"])}
        if self.picker.value != self.model.compare:
            self.picker.value = list(self.model.compare)
        ids = self.model.compare
        if len(ids) < 2:
            self.hint.text = "Pick at least two agents (or select them in a plot or table and use the button)."
            self.chart.object = None
            self.table.visible = False
            return
        frame = compare(self.model.priced_data, ids, self.model.mode).frame
        self.hint.text = ""
        views = self.model.views()
        order = [v.title for v in views]
        wide = frame.assign(
            value=[
                f"{format_score(s, c)}\n{format_cost(k, e)}"
                for s, c, k, e in zip(frame["score"], frame["score_ci"], frame["cost"], frame["cost_ci"])
            ]
        ).pivot_table(index="view", columns="id", values="value", aggfunc="first", sort=False)
        wide = wide.reindex(order).reindex(columns=[i for i in ids if i in wide.columns])
        labels = dict(zip(frame["id"], frame["agent"]))
        kinds = {v.title: v.kind for v in views}
        self.table.object = comparison_html(wide.fillna("not attempted"), labels, kinds)
        # The chart shows the overall and category scores, readable at a glance; benchmarks are in the table.
        summary = [v.title for v in views if v.kind != "benchmark" and v.title in set(frame["view"])]
        self.chart.object = score_chart(frame[frame["score"].notna() & frame["view"].isin(summary)], ids, summary)
        self.table.visible = True

    def __panel__(self) -> pn.viewable.Viewable:
        controls = pn.FlexBox(
            self.picker, self.use_selection, flex_wrap="wrap", align_items="flex-end", sizing_mode="stretch_width"
        )
        return pn.Column(controls, self.hint, self.table, self.chart, sizing_mode="stretch_width")
