"""A category page: the category's plot and table, then a section per benchmark.

Benchmark sections are built when the reader scrolls near them or jumps to one; the first is
built as soon as the page is in the browser, so the reader sees a benchmark plot without waiting
for a scroll. A category
of one benchmark has no sections: its plot and table would repeat the category's.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import panel as pn

from abl.model import Leaderboard
from abl.names import category_display_name
from components.budget import BudgetSummary
from components.history_chart import HistoryChart
from components.leaderboard_table import LeaderboardTable
from components.pareto_plot import ParetoPlot
from components.scenario import ScenarioSummary
from components.section import SectionHeading, SectionLinks

from .content import BENCHMARK_DESCRIPTIONS, CATEGORY_INTROS
from .page import PageContent

SECTION_HEIGHT = 860  # a built benchmark section's height, held until it is built


def category_page(
    model: Leaderboard,
    tag: str,
    on_jump: Callable[[str], None],
    open_section: str = "",
    on_compare: Callable[[], None] | None = None,
) -> PageContent:
    """`on_jump(benchmark)` records the section in the URL; `open_section` is built and scrolled
    to once the page is loaded (as the first one is built); `on_compare()` opens the comparison of
    the selected agents.

    Only the built sections and the heading of the next one exist: the next heading builds its
    section when the reader comes near it, and adds the heading after it. A jump adds the
    headings up to the section jumped to.
    """
    title = category_display_name(tag)
    benchmarks = list(model.data.stats.tasks_in(tag))
    intro = CATEGORY_INTROS.get(tag, "")
    if len(benchmarks) == 1:
        only = benchmarks.pop()
        intro += f" This category has one benchmark, {only}: {BENCHMARK_DESCRIPTIONS.get(only, '')}".rstrip(": ")
    plot, budget = ParetoPlot(model, view=tag), BudgetSummary(model, view=tag)
    scenario, history = ScenarioSummary(model, view=tag), HistoryChart(model, view=tag)
    table = LeaderboardTable(model, view=tag, on_compare=on_compare)
    sections = pn.Column(sizing_mode="stretch_width")
    content = PageContent(pn.Column(sizing_mode="stretch_width"), [plot, budget, scenario, history, table])
    headings: dict[str, SectionHeading] = {}
    bodies: list[pn.Column] = []

    def add_heading() -> None:
        name = benchmarks[len(bodies)]
        heading = SectionHeading(
            title=name, description=BENCHMARK_DESCRIPTIONS.get(name, ""), on_jump=jump, sizing_mode="stretch_width"
        )
        body = pn.Column(sizing_mode="stretch_width", min_height=SECTION_HEIGHT)
        index = len(bodies)
        heading.param.watch(lambda _, i=index: build(i), "seen")
        headings[name] = heading
        bodies.append(body)
        sections.objects = [*sections.objects, heading, body]

    def build(index: int) -> None:
        body = bodies[index]
        if body.objects:
            return
        name = benchmarks[index]
        bench_plot = ParetoPlot(model, view=name, height=380)
        bench_table = LeaderboardTable(model, view=name, on_compare=on_compare)
        content.views += [bench_plot, bench_table]
        body.param.update(objects=[bench_plot, bench_table], min_height=None)
        if len(bodies) == index + 1 and len(bodies) < len(benchmarks):
            add_heading()

    def open_up_to(name: str) -> SectionHeading:
        while name not in headings:
            add_heading()
        return headings[name]

    def jump(name: str) -> None:
        if name in benchmarks:
            open_up_to(name).scroll()
            on_jump(name)

    content.layout.objects = [
        # The title can come from a row's suite: HTML-escaped text, never Markdown.
        pn.pane.HTML(f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>", sizing_mode="stretch_width"),
        *([SectionLinks(names=benchmarks, on_jump=jump, sizing_mode="stretch_width")] if benchmarks else []),
        scenario,
        budget,
        plot,
        history,
        table,
        sections,
    ]

    def build_first() -> None:
        if content.disposed:  # the reader left before the page reached the browser
            return
        build(0)
        if open_section in benchmarks:
            heading = open_up_to(open_section)
            heading.seen = True
            heading.scroll()

    if benchmarks:
        add_heading()
        # The first section follows once the page is in the browser (at once when the session is
        # already loaded, as on a sidebar switch): the reader sees the category first, and a burst
        # of new sessions is not slowed by plots below the fold.
        pn.state.onload(build_first)
    return content
