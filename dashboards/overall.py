"""The home page: overall plot and table."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn

from abl.model import Leaderboard
from components.base import SiteMarkdown
from components.budget import BudgetSummary
from components.history_chart import HistoryChart
from components.leaderboard_table import LeaderboardTable
from components.pareto_plot import ParetoPlot
from components.scenario import ScenarioSummary

from .content import INTRO
from .page import PageContent


def overall_page(model: Leaderboard, on_compare: Callable[[], None] | None = None) -> PageContent:
    """`on_compare()` opens the comparison of the selected agents."""
    plot = ParetoPlot(model, view="overall")
    budget = BudgetSummary(model, view="overall")
    scenario = ScenarioSummary(model, view="overall")
    history = HistoryChart(model, view="overall")
    table = LeaderboardTable(model, view="overall", on_compare=on_compare)
    layout = pn.Column(
        SiteMarkdown(INTRO, sizing_mode="stretch_width"),
        scenario,
        budget,
        plot,
        history,
        table,
        sizing_mode="stretch_width",
    )
    return PageContent(layout, [plot, budget, scenario, history, table])
