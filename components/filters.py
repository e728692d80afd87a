"""The model's filters and display switches in the sidebar: `FilterSidebar` (drawn in the
browser) kept in step with the `Leaderboard`. Everything the browser sends is checked here:
unknown options are dropped, text is capped, a budget that is not a cost is explained."""

from __future__ import annotations

import datetime as dt

import panel as pn

from abl.explore import model_names, submitter_names
from abl.model import MAX_LIST_ITEMS, MAX_TEXT, Leaderboard, parse_budget
from abl.pricing import changes_text, parse_changes
from abl.stats import Mode

from .base import two_way
from .filter_sidebar import FilterSidebar


def _known(options) -> callable:
    def keep(values) -> list[str]:
        allowed = set(options())
        return [v for v in dict.fromkeys(values) if isinstance(v, str) and v in allowed][:MAX_LIST_ITEMS]

    return keep


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


class FilterPanel(pn.viewable.Viewer):
    """Search, filters, coverage mode, cost axis, error bars and budget."""

    def __init__(self, model: Leaderboard, **params):
        super().__init__(**params)
        self.model = model
        self.sidebar = FilterSidebar(on_clear=self._clear, sizing_mode="stretch_width")
        self._update_options()
        bar = self.sidebar
        two_way(bar, model, "search", to_model=lambda v: (v or "").strip()[:MAX_TEXT], widget_param="search")
        for name in ("openness", "tooling"):
            two_way(bar, model, name, to_model=_known(lambda n=name: model.param[n].objects), widget_param=name)
        two_way(bar, model, "models", to_model=_known(lambda: bar.model_options), widget_param="models")
        two_way(bar, model, "submitters", to_model=_known(lambda: bar.submitter_options), widget_param="submitters")
        for name in ("date_from", "date_to", "as_of"):
            two_way(bar, model, name, to_model=_date, to_widget=lambda d: d.isoformat() if d else "", widget_param=name)
        two_way(bar, model, "prices", to_model=self._parse_prices, to_widget=changes_text, widget_param="prices_text")
        two_way(
            bar,
            model,
            "mode",
            to_model=lambda v: v if v in [m.value for m in Mode] else model.mode,
            widget_param="mode",
        )
        for name in ("log_x", "show_ci"):
            two_way(bar, model, name, to_model=bool, widget_param=name)
        two_way(
            bar,
            model,
            "budget",
            to_model=self._parse_budget,
            to_widget=lambda v: "" if v is None else f"{v:g}",
            widget_param="budget_text",
        )
        model.param.watch(self._update_options, "data")

    def _parse_budget(self, text: str) -> float | None:
        """Empty: no budget; a non-negative number: the budget; anything else: said, and ignored."""
        text = (text or "").strip().lstrip("$")[:MAX_TEXT]
        problem, value = "", None
        if text:
            try:
                value = parse_budget(text)
            except ValueError:
                kept = "no budget" if self.model.budget is None else f"${self.model.budget:g}"
                problem, value = (
                    f"Not a cost: enter dollars per problem, such as 0.5. Still in force: {kept}.",
                    self.model.budget,
                )
        self.sidebar.budget_problem = problem
        return value

    def _parse_prices(self, text: str) -> tuple:
        """The typed prices if they are all valid; else the prices in force, and why."""
        text = (text or "")[: MAX_TEXT * 4]
        if text == changes_text(self.model.prices):
            return self.model.prices  # e.g. put back after a refusal, below: the problem stays said
        try:
            prices = parse_changes(text, model_names(self.model.data))
        except ValueError as exc:
            in_force = changes_text(self.model.prices) or "published prices"
            self.sidebar.prices_problem = f"{exc}. Still in force: {in_force}."
            self.sidebar.prices_text = changes_text(self.model.prices)  # the editor shows the prices in force
            return self.model.prices
        self.sidebar.prices_problem = ""
        return prices

    def _update_options(self, *_: object) -> None:
        data = self.model.data
        self.sidebar.param.update(model_options=list(model_names(data)), submitter_options=list(submitter_names(data)))

    def _clear(self) -> None:
        self.model.clear_filters()

    def __panel__(self) -> pn.viewable.Viewable:
        return self.sidebar
