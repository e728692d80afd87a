"""The analysis a reader does in the browser: what-if prices, the board as of a date and its
history, rank ranges, and the agents x benchmarks heatmap (embedded sample)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from abl.history import BUDGETS
from abl.model import Leaderboard
from abl.settings import SAMPLE_PREFIX
from components.history_chart import history_lines

from .conftest import PICKED, ROW, wait_ready

pytestmark = pytest.mark.browser
SAMPLE = SAMPLE_PREFIX / "asta-bench-results"

# The first (category or overall) figure's frontier layers: the reader's and the published one.
FRONTIERS_JS = """
() => {
  const fig = Array.from(Bokeh.index.all_views()).find(v => v.model.type === 'Figure' && v.el.isConnected
    && v.model.renderers.some(r => r.name === 'frontier'));
  const named = (n) => fig.model.document.get_model_by_name(n);
  const count = (n) => named(n).data_source.data.x.length;
  return {now: count('frontier'), published: count('published_frontier')};
}
"""
# Step lines of the history chart: how many points each draws.
HISTORY_JS = """
() => Array.from(Bokeh.index.all_views()).filter(v => v.model.type === 'Figure' && v.el.isConnected
  && v.model.x_scale.type === 'LinearScale' && v.model.renderers.some(r => r.glyph.type === 'Step'))
  .flatMap(v => v.model.renderers.filter(r => r.glyph.type === 'Step').map(r => r.data_source.data.date.length))
"""


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def row_text(page, agent: str) -> str:
    return page.locator(ROW, has_text=agent).first.inner_text()


def open_time_and_prices(page) -> None:
    """Unfold the sidebar's "Time and prices" (a link with a date or prices opens it folded out)."""
    if not page.get_by_label("Leaderboard as of").is_visible():
        page.get_by_text("Time and prices: as of a date, what-if prices").click()


def test_what_if_prices_recost_the_board_and_draw_both_frontiers(page, server):
    page.goto(server.url + "/?split=validation&page=lit")
    wait_ready(page, "Example agent: frugal router")
    assert "$0.011" in row_text(page, "frugal router")
    assert page.evaluate(FRONTIERS_JS)["published"] == 0
    open_time_and_prices(page)
    page.get_by_label("Model to reprice").select_option("gpt-5-mini")
    page.get_by_label("New price: a factor, or USD per million input/output tokens").fill("3")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_function("() => window.location.search.includes('prices=gpt-5-mini')")
    assert query(page)["prices"] == "gpt-5-mini=3"
    page.locator(ROW, has_text="frugal router").filter(has_text="$0.033").first.wait_for()
    page.get_by_text("Costs at your prices (gpt-5-mini × 3).").first.wait_for()
    page.get_by_text("Joins the frontier: Example agent: ReAct baseline").first.wait_for()
    page.wait_for_function(f"() => ({FRONTIERS_JS})().published > 0")
    expect(page.get_by_text("Literature Understanding cost (what-if)").first).to_be_visible()  # the header says so
    # A price that is not one is explained, and the prices in force stay.
    page.get_by_role("textbox", name="Price of gpt-5-mini").fill("-1")
    page.get_by_role("textbox", name="Price of gpt-5-mini").press("Enter")
    page.get_by_text("gpt-5-mini: price factor -1 must be between 0 and 1000. Still in force: gpt-5-mini=3.").wait_for()
    assert query(page)["prices"] == "gpt-5-mini=3"
    # Back to the published prices.
    page.get_by_label("Remove the price of gpt-5-mini").click()
    page.wait_for_function("() => !window.location.search.includes('prices=')")
    page.locator(ROW, has_text="frugal router").filter(has_text="$0.011").first.wait_for()
    expect(page.get_by_text("Literature Understanding cost", exact=True).first).to_be_visible()
    assert not page.errors


def test_rows_without_token_counts_keep_their_published_cost_and_say_so(page, server):
    """The paper's rows publish no token counts: list prices cannot apply, a factor can."""
    page.goto(server.url + "/?page=data&prices=gpt-5%3D1/5")
    wait_ready(page, "Asta DataVoyager")
    voyager = page.locator(ROW, has_text="Asta DataVoyager").filter(has_text="gpt-5").first
    expect(voyager.locator("td.k-number", has_text="published").first).to_be_visible()
    hint = voyager.locator("td.k-number", has_text="published").first.get_attribute("title")
    assert hint == "Not repriced: published cost kept for DiscoveryBench: no token counts for gpt-5."
    page.goto(server.url + "/?prices=gpt-5%3D0.5")
    wait_ready(page, "ReAct (gpt-5)")
    assert "$0.154" in row_text(page, "ReAct (gpt-5)")  # $0.309 published, halved


def test_the_board_as_of_a_date_and_its_history(page, server):
    page.goto(server.url + "/?split=validation&asof=2025-09-30")
    wait_ready(page, "Example agent: end-to-end explorer")
    expect(page.get_by_text("1–6 of 6 agents").first).to_be_visible()
    page.get_by_text("The leaderboard as of 2025-09-30: 6 agents had been submitted by then").first.wait_for()
    page.get_by_text("Best score within a budget, over time").first.click()
    page.wait_for_function(f"() => ({HISTORY_JS})().length === 3")
    page.wait_for_function("() => window.location.search.includes('history=1')")  # unfolded, in the link
    # Each budget's line as the server computes it (tested by hand in tests/test_site_analysis.py).
    board = Leaderboard(str(SAMPLE), split="validation")
    lines = history_lines(board.best_over_time(), BUDGETS, dt.date(2026, 9, 18))  # the newest submission
    assert page.evaluate(HISTORY_JS) == [len(lines[b]["date"]) for b in BUDGETS] == [0, 3, 6]
    chart = page.locator(".bk-Canvas").last
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    page.wait_for_function("() => !window.location.search.includes('asof=2025-09-30')")
    assert query(page)["asof"] > "2025-09-30"
    open_time_and_prices(page)
    date = page.get_by_label("Leaderboard as of")
    date.fill("")
    date.dispatch_event("change")
    page.wait_for_function("() => !window.location.search.includes('asof=')")
    expect(page.get_by_text("1–12 of 12 agents").first).to_be_visible()
    assert not page.errors


