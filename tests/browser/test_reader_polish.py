"""What a researcher sees in the plots and tables: hover, shared links, the cost axis, the budget,
frontier marks, empty results, the CI switch and dropdowns (issue: the rough edges)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PICKED, ROW, point_position, wait_ready

pytestmark = pytest.mark.browser

# The first figure's named models, as plain values.
FIGURE_JS = """
() => {
  const fig = Array.from(Bokeh.index.all_views()).find(v => v.model.type === 'Figure' && v.el.isConnected);
  const named = (n) => fig.model.document.get_model_by_name(n);
  const points = named('points').data_source.data;
  return {
    ticks: Array.from(named('xticks').ticks), divider: named('divider').visible ? named('divider').location : null,
    x1: fig.model.x_range.end, ids: Array.from(points.id), outline: Array.from(points.outline),
    ci: named('ci').data_source.data.x0.length, best: named('best') ? named('best').visible : null,
    bestText: named('best') ? String(named('best').text) : '',
  };
}
"""
# The first figure's canvas as a PNG data URL (the tooltip is HTML over it, not part of it).
CANVAS_JS = """
() => {
  const fig = Array.from(Bokeh.index.all_views()).find(v => v.model.type === 'Figure' && v.el.isConnected);
  return fig.export('png').canvas.toDataURL();
}
"""


@contextmanager
def fresh_page(browser, width: int, height: int) -> Iterator:
    """A page in a browser context of its own: no cookies or storage from other tests."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def figure(page) -> dict:
    return page.evaluate(FIGURE_JS)


