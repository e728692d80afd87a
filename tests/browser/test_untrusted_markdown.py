"""Agent names, descriptions and submitters that are Markdown or HTML payloads show as text in
the browser: nothing is fetched from the payloads' host, no image or link is made, no handler runs.
(Built like test_live_data's dataset of hostile text.)"""

from __future__ import annotations

import pytest

from tests.builders import SUITE, result, submission, write_dataset

from .conftest import ROW, Server, point_position

pytestmark = pytest.mark.browser

IMAGE = "![x](https://evil.example/p.png)"
REMOTE = '<img src="https://evil.example/q.png">'
HANDLER = "<img src=x onerror=alert(1)>"
LINK = "[link](javascript:alert(1))"
# row id -> (agent name, submitter, description): every payload in every role.
AGENTS = {
    "evil-image": (IMAGE, REMOTE, LINK),
    "evil-remote": (REMOTE, HANDLER, IMAGE),
    "evil-handler": (HANDLER, LINK, REMOTE),
    "evil-link": (LINK, IMAGE, HANDLER),
}

# Each Pareto plot's title as [type, text]: a PlainText model, or a "string" (which Bokeh reads as TeX).
TITLES_JS = (
    "() => Array.from(Bokeh.index.all_views()).filter(v => v.model.name === 'pareto').map(v => {"
    " const t = v.model.title.text; return typeof t === 'string' ? ['string', t] : [t.type, t.text] })"
)


def row(agent: str, submitter: str, description: str) -> dict:
    results = [
        result("ScholarQA_CS2", 0.5, 0.02, [0.1, 0.2], metric="global_avg/mean"),
        result("DS_1000", 0.25, 0.01, [0.01, 0.03], metric="ds1000_scorer/accuracy"),
    ]
    return submission(results, agent=agent, suite=SUITE, username=submitter, agent_description=description)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, artifacts):
    prefix = tmp_path_factory.mktemp("prefix")
    write_dataset(prefix / "asta-bench-results", {row_id: row(*texts) for row_id, texts in AGENTS.items()})
    srv = Server(env={"ABL_DATASET_PREFIX": str(prefix)})
    yield srv
    srv.stop()


@pytest.fixture
def watched(page):
    """The page, recording (and refusing) every request to the payloads' host and every dialog."""
    page.evil_requests = []
    page.dialogs = []
    page.on(
        "request", lambda request: page.evil_requests.append(request.url) if "evil.example" in request.url else None
    )
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.route(lambda url: "evil.example" in url, lambda route: route.abort())
    return page


def assert_nothing_was_made_of_the_payloads(page) -> None:
    page.wait_for_timeout(1000)  # time for an image to be requested or a handler to fire, were one made
    assert page.locator('img[src*="evil.example"]').count() == 0
    assert page.locator("img[onerror]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.evil_requests == [] and page.dialogs == [] and not page.errors


def test_home_page_shows_payloads_as_text(watched, hostile_server):
    page = watched
    page.goto(hostile_server.url + "/")
    for row_id, (agent, submitter, description) in AGENTS.items():
        shown = page.locator(f"{ROW}[data-id='{row_id}']")
        shown.wait_for()
        assert agent in shown.inner_text() and submitter in shown.inner_text()
        shown.get_by_role("button", name="Details of").click()
        page.locator("tr.detail p.desc", has_text=description).wait_for()
    page.wait_for_function("() => Bokeh.documents.every(d => d.is_idle)")
    for row_id, (agent, submitter, _) in AGENTS.items():  # the plot's tooltip names the agent and the submitter
        position = point_position(page, row_id)
        page.mouse.move(position["x"], position["y"])
        tooltip = page.locator(".bk-tooltip-content", has_text=agent).first
        tooltip.wait_for()
        assert submitter in tooltip.inner_text()
    assert page.evaluate(TITLES_JS) == [["PlainText", "Overall: score vs. cost"]]
    assert_nothing_was_made_of_the_payloads(page)


def test_category_page_shows_payloads_as_text(watched, hostile_server):
    page = watched
    page.goto(hostile_server.url + "/?page=lit")
    page.get_by_role("heading", name="Literature Understanding").wait_for()
    table = page.locator(".rank-table").first
    table.locator(ROW).first.wait_for()
    for row_id, (agent, _, _) in AGENTS.items():
        assert agent in table.locator(f"{ROW}[data-id='{row_id}']").inner_text()
    # The category's plot, then the first benchmark section's, which follows once the page is loaded.
    page.wait_for_function(f"() => ({TITLES_JS})().length >= 2 && Bokeh.documents.every(d => d.is_idle)")
    titles = page.evaluate(TITLES_JS)
    assert len(titles) >= 2 and {kind for kind, _ in titles} == {"PlainText"}
    assert "Literature Understanding: score vs. cost" in {text for _, text in titles}
    assert_nothing_was_made_of_the_payloads(page)


def test_compare_page_shows_payloads_as_text(watched, hostile_server):
    page = watched
    page.goto(hostile_server.url + "/?page=compare&compare=" + ",".join(AGENTS))
    page.locator("tr", has_text="DS-1000").first.wait_for()
    table = page.locator("table", has_text="DS-1000").first.inner_text()
    for agent, _, _ in AGENTS.values():
        assert agent in table
        # The picker names the compared agents, as text.
        assert page.locator(".choices__inner .choices__item", has_text=agent).count() == 1
    assert_nothing_was_made_of_the_payloads(page)