def test_a_link_opens_the_history_chart_unfolded(page, server):
    page.goto(server.url + "/?page=lit&split=validation&history=1")
    wait_ready(page, "Example agent")
    page.wait_for_function(f"() => ({HISTORY_JS})().length === 3")  # drawn without a click
    page.get_by_text("Best score within a budget, over time").first.click()  # folded again
    page.wait_for_function("() => !window.location.search.includes('history=')")
    assert not page.errors


def test_rank_ranges_and_near_frontier_marks(page, server):
    page.goto(server.url + "/?page=lit")
    wait_ready(page)
    # Asta v0's interval lies above every other: rank 1, settled. ReAct (o3), third, could be 3rd to 8th.
    first = page.locator(ROW).first.locator("td.k-rank")
    assert first.locator(".ci").count() == 0
    assert first.get_attribute("title") == (
        "Settled by the 95% intervals: every other agent's interval lies wholly above or below this one's."
    )
    third = page.locator(ROW).nth(2).locator("td.k-rank")
    assert third.locator(".ci").inner_text().strip() == "3–8"
    assert "anywhere from 3 to 8 within the 95% intervals" in third.get_attribute("title")
    near = page.locator(f"{ROW} .near").first
    expect(near).to_be_visible()
    assert near.inner_text() == "≈"
    assert "Its 95% interval reaches the frontier" in near.get_attribute("title")


def test_heatmap_sorts_hovers_and_selects(page, server):
    page.goto(server.url + "/?page=heatmap")
    page.get_by_text("1–50 of 57 agents").first.wait_for()
    grid = page.locator("table", has=page.locator("td.cell")).first
    assert grid.locator("tbody tr").count() == 50
    assert grid.locator("tbody tr").first.locator("td.agent").inner_text().endswith("Asta v0")
    # Sort by a benchmark: best first; the sort goes into the link.
    grid.get_by_role("button", name="ScholarQA-CS2").click()
    page.wait_for_function("() => window.location.search.includes('sort=ScholarQA-CS2%3Adesc')")
    assert "Asta Scholar QA (w/ Tables) (o3)" in grid.locator("tbody tr").first.inner_text()
    # Hover a cell: benchmark, score with its interval, cost.
    cell = grid.locator("tbody tr").first.locator("td.cell").nth(3)
    cell.hover()
    tip = page.locator(".tip")
    expect(tip).to_be_visible()
    assert "ScholarQA-CS2" in tip.inner_text() and "Score 88.7% ±" in tip.inner_text() and "Cost $" in tip.inner_text()
    # Click an agent: selected everywhere, kept in the link.
    grid.locator("tbody tr").first.locator("button.name").click()
    page.wait_for_function("() => window.location.search.includes('selected=')")
    selected = query(page)["selected"]
    page.goto(server.url + f"/?page=lit&selected={selected}")
    wait_ready(page)
    expect(page.locator(PICKED)).to_have_count(1)
    assert not page.errors


def test_heatmap_link_opens_sorted_and_filtered(page, server):
    page.goto(server.url + "/?page=heatmap&sort=DS-1000:asc&openness=osow")
    page.locator("td.cell").first.wait_for()
    assert query(page)["sort"] == "DS-1000:asc"
    rows = page.locator("table", has=page.locator("td.cell")).first.locator("tbody tr")
    expect(page.get_by_text("1–4 of 4 agents").first).to_be_visible()  # open weights: the llama agents
    first = rows.first
    assert "Smolagents Coder (llama-4-scout)" in first.inner_text()  # the lowest DS-1000 score, 2.7%
    assert first.locator("td.cell").nth(8).inner_text() == "3"
    assert rows.nth(3).locator("td.cell").nth(8).inner_text() == "—"  # not run: last, whichever the order


def test_heatmap_fits_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "/?page=heatmap")
    page.locator("td.cell").first.wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the grid scrolls, not the page
    context.close()


@pytest.fixture
def other_site() -> Iterator[str]:
    """Another origin (its own port on loopback, so Chromium's local-network rules do not apply)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>another site</body></html>")

        def log_message(self, *args) -> None:
            pass

    site = HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_port}/"
    site.shutdown()
    site.server_close()


def test_another_site_reads_the_json_api(page, server, other_site):
    """A page of another origin fetches the API from the browser: CORS lets it read the rows, and
    a second request is answered from the browser's cache check with the same ETag."""
    page.goto(other_site)
    got = page.evaluate(
        """async (base) => {
          const first = await fetch(base + "/api/v1/leaderboard?view=lit&mode=paper")
          const body = await first.json()
          const again = await fetch(base + "/api/v1/leaderboard?view=lit&mode=paper",
                                    { headers: { "If-None-Match": first.headers.get("ETag") } })
          const bad = await fetch(base + "/api/v1/leaderboard?view=nope")
          return { status: first.status, rows: body.rows.length, first: body.rows[0].agent, view: body.view.key,
                   again: again.status, bad: bad.status, message: (await bad.json()).error.parameter }
        }""",
        server.url,
    )
    board = Leaderboard(str(SAMPLE), view="lit", mode="paper")
    assert got == {
        "status": 200,
        "rows": len(board.frame),
        "first": board.frame["agent"].iloc[0],
        "view": "lit",
        "again": 304,
        "bad": 400,
        "message": "view",
    }