def test_hovering_a_point_changes_nothing_but_the_tooltip(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    before = page.evaluate(CANVAS_JS)
    where = point_position(page, "react-gpt-5")
    page.mouse.move(where["x"], where["y"])
    page.locator(".bk-Tooltip").first.wait_for(state="visible")
    expect(page.locator(".bk-Tooltip").filter(has_text="Agent")).to_have_count(1)  # one tooltip, the nearest agent's
    assert page.evaluate(CANVAS_JS) == before  # no marker changed shape, size or colour


def test_a_shared_link_ticks_its_rows_in_a_fresh_browser(browser, server):
    with fresh_page(browser, 1400, 1000) as page:
        page.goto(server.url + "/?selected=react-o3,react-gpt-5-mini")
        wait_ready(page)
        page.locator(PICKED).nth(1).wait_for()
        ticked = page.locator(PICKED).evaluate_all("rows => rows.map(r => r.dataset.id)")
        assert sorted(ticked) == ["react-gpt-5-mini", "react-o3"]


def test_cost_ticks_are_dollars_and_stop_at_the_unknown_strip(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    drawn = figure(page)
    assert drawn["divider"] is not None and len(drawn["ticks"]) >= 2
    assert all(t < drawn["divider"] for t in drawn["ticks"])
    # The labels are drawn on the canvas; check the formatter's output for the ticks instead.
    labels = page.evaluate("""() => {
      const fig = Array.from(Bokeh.index.all_views()).find(v => v.model.type === 'Figure' && v.el.isConnected);
      const ticks = Array.from(fig.model.document.get_model_by_name('xticks').ticks);
      return fig.model.below[0].formatter.doFormat(ticks, {loc: 0});
    }""")
    assert [str(label) for label in labels] == ["$0.10", "$1"]
    # After a filter that leaves a narrow range of known costs, there are still at least two.
    page.get_by_label("Search", exact=True).fill("gpt-5-mini")
    page.wait_for_function("() => window.location.search.includes('q=gpt-5-mini')")
    # Until the plot shows only the remaining agents, then count its ticks.
    page.wait_for_function(f"() => ({FIGURE_JS})().ids.length < {len(drawn['ids'])}")
    assert len(figure(page)["ticks"]) >= 2


def test_the_budget_greys_out_dearer_agents_and_marks_the_best_within_it(page, server):
    page.goto(server.url + "/?budget=0.1")
    wait_ready(page)
    best = page.locator(f"{ROW}.best")
    best.first.wait_for()
    assert best.count() == 1 and "best within $0.1" in best.inner_text()
    assert "ReAct (gpt-5-mini)" in best.inner_text()  # 31.6% at $0.037: the top score within $0.10
    assert page.locator(f"{ROW}.dim", has_text="Asta v0").count() == 1  # $3.40: over budget
    page.wait_for_function(f"() => ({FIGURE_JS})().best === true")
    assert "best within $0.1" in figure(page)["bestText"]


def test_an_invalid_budget_is_explained_and_the_budget_in_force_named(page, server):
    page.goto(server.url + "/?budget=0.1")
    wait_ready(page)
    field = page.get_by_placeholder("e.g. 0.50")
    for bad in ("abc", "-1"):
        field.fill(bad)
        page.get_by_text("Not a cost: enter dollars per problem, such as 0.5. Still in force: $0.1.").wait_for()
        assert field.get_attribute("aria-invalid") == "true"
    field.fill("")
    page.wait_for_function("() => !window.location.search.includes('budget=')")
    page.wait_for_function("() => true")
    page.locator(f"{ROW}.dim").first.wait_for(state="detached")


def test_frontier_agents_are_marked_even_alone(page, server):
    page.goto(server.url + "/?q=Asta%20v0")
    wait_ready(page)
    page.wait_for_function(f"() => ({FIGURE_JS})().ids.length === 1")
    drawn = figure(page)
    assert drawn["outline"] == ["#D55E00"]  # the frontier's colour, though there is no line to draw
    assert page.locator(ROW).first.locator(".front").count() == 1


def test_no_match_says_so_and_offers_to_clear_the_filters(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_label("Search", exact=True).fill("no agent is called this")
    page.get_by_role("cell", name="No agent matches the filters.").wait_for()
    page.locator("div.empty", has_text="No agent matches the filters.").wait_for()  # over the empty plot, too
    page.get_by_role("cell").get_by_role("button", name="Clear filters").click()
    page.locator(ROW, has_text="Asta v0").first.wait_for()
    assert page.get_by_label("Search", exact=True).input_value() == ""


def test_the_ci_switch_governs_tables_and_every_plot(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    assert "±" in page.locator(ROW).first.inner_text()
    assert figure(page)["ci"] > 0  # the overall plot has error bars too
    page.get_by_label("95% confidence intervals").uncheck()
    page.wait_for_function(f"() => ({FIGURE_JS})().ci === 0")
    expect(page.locator(ROW).first).not_to_contain_text("±")


def test_escape_closes_the_dropdowns(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_text("Columns").first.click()
    page.get_by_role("checkbox", name="Submitter").wait_for()
    page.keyboard.press("Escape")
    page.get_by_role("checkbox", name="Submitter").wait_for(state="hidden")
    page.get_by_text("More filters: models, submitters, dates").click()
    page.get_by_text("Submitted from").wait_for()
    page.keyboard.press("Escape")
    page.get_by_text("Submitted from").wait_for(state="hidden")


@pytest.mark.parametrize("width", [1400, 390])
def test_compare_shows_levels_and_a_readable_chart(browser, server, width):
    with fresh_page(browser, width, 900) as page:
        page.goto(server.url + "/?page=compare&compare=react-o3,react-gpt-5-mini")
        page.get_by_role("row", name="Overall").first.wait_for()
        rows = page.locator("tr.overall, tr.category, tr.benchmark")
        kinds = rows.evaluate_all("rows => rows.map(r => [r.className, r.querySelector('th').textContent])")
        assert kinds[0] == ["overall", "Overall"] and kinds[1] == ["category", "Literature Understanding"]
        assert ["benchmark", "PaperFindingBench"] in kinds and ["category", "Data Analysis"] in kinds
        # Benchmarks sit indented under their category.
        indent = rows.evaluate_all(
            "rows => rows.map(r => parseFloat(getComputedStyle(r.querySelector('th')).paddingLeft))"
        )
        assert indent[kinds.index(["benchmark", "PaperFindingBench"])] > indent[1]
        if width == 1400:  # every cell shows in full on a desktop
            assert page.locator(".wrap").evaluate("e => e.scrollWidth <= e.clientWidth")
        page.wait_for_function("""() => Array.from(Bokeh.index.all_views()).some(v => v.model.type === 'Figure'
            && v.el.isConnected && v.el.getBoundingClientRect().height > 150)""")
        factors = page.evaluate("""() => Array.from(Bokeh.index.all_views()).find(v => v.model.type === 'Figure'
            && v.el.isConnected).model.y_range.factors""")
        assert list(factors)[::-1][:2] == ["Overall", "Literature Understanding"]  # named bands, one per view
        assert page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]") == [width, width]


def test_compare_selected_and_clear_selection_from_the_table(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    for name in ("ReAct (o3)", "ReAct (gpt-5-mini)"):
        page.get_by_role("checkbox", name=f"Select {name}").check()
    page.locator(PICKED).nth(1).wait_for()
    page.get_by_role("button", name="Compare selected (2)").click()
    page.get_by_role("heading", name="Compare agents").wait_for()
    page.get_by_role("row", name="Overall").first.wait_for()
    page.wait_for_function("() => window.location.search.includes('page=compare')")
    assert "compare=react-o3%2Creact-gpt-5-mini" in page.evaluate("() => window.location.search")
    page.get_by_role("link", name="Overall").click()
    wait_ready(page)
    page.get_by_role("button", name="Clear selection").click()
    page.locator(PICKED).first.wait_for(state="detached")
    expect(page.get_by_role("button", name="Clear selection")).to_be_hidden()


def test_the_column_choice_is_kept_in_the_url(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_text("Columns").first.click()
    page.get_by_role("checkbox", name="Submitter").uncheck()
    page.wait_for_function("() => window.location.search.includes('hide=submitter')")
    page.reload()
    wait_ready(page)
    assert page.get_by_role("columnheader", name="Submitter").count() == 0
    assert page.get_by_role("columnheader", name="Models").count() == 1


def test_invalid_link_parts_are_dropped_and_said_once(page, server):
    page.goto(server.url + "/?models=nonexistent-model&budget=abc&page=lit")
    page.get_by_text("Part of this link could not be used").wait_for()
    assert page.get_by_text("Ignored: models, budget").count() == 1
    page.wait_for_function(
        "() => !window.location.search.includes('models=') && !window.location.search.includes('budget=')"
    )
    assert "page=lit" in page.evaluate("() => window.location.search")
    page.get_by_role("link", name="Overall").click()
    wait_ready(page)
    # The notice goes with the page switch, which may still be drawing: a retrying check.
    expect(page.get_by_text("Part of this link could not be used")).to_be_hidden()


def test_hovered_and_selected_rows_look_different(page, server):
    page.goto(server.url + "/?selected=react-o3")
    wait_ready(page)
    picked = page.locator(PICKED).first
    picked.wait_for()
    other = page.locator(ROW, has_text="Asta v0").first
    other.hover()
    background = "e => getComputedStyle(e.querySelector('td.k-number')).backgroundImage"
    assert other.evaluate(background) != picked.evaluate(background)


def test_dark_mode_is_kept_across_visits(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_title("Switch to the dark theme").click()  # stores the choice, then reloads
    page.get_by_title("Switch to the light theme").wait_for()
    page.goto(server.url + "/?page=about")
    page.get_by_title("Switch to the light theme").wait_for()
    assert page.evaluate("() => document.cookie").count("abl_theme=dark") == 1


# Text sizes of every drawn figure's axes and title, and the history chart's legend placement.
FIGURE_TEXT_JS = """
() => Array.from(Bokeh.index.all_views()).filter(v => v.model.type === 'Figure' && v.el.isConnected).map(v => ({
  sizes: [...v.model.below, ...v.model.left].filter(m => m.axis_label_text_font_size)
    .map(a => [a.axis_label_text_font_size, a.major_label_text_font_size]).concat([[v.model.title.text_font_size]]),
  legendBelow: v.model.below.some(m => m.type === 'Legend'),
}))
"""


def test_dark_mode_on_a_phone_keeps_text_sizes_links_readable_and_no_sideways_scroll(browser, server):
    with fresh_page(browser, 390, 844) as page:
        page.context.add_cookies([{"name": "abl_theme", "value": "dark", "url": server.url}])
        page.goto(server.url + "/?page=lit&split=validation&history=1")
        wait_ready(page, "Example agent")
        page.wait_for_function(f"() => ({FIGURE_TEXT_JS})().some(f => f.legendBelow)")  # the history chart
        assert page.evaluate("() => document.documentElement.scrollWidth") == 390
        figures = page.evaluate(FIGURE_TEXT_JS)
        # Panel's dark theme would enlarge them and push the axis label past a phone's edge.
        assert all(s in (["13px", "11px"], ["13px"]) for f in figures for s in f["sizes"])
        link = page.locator(f"{ROW} a.link").first
        assert link.evaluate("a => getComputedStyle(a).color") == "rgb(68, 147, 248)"  # the dark accent


def test_a_section_link_records_the_benchmark_without_a_reload(page, server):
    page.goto(server.url + "/?page=lit")
    page.get_by_role("heading", name="PaperFindingBench").wait_for()
    page.evaluate("() => { window.__sameDocument = true }")
    page.get_by_role("button", name="link").first.click()
    page.wait_for_function("() => window.location.search.includes('bench=PaperFindingBench')")
    assert page.evaluate("() => window.__sameDocument === true")  # no reload


def test_a_phone_reader_sees_the_ranking_and_the_plot_without_scrolling_sideways(browser, server):
    with fresh_page(browser, 390, 844) as page:
        page.goto(server.url + "/?page=lit")
        wait_ready(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") == 390
        # The menu starts closed; the split buttons and the theme button are on screen.
        nav = page.get_by_role("link", name="Compare agents").bounding_box()
        assert (
            nav is None or nav["x"] + nav["width"] <= 0 or page.get_by_role("link", name="Compare agents").is_hidden()
        )
        for control in (page.get_by_role("button", name="Validation"), page.get_by_title("Switch to the dark theme")):
            box = control.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        plot = page.locator(".bk-Figure").first.bounding_box()
        assert plot["x"] >= 0 and plot["x"] + plot["width"] <= 390
        # The category table's pager ends above the next section's heading.
        page.get_by_role("heading", name="PaperFindingBench").wait_for()
        pager = page.locator("nav.pager").first.bounding_box()
        heading = page.get_by_role("heading", name="PaperFindingBench").bounding_box()
        assert pager["y"] + pager["height"] <= heading["y"]


def test_the_agent_column_tells_rows_apart(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    headers = page.locator("thead th").all_inner_texts()
    assert headers[2].startswith("#") and headers[3].startswith("Agent")  # after the tick and details columns
    first = page.locator(ROW).first
    assert first.locator("td.sel").inner_text().strip() == ""  # nothing but the box: no stray "…"
    assert first.locator(".front").inner_text() == "▲" and "★" not in first.locator(".front").inner_text()
    labels = page.locator(f"{ROW} td.k-agent .value").all_inner_texts()
    assert "ReAct (gpt-5)" in labels and len(labels) == len(set(labels))
    # Every header shows in full.
    assert page.locator("thead th").evaluate_all("ths => ths.every(t => t.scrollHeight <= t.clientHeight + 1)")


def test_a_repeated_agent_explains_its_number_on_hover(page, server):
    page.goto(server.url + "/?q=DataVoyager")
    wait_ready(page, "Asta DataVoyager")
    numbered = page.locator(f"{ROW} td.k-agent", has_text="(2)").first
    assert "submitted more than once" in numbered.get_attribute("title")


def test_every_table_pages_by_twenty(page, server):
    for path in ("/", "/?page=lit", "/?page=code"):
        page.goto(server.url + path)
        wait_ready(page)
        tables = page.locator(".rank-table > .scroller")
        for i in range(tables.count()):
            assert tables.nth(i).locator(ROW).count() == 20, (path, i)


def test_the_legend_marks_are_drawn_and_tell_openness_apart(page, server):
    page.goto(server.url + "/")
    wait_ready(page)
    zone = page.locator(".abl-legend-zone").first
    assert zone.inner_text() == ""  # a drawn swatch, not a character a font may lack
    assert zone.evaluate("e => getComputedStyle(e).borderLeftStyle") == "dotted"
    # Okabe-Ito colours, which stay apart for the common colour-vision deficiencies.
    colours = (
        page.locator(".abl-legend")
        .first.locator("span[style*='color']")
        .evaluate_all("spans => spans.map(s => getComputedStyle(s).color)")
    )
    assert colours == ["rgb(0, 158, 115)", "rgb(0, 114, 178)", "rgb(230, 159, 0)", "rgb(204, 121, 167)"]


def test_the_compare_picker_searches_and_closes(page, server):
    page.goto(server.url + "/?page=compare")
    page.get_by_role("heading", name="Compare agents").wait_for()
    picker = page.locator(".choices").first
    picker.click()
    # As a reader does: the list opens, then they type (keys pressed while it opens can be lost).
    page.locator(".choices__list--dropdown.is-active").first.wait_for()
    page.keyboard.type("gpt-5-mini")
    expect(page.locator(".choices input[type=search]").first).to_have_value("gpt-5-mini")
    options = page.locator(".choices__list--dropdown .choices__item--selectable")
    options.first.wait_for()
    assert all("gpt-5-mini" in text for text in options.all_inner_texts())
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Compare agents").click()  # a click elsewhere closes the list
    page.locator(".choices__list--dropdown").first.wait_for(state="hidden")
