"""A category page: the category's plot and table, then a section per benchmark."""

from __future__ import annotations

import html
from collections.abc import Callable

import panel as pn
import panel_material_ui as pmui

from abl.model import Leaderboard
from abl.names import category_display_name
from components.anchor import ScrollAnchor
from components.budget import BudgetSummary
from components.leaderboard_table import LeaderboardTable
from components.pareto_plot import ParetoPlot

from .content import BENCHMARK_DESCRIPTIONS, CATEGORY_INTROS
from .page import PageContent


def category_page(model: Leaderboard, tag: str, on_jump: Callable[[str], None],
                  permalink: Callable[[str], str]) -> PageContent:
    """`on_jump(benchmark)` records the section in the URL; `permalink(benchmark)` is its URL."""
    title = category_display_name(tag)
    benchmarks = model.data.stats.tasks_in(tag)
    views: list = []
    anchors = {name: ScrollAnchor() for name in benchmarks}

    def jump(name: str) -> None:
        anchors[name].scroll()
        on_jump(name)

    subnav = pn.FlexBox(*[
        pmui.Button(label=name, variant="text", size="small", on_click=lambda _, n=name: jump(n))
        for name in benchmarks
    ], sizing_mode="stretch_width")
    plot, budget = ParetoPlot(model, view=tag), BudgetSummary(model, view=tag)
    table = LeaderboardTable(model, view=tag, page_size=15)
    views += [plot, budget, table]
    sections = [
        pn.pane.Markdown(f"# {html.escape(title)}\n\n{CATEGORY_INTROS.get(tag, '')}", sizing_mode="stretch_width"),
        pn.pane.Markdown("**Benchmarks:**", margin=(0, 10)), subnav, budget, plot, table,
    ]
    for name in benchmarks:
        bench_plot = ParetoPlot(model, view=name, height=380)
        bench_table = LeaderboardTable(model, view=name, page_size=10)
        views += [bench_plot, bench_table]
        sections += [
            anchors[name],
            pmui.Divider(),
            pn.Row(
                pn.pane.Markdown(f"## {html.escape(name)}", margin=(0, 10)),  # names come from suites
                pmui.Button(label="link", icon="link", variant="text", size="small", href=permalink(name),
                            description=f"Link to the {name} section"),
                sizing_mode="stretch_width",
            ),
            pn.pane.Markdown(BENCHMARK_DESCRIPTIONS.get(name, ""), sizing_mode="stretch_width"),
            bench_plot, bench_table,
        ]
    return PageContent(pn.Column(*sections, sizing_mode="stretch_width"), views, anchors)
