"""The best agent within the reader's budget, for one view."""

from __future__ import annotations

import panel as pn
import param

from abl.explore import best_within_budget
from abl.model import FRAME_PARAMS, Leaderboard
from abl.plot_data import format_cost, format_score

from .base import ModelView, PlainText


class BudgetSummary(ModelView):
    view = param.String(default="overall")

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self.text = PlainText(margin=(0, 10))
        self.watch(self._update, [*FRAME_PARAMS, "budget"])
        self._update()

    def _update(self, *_: object) -> None:
        budget = self.model.budget
        if budget is None or not self.view_available():
            self.text.text = ""
            self.text.visible = False
            return
        best = best_within_budget(self.model.table(self.view), budget)
        if best is None:
            message = f"No agent with a known cost scores within ${budget:g} per problem."
        else:
            message = (
                f"Best within ${budget:g} per problem: {best['label']}, "
                f"{format_score(best['score'])} at {format_cost(best['cost'])}. "
                "Agents above the budget are greyed out."
            )
        self.text.text = message  # agent labels come from datasets: text only
        self.text.visible = True

    def __panel__(self) -> pn.viewable.Viewable:
        return self.text
