"""The frontier over time: the best score within a few budgets on every past date, for one view.

Folded by default and built when first opened, so pages that are only read cost nothing more.
Clicking the chart shows the leaderboard as of that day (the model's `as_of`, kept in the URL).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import ColumnDataSource, DatetimeTickFormatter, HoverTool, Legend, LegendItem, Span
from bokeh.plotting import figure

from abl.history import BUDGETS
from abl.model import FRAME_PARAMS, Leaderboard
from abl.plot_data import dollars

from .base import ModelView
from .plot_theme import dark_colours

BUDGET_COLORS = ("#0072B2", "#009E73", "#CC79A7", "#E69F00")  # colour-blind safe, one per budget
TITLE = "Best score within a budget, over time"


def history_lines(history: pd.DataFrame, budgets: tuple[float, ...], until: dt.date) -> dict[float, dict]:
    """Per budget, the step line's columns: each date its best score rose, then `until`, so the
    last best holds to the end of the axis."""
    lines = {}
    for budget in budgets:
        steps = history[history["budget"] == budget]
        dates = [pd.Timestamp(d) for d in steps["date"]]
        scores = [float(s) * 100 for s in steps["score"]]
        labels = list(steps["label"])
        if dates and dates[-1] < pd.Timestamp(until):
            dates, scores, labels = dates + [pd.Timestamp(until)], scores + [scores[-1]], labels + [labels[-1]]
        lines[budget] = {
            "date": dates,
            "score": scores,
            "agent": labels,
            "score_text": [f"{s:.1f}%" for s in scores],
            "date_text": [d.strftime("%Y-%m-%d") for d in dates],
        }
    return lines


def history_figure(lines: dict[float, dict], as_of: dt.date | None, height: int = 260) -> figure:
    fig = figure(
        height=height,
        sizing_mode="stretch_width",
        x_axis_type="datetime",
        y_axis_label="Best score (%)",
        tools="pan,wheel_zoom,reset,save",
        toolbar_location="above",
        active_drag=None,
    )
    fig.toolbar.logo = None
    fig.xaxis.formatter = DatetimeTickFormatter(days="%Y-%m-%d", months="%Y-%m", years="%Y")
    renderers, items = [], []
    for (budget, columns), color in zip(lines.items(), BUDGET_COLORS):
        source = ColumnDataSource(columns)
        label = f"within {dollars(budget)}" + ("" if columns["date"] else ": none yet")
        step = fig.step("date", "score", source=source, mode="after", line_width=2.5, color=color)
        renderers.append(fig.scatter("date", "score", source=source, size=7, color=color))
        items.append(LegendItem(label=label, renderers=[step, renderers[-1]]))
    fig.add_tools(
        HoverTool(
            renderers=renderers,
            tooltips=[("Date", "@date_text"), ("Best", "@score_text"), ("Agent", "@agent")],
        )
    )
    # Below the plot, one budget per line: inside, it hid the lines (and caught the taps) on a phone.
    fig.add_layout(Legend(items=items, click_policy="hide", label_text_font_size="12px", margin=4), "below")
    fig.y_range.start = 0
    if as_of is not None:
        fig.add_layout(Span(location=pd.Timestamp(as_of), dimension="height", line_dash="dashed", line_color="#888"))
    return fig


class HistoryChart(ModelView):
    view = param.String(default="overall")
    opened = param.Boolean(default=False, doc="unfolded (the site keeps it in the URL as history=1)")

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self._dark = pn.config.theme == "dark"
        self.pane: pn.pane.Bokeh | None = None  # made when the card is first opened
        self.card = pn.Card(
            header=pn.pane.HTML(f"<b>{TITLE}</b>", margin=(2, 6)),
            collapsed=not self.opened,
            sizing_mode="stretch_width",
            margin=(6, 10),
        )
        self.card.param.watch(lambda event: setattr(self, "opened", not event.new), "collapsed")
        self.param.watch(self._opened, "opened")
        if self.opened:
            self._build()

    def _opened(self, event: param.parameterized.Event) -> None:
        self.card.collapsed = not event.new
        if event.new:
            self._build()

    def _build(self) -> None:
        if self.pane is None:
            self.pane = pn.pane.Bokeh(sizing_mode="stretch_width")
            caption = pn.pane.HTML(
                "<p class='abl-history-help'>Each step is a submission that beat the best score within the budget, "
                "under your filters and prices. Click the chart to see the leaderboard as of that day.</p>",
                sizing_mode="stretch_width",
            )
            self.card.objects = [caption, self.pane]
            self.watch(self._update, FRAME_PARAMS)  # as_of among them
            self._update()

    def _update(self, *_: object) -> None:
        if not self.view_available():
            return
        history = self.model.best_over_time(self.view)
        dates = [r.submit_time for r in self.model.data.rows if r.submit_time is not None]
        until = max(dates).date() if dates else dt.date.today()
        fig = history_figure(history_lines(history, BUDGETS, until), self.model.as_of)
        fig.on_event(Tap, self._tapped)
        if self._dark:
            dark_colours(fig)
        self.pane.object = fig

    def _tapped(self, event: Tap) -> None:
        if event.x is None:
            return
        day = pd.Timestamp(event.x, unit="ms").date()
        self.model.as_of = day

    def __panel__(self) -> pn.viewable.Viewable:
        return self.card
