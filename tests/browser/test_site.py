"""The served site, driven like a user in headless Chromium (embedded sample data)."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import NAV_CLICKS_JS, PICKED, ROW, point_position, ringed, wait_ready, wait_x_scales, x_scales

pytestmark = pytest.mark.browser


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shows(page, text: str) -> bool:
    """Is `text` on the page? (Locators reach into Panel's shadow roots; `body` text does not.)"""
    return page.get_by_text(text).count() > 0


def test_home_page(page, server, artifacts):
    page.goto(server.url + "/")
    wait_ready(page)
    assert page.get_by_text("AstaBench Leaderboard").first.is_visible()
    assert page.get_by_text("Pareto frontier").first.is_visible()
    assert point_position(page, "asta-v0-mixture") is not None  # the plot has the agents
    first = page.locator(ROW).first.inner_text()
    assert "Asta v0" in first and "53.0%" in first and "$3.40" in first
    assert shows(page, "Data as of revision")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "home.png"))
    assert not page.errors


def test_switch_split(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_role("button", name="Validation").click()
    wait_ready(page, "Example agent")
    assert query(page)["split"] == "validation"
    assert page.locator(ROW, has_text="Asta v0").count() == 0
    page.get_by_role("button", name="Test").click()
    wait_ready(page)
    assert "split" not in query(page)


@pytest.mark.parametrize(
    "tag,title,benchmark",
    [
        ("lit", "Literature Understanding", "ScholarQA-CS2"),
        ("code", "Code & Execution", "DS-1000"),
        ("discovery", "End-to-End Discovery", "E2E-Bench-Hard"),
    ],
)
def test_category_pages(page, server, artifacts, tag, title, benchmark):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for()
    assert query(page)["page"] == tag
    # One table for the category and one for its first benchmark.
    page.locator(".rank-table").nth(1).locator(ROW).first.wait_for()
    if tag == "lit":
        page.wait_for_timeout(800)
        page.screenshot(path=str(artifacts / "category-literature.png"))
    # The sub-navigation jumps to a benchmark (built on the way) and records it in the URL.
    page.get_by_role("button", name=benchmark, exact=True).first.click()
    page.get_by_role("heading", name=benchmark).wait_for()
    page.wait_for_function("() => window.location.search.includes('bench=')")
    assert query(page)["bench"] == benchmark
    assert not page.errors


def test_a_category_of_one_benchmark_shows_it_once(page, server):
    page.goto(server.url + "/?page=data")
    page.get_by_role("heading", name="Data Analysis").wait_for()
    page.locator(".rank-table").first.locator(ROW).first.wait_for()
    page.wait_for_timeout(1500)  # time for any section below to appear
    assert page.locator(".rank-table > .tools").count() == 1  # one table: the category's
    assert page.get_by_role("heading", name="DiscoveryBench").count() == 0
    assert page.get_by_text("This category has one benchmark, DiscoveryBench").count() == 1
    assert not page.errors


def test_filter_by_search_and_openness(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_label("Search", exact=True).fill("smolagents")  # applies as the reader types
    page.wait_for_function("() => window.location.search.includes('q=smolagents')")
    rows = page.locator(ROW)
    expect(rows).to_have_count(8)
    assert all("Smolagents" in t for t in rows.all_inner_texts())
    page.get_by_role("button", name="Clear filters").click()
    wait_ready(page, "Asta v0")
    assert "q" not in query(page)


def test_toggle_log_axis(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    assert x_scales(page) == {"LogScale"}
    page.get_by_label("Log cost axis").click()
    page.wait_for_function("() => window.location.search.includes('log=0')")
    wait_x_scales(page, "LinearScale")
    assert x_scales(page) == {"LinearScale"}


def test_selecting_a_point_highlights_its_row(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    position = point_position(page, "react-o3")
    page.mouse.click(position["x"], position["y"])
    page.wait_for_function("() => window.location.search.includes('selected=react-o3')")
    selected = page.locator(PICKED)
    selected.first.wait_for()
    assert selected.count() == 1 and "o3" in selected.first.inner_text()
    assert ringed(page, ["ReAct (o3)"]) == ["ReAct (o3)"]
    # And the other way: ticking a row selects the agent in the plot.
    page.locator(ROW, has_text="Asta v0").locator("input[type=checkbox]").check()
    page.wait_for_function("() => window.location.search.includes('asta-v0-mixture')")
    assert ringed(page, ["Asta v0", "ReAct (o3)"]) == ["Asta v0", "ReAct (o3)"]


def test_shared_url_restores_the_view(page, server):
    state = "?page=code&mode=paper&openness=oscw&tooling=standard&selected=react-gpt-5&log=0&budget=0.1"
    page.goto(server.url + "/" + state)
    page.get_by_role("heading", name="Code & Execution").wait_for()
    wait_ready(page, "ReAct")
    assert query(page) == {k: v[0] for k, v in parse_qs(state[1:]).items()}
    assert page.get_by_role("checkbox", name="Open source & closed weights").is_checked()
    assert shows(page, "Best within $0.1 per problem")
    assert shows(page, "Paper mode: only agents")
    assert x_scales(page) == {"LinearScale"}
    assert ringed(page, ["ReAct (gpt-5)"]) == ["ReAct (gpt-5)"]
    rows = page.locator(".rank-table").first.locator(ROW)
    assert all("ReAct" in t for t in rows.all_inner_texts())


def test_garbage_url_falls_back_to_defaults(page, server):
    page.goto(server.url + "/?page=%3Cscript%3E&split=train&budget=abc&selected=nope&mode=x&from=never&openness=zz")
    wait_ready(page)
    assert not page.errors
    assert page.get_by_text("AstaBench compares AI research agents").first.is_visible()
    page.wait_for_function("() => window.location.search === ''")  # the invalid parameters are dropped


def test_download_csv(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").first.click()
    text = open(info.value.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 57 and rows[0]["agent"] == "Asta v0"
    assert re.fullmatch(r"0\.529\d{10,}", rows[0]["score"])  # full precision, not display rounding


def test_about_and_compare_pages(page, server):
    page.goto(server.url + "/?page=about")
    page.get_by_role("heading", name="The Pareto frontier").wait_for()
    assert shows(page, "Paper mode")
    page.goto(server.url + "/?page=compare&compare=react-gpt-5,asta-v0-mixture")
    page.locator("tr", has_text="DS-1000").first.wait_for()
    text = page.locator("table", has_text="DS-1000").first.inner_text()
    assert "78.0% ± 2.7" in text and "74.8% ± 2.8" in text


def test_a_click_during_a_page_switch_is_not_lost(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    loading = page.evaluate(NAV_CLICKS_JS, ["Literature Understanding", "Code & Execution"])
    assert loading  # shown at once, before the server answers
    page.get_by_role("heading", name="Code & Execution").wait_for()
    page.locator(".rank-table").nth(1).locator(ROW).first.wait_for()
    assert query(page)["page"] == "code"
    assert page.get_by_role("link", name="Code & Execution").get_attribute("aria-current") == "page"
    assert page.get_by_role("heading", name="Literature Understanding").count() == 0
    page.wait_for_function(
        "() => !Array.from(Bokeh.index.all_views()).find(v => v.model.class_name === 'SiteShell')"
        ".shadow_el.querySelector('.main').classList.contains('loading')"
    )
