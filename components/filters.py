"""Controls for the model's filters and display switches (they hold no state of their own)."""

from __future__ import annotations

import datetime as dt
import math

import panel as pn
import panel_material_ui as pmui

from abl.model import Leaderboard
from abl.names import model_display_name

from .base import two_way

MODE_HELP = {
    "leaderboard": "Leaderboard mode: a skipped benchmark counts as 0 in its category.",
    "paper": "Paper mode: only agents that ran every part get a category or overall score.",
}


class FilterPanel(pn.viewable.Viewer):
    """Search, filters, coverage mode, cost axis, error bars and budget."""

    def __init__(self, model: Leaderboard, **params):
        super().__init__(**params)
        self.model = model
        self.search = pmui.TextInput(label="Search", placeholder="agent, model, submitter…",
                                     sizing_mode="stretch_width")
        self.openness = pmui.MultiChoice(label="Openness", options=list(model.param.openness.objects),
                                         sizing_mode="stretch_width")
        self.tooling = pmui.MultiChoice(label="Tooling", options=list(model.param.tooling.objects),
                                        sizing_mode="stretch_width")
        self.models = pmui.MultiChoice(label="Models", options=[], sizing_mode="stretch_width")
        self.submitters = pmui.MultiChoice(label="Submitters", options=[], sizing_mode="stretch_width")
        self.date_from = pmui.DatePicker(label="Submitted from", sizing_mode="stretch_width")
        self.date_to = pmui.DatePicker(label="Submitted until", sizing_mode="stretch_width")
        self.mode = pmui.RadioButtonGroup(label="Coverage", options={"Leaderboard": "leaderboard", "Paper": "paper"},
                                          sizing_mode="stretch_width")
        self.mode_help = pn.pane.Markdown(MODE_HELP[model.mode], margin=(0, 10), styles={"font-size": "0.85em"})
        self.log_x = pmui.Switch(label="Log cost axis")
        self.show_ci = pmui.Switch(label="95% CI error bars (benchmark plots)")
        self.budget = pmui.TextInput(label="Max cost per problem (USD)", placeholder="e.g. 0.50 (empty: no limit)",
                                     sizing_mode="stretch_width")
        self.clear = pmui.Button(label="Clear filters", variant="outlined", sizing_mode="stretch_width")

        two_way(self.search, model, "search", to_model=lambda v: (v or "").strip()[:200])
        for name in ("openness", "tooling", "models", "submitters"):
            two_way(getattr(self, name), model, name, to_model=list)
        for name in ("date_from", "date_to"):
            two_way(getattr(self, name), model, name, to_model=_as_date)
        for name in ("mode", "log_x", "show_ci"):
            two_way(getattr(self, name), model, name)
        two_way(self.budget, model, "budget", to_model=self._parse_budget,
                 to_widget=lambda v: "" if v is None else f"{v:g}")
        model.param.watch(lambda e: setattr(self.mode_help, "object", MODE_HELP[e.new]), "mode")
        model.param.watch(self._update_options, "data")
        self.clear.on_click(self._clear)
        self._update_options()

    def _parse_budget(self, text: str) -> float | None:
        """Empty: no budget; a non-negative number: the budget; anything else: flagged, ignored."""
        text = (text or "").strip().lstrip("$")
        if not text:
            self.budget.error_state = False
            return None
        try:
            value = float(text)
            if not math.isfinite(value) or value < 0:
                raise ValueError(text)
        except ValueError:
            self.budget.error_state = True
            return self.model.budget
        self.budget.error_state = False
        return value

    def _update_options(self, *_: object) -> None:
        rows = self.model.data.rows
        self.models.options = sorted({model_display_name(m) for r in rows for m in r.models})
        self.submitters.options = sorted({r.submitter for r in rows if r.submitter})

    def _clear(self, *_: object) -> None:
        self.model.param.update(search="", openness=[], tooling=[], models=[], submitters=[],
                                date_from=None, date_to=None)

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            self.search, self.openness, self.tooling, self.models, self.submitters,
            pn.Row(self.date_from, self.date_to, sizing_mode="stretch_width"), self.clear,
            pmui.Divider(), self.mode, self.mode_help, self.log_x, self.show_ci,
            pmui.Divider(), self.budget,
            sizing_mode="stretch_width",
        )


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value
