"""The analysis views without a browser: the what-if notice, the history lines, the heatmap grid,
rank cells, the sidebar's price editor and the heatmap's URL state."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

import abl
from abl.heatmap import OVERALL, benchmark_columns, grid, sort_grid
from abl.live import LiveResults
from abl.settings import SAMPLE_PREFIX
from abl.summary import view_table
from components.filters import FilterPanel
from components.heatmap import heat_rows
from components.history_chart import history_lines
from components.scenario import scenario_text
from components.table_format import table_rows
from dashboards.site import Site

SAMPLE = str(SAMPLE_PREFIX / "asta-bench-results")


@pytest.fixture
def validation() -> abl.Leaderboard:
    return abl.Leaderboard(SAMPLE, split="validation")


def test_scenario_text_names_who_joins_and_leaves(validation):
    assert scenario_text(validation, "lit") == ""
    validation.reprice({"gpt-5-mini": 3, "claude-sonnet-4-20250514": "1/5", "llama-3.3-70b": 0.5})
    text = scenario_text(validation, "lit")
    assert text.startswith(
        "Costs at your prices (claude-sonnet-4-20250514 $1 in / $5 out per 1M tokens; gpt-5-mini × 3; "
        "llama-3.3-70b × 0.5). Joins the frontier: Example agent: ReAct baseline (gpt-4.1-mini +1). "
        "Leaves the frontier: Example agent: ReAct (gpt-5)."
    )
    validation.as_of = dt.date(2025, 9, 30)
    assert scenario_text(validation, "overall").startswith(
        "The leaderboard as of 2025-09-30: 6 agents had been submitted by then"
    )


def test_scenario_text_when_the_date_leaves_few_agents(validation):
    validation.param.update(view="lit", as_of=dt.date(2025, 3, 10))  # the first submission's day
    assert scenario_text(validation, "lit") == (
        "The leaderboard as of 2025-03-10: 1 agent had been submitted by then, and the frontier is theirs."
    )
    validation.reprice({"gpt-5-mini": 3})  # one agent: a frontier without a line to draw
    assert scenario_text(validation, "lit").endswith(
        "At published prices the frontier is Example agent: ReAct baseline (gpt-4.1-mini +1) alone."
    )
    validation.as_of = dt.date(2020, 1, 1)
    assert scenario_text(validation, "lit").startswith(
        "The leaderboard as of 2020-01-01: no agent matching your filters had been submitted by then. "
        "Clear the date (or the filters) to see them."
    )
    validation.clear_filters()  # the date hides agents as a filter does, and goes with them
    assert validation.as_of is None and len(validation.frame) == 9


def test_a_row_kept_at_its_published_cost_is_counted():
    board = abl.Leaderboard(SAMPLE, view="data")
    board.reprice({"gpt-5": "1/5"})
    assert scenario_text(board, "data") == (
        "Costs at your prices (gpt-5 $1 in / $5 out per 1M tokens). The frontier has the same agents. The dotted "
        "grey line is the frontier at published prices. 4 agents keep (part of) their published cost: see "
        "“published” in the cost column."
    )
    kept = board.frame[board.frame["cost_note"].astype(bool)]
    rows = table_rows(board.frame, kept, board.resolve("data"), None)
    assert all(r["cells"]["cost"]["s"] == "published" for r in rows) and rows


def test_history_lines_by_hand():
    history = pd.DataFrame(
        {
            "budget": [0.1, 0.1, 1.0],
            "date": [dt.date(2025, 1, 1), dt.date(2025, 3, 1), dt.date(2025, 6, 1)],
            "score": [0.3, 0.5, 0.7],
            "label": ["A", "B", "C"],
            "id": ["a", "b", "c"],
        }
    )
    lines = history_lines(history, (0.01, 0.1, 1.0), dt.date(2025, 6, 1))
    assert lines[0.01]["date"] == []
    # $0.10: its two rises, then held to the end of the axis; $1: it rose on the last day itself.
    assert [d.date() for d in lines[0.1]["date"]] == [dt.date(2025, 1, 1), dt.date(2025, 3, 1), dt.date(2025, 6, 1)]
    assert lines[0.1]["score"] == [30.0, 50.0, 50.0] and lines[0.1]["agent"] == ["A", "B", "B"]
    assert lines[1.0]["score_text"] == ["70.0%"] and lines[1.0]["date_text"] == ["2025-06-01"]


def test_heatmap_grid_holds_the_benchmark_tables_values():
    board = abl.Leaderboard(SAMPLE)
    frame = grid(board.data, board.frame)
    assert list(frame["id"]) == list(board.frame["id"]) and len(frame) == 57
    assert benchmark_columns(board.data)[:2] == ["PaperFindingBench", "LitQA2-FullText-Search"]
    scholar = view_table(board.data, "ScholarQA-CS2").set_index("id")
    for _, row in frame.iterrows():
        if row["id"] in scholar.index:
            assert row["ScholarQA-CS2 score"] == scholar.loc[row["id"], "score"]
            assert row["ScholarQA-CS2 cost"] == scholar.loc[row["id"], "cost"] or math.isnan(row["ScholarQA-CS2 cost"])
        else:
            assert math.isnan(row["ScholarQA-CS2 score"])
    ordered = sort_grid(frame, "ScholarQA-CS2", descending=True)
    scores = ordered["ScholarQA-CS2 score"]
    assert scores.notna().sum() == len(scholar) and scores.iloc[: len(scholar)].is_monotonic_decreasing
    assert sort_grid(frame, "no such column") is frame
    rows = heat_rows(ordered.head(1), [OVERALL, "ScholarQA-CS2", "DS-1000"])
    top = rows[0]
    assert top["agent"] == "Asta Scholar QA (w/ Tables) (o3)" and top["cells"][2] is None  # did not run DS-1000
    assert top["cells"][1]["t"] == f"{scores.iloc[0] * 100:.0f}"
    assert top["cells"][1]["h"][0] == "ScholarQA-CS2" and top["cells"][1]["h"][1].startswith("Score 88.")


def test_heatmap_follows_prices_and_filters():
    board = abl.Leaderboard(SAMPLE, openness=["Open source & open weights"])
    assert len(grid(board.data, board.frame)) == 4
    board.reprice({"gpt-5": 0.5})
    frame = grid(board.priced_data, board.table("overall"))
    assert set(frame["id"]) == set(board.frame["id"])


def test_rank_cells_carry_the_range():
    board = abl.Leaderboard(SAMPLE, view="lit")
    rows = table_rows(board.frame, board.frame.head(3), board.resolve("lit"), None)
    assert rows[0]["cells"]["rank"] == {
        "t": "1",
        "h": "Settled by the 95% intervals: every other agent's interval lies wholly above or below this one's.",
    }
    assert rows[2]["cells"]["rank"]["s"] == "3–8"
    assert rows[2]["cells"]["agent"]["n"] is False  # ReAct (o3): its interval does not reach the frontier


def test_price_editor_refuses_bad_prices_and_says_why(validation):
    panel = FilterPanel(validation)
    panel.sidebar.prices_text = "gpt-5-mini=3"
    assert dict(validation.prices)["gpt-5-mini"].factor == 3
    for bad, message in (
        ("gpt-5-mini=-1", "gpt-5-mini: price factor -1 must be between 0 and 1000"),
        (
            "gpt-5-mini=3,nobody=2",
            "no agent of this split used the model 'nobody'; models: claude-3-5-haiku-20241022, "
            "claude-sonnet-4-20250514, gemini-2.5-flash, gemini-2.5-pro, gpt-4.1, gpt-4.1-mini, gpt-4.1-nano, gpt-5, "
            "gpt-5-mini, llama-3.3-70b, o3",
        ),
        ("gpt-5-mini", "'gpt-5-mini' is not MODEL=FACTOR or MODEL=INPUT/OUTPUT"),
    ):
        panel.sidebar.prices_text = bad
        assert panel.sidebar.prices_problem == f"{message}. Still in force: gpt-5-mini=3."
        assert panel.sidebar.prices_text == "gpt-5-mini=3" and dict(validation.prices)["gpt-5-mini"].factor == 3
    panel.sidebar.prices_text = ""
    assert validation.prices == () and panel.sidebar.prices_problem == ""


def test_site_keeps_the_heatmap_sort_in_the_url():
    live = LiveResults(abl.Results(SAMPLE))
    site = Site(live, {"page": "heatmap", "sort": "DS-1000:asc", "asof": "2025-08-26"})
    assert site.state.sort == ("DS-1000", "asc") and site.model.as_of == dt.date(2025, 8, 26)
    assert site.query() == {"page": "heatmap", "asof": "2025-08-26", "sort": "DS-1000:asc"}
    heatmap = site._content.views[0]
    assert heatmap.widget.sort == ["DS-1000", "asc"] and heatmap.widget.total == 57
    heatmap.widget.sort = ["<script>", "desc"]  # from the browser: not a column, changes nothing
    assert site.state.sort == ("DS-1000", "asc")
    heatmap.widget.sort = ["ScholarQA-CS2", "desc"]
    assert site.query()["sort"] == "ScholarQA-CS2:desc"
    site.dispose()
    for bad in ("DS-1000", "DS-1000:sideways", "Nope:asc"):
        assert "sort" in Site(live, {"page": "heatmap", "sort": bad})._apply_query({"page": "heatmap", "sort": bad})
    assert Site(live, {"page": "overall", "sort": "DS-1000:asc"}).query() == {}


def test_site_keeps_the_unfolded_history_chart_in_the_url():
    from components.history_chart import HistoryChart

    live = LiveResults(abl.Results(SAMPLE))
    site = Site(live, {"page": "lit", "history": "1"})
    chart = next(v for v in site._content.views if isinstance(v, HistoryChart))
    assert chart.opened and not chart.card.collapsed and chart.pane.object is not None  # drawn for the link
    assert site.query() == {"page": "lit", "history": "1"}
    chart.card.collapsed = True  # the reader folds it
    assert not site.state.history and site.query() == {"page": "lit"}
    chart.card.collapsed = False
    site.state.page = "overall"  # it stays unfolded on the next page
    chart = next(v for v in site._content.views if isinstance(v, HistoryChart))
    assert chart.opened and site.query() == {"history": "1"}
    site.state.page = "compare"  # a page without the chart does not say it
    assert site.query() == {"page": "compare"}
    site.dispose()
    for query in ({"history": "yes"}, {"page": "about", "history": "1"}):
        assert "history" in Site(live, query)._apply_query(query)
    folded = Site(live, {})
    assert not next(v for v in folded._content.views if isinstance(v, HistoryChart)).card.objects  # nothing built


def test_the_about_page_states_the_methods():
    from dashboards.content import ABOUT

    for statement in (
        "its whole interval lies above the agent's",
        "one more than\nthe number of agents surely ahead of it",
        "at its lowest\nplausible cost (its cost minus its cost interval) its highest plausible score",
        "(an\nunchanged price gives back the published cost exactly)",
        "only the agents submitted by then",
    ):
        assert statement in ABOUT
