"""The About, Compare and Submit pages at desktop and phone width: the About page's blocks keep
apart and name no server paths, the filters show only on leaderboard pages, and /submit tells a
reader what to do (log in, or that this server takes no submissions)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from abl.settings import SAMPLE_PREFIX
from tests.support.server import Server

from .conftest import ROW

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
PHONE_LAYOUT_BELOW = 900  # components/shell.py: the sidebar becomes a drawer
PASSWORD = "polish-test-password"

# The text of the page, shadow roots included (Panel draws inside them), without stylesheets and scripts.
PAGE_TEXT_JS = """
() => {
  const parts = []
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const node = walker.currentNode
      if (!["STYLE", "SCRIPT"].includes(node.parentNode.nodeName)) { parts.push(node.nodeValue) }
    }
    for (const el of root.querySelectorAll("*")) { if (el.shadowRoot) { visit(el.shadowRoot) } }
  }
  visit(document.body)
  return parts.join(" ")
}
"""

# Has the server built `key`'s page, and has the shell stopped showing that it is loading?
RENDERED_JS = """
(key) => {
  if (!window.Bokeh || !Bokeh.index) { return false }
  const shell = Array.from(Bokeh.index.all_views()).find(v => v.model.class_name === 'SiteShell')
  const main = shell && shell.shadow_el.querySelector('.main')
  return !!main && shell.model.data.rendered === key && !main.classList.contains('loading')
    && Bokeh.documents.every(d => d.is_idle)
}
"""


@pytest.fixture(scope="module")
def copied_prefix(tmp_path_factory) -> Path:
    """A dataset prefix of its own, holding a copy of the sample's results."""
    prefix = tmp_path_factory.mktemp("polish") / "datasets"
    shutil.copytree(SAMPLE_PREFIX / "asta-bench-results", prefix / "asta-bench-results")
    return prefix


@pytest.fixture(scope="module")
def login_server(copied_prefix) -> Iterator[Server]:
    """The site with basic auth, on the copy."""
    srv = Server(
        env={
            "ABL_DATASET_PREFIX": str(copied_prefix),
            "ABL_SUBMISSION_PREFIX": str(copied_prefix.parent),
            "ABL_BASIC_AUTH_PASSWORD": PASSWORD,
        },
        args=["--auth", "basic"],
    )
    yield srv
    srv.stop()


@pytest.fixture(params=list(VIEWPORTS))
def sized(page, request):
    """The test's page at desktop or phone width."""
    page.set_viewport_size(VIEWPORTS[request.param])
    return page


def page_text(page) -> str:
    return page.evaluate(PAGE_TEXT_JS)


def wait_rendered(page, key: str) -> None:
    page.wait_for_function(RENDERED_JS, arg=key, timeout=30_000)
    page.wait_for_timeout(300)  # let the page lay out


def is_phone(page) -> bool:
    return page.viewport_size["width"] < PHONE_LAYOUT_BELOW


def open_menu(page) -> None:
    """On a phone the navigation and the sidebar live in a drawer behind the menu button."""
    menu = page.get_by_role("button", name="Open the menu")
    if is_phone(page) and menu.get_attribute("aria-expanded") != "true":
        menu.click()


def nav(page, label: str, key: str) -> None:
    open_menu(page)
    page.get_by_role("link", name=label, exact=True).click()
    wait_rendered(page, key)


def filters_heading(page):
    open_menu(page)
    return page.get_by_role("heading", name="Filters and display")


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def union(a: dict, b: dict) -> dict:
    x, y = min(a["x"], b["x"]), min(a["y"], b["y"])
    return {
        "x": x,
        "y": y,
        "width": max(a["x"] + a["width"], b["x"] + b["width"]) - x,
        "height": max(a["y"] + a["height"], b["y"] + b["height"]) - y,
    }


def apart(a: dict, b: dict, gap: float = 4) -> bool:
    """Are two boxes at least `gap` pixels apart, side by side or one above the other?"""
    return (
        a["y"] + a["height"] + gap <= b["y"]
        or b["y"] + b["height"] + gap <= a["y"]
        or a["x"] + a["width"] + gap <= b["x"]
        or b["x"] + b["width"] + gap <= a["x"]
    )


# --- About ---------------------------------------------------------------------------------------


def test_about_page_blocks_keep_apart(sized, server):
    sized.goto(server.url + "/?page=about")
    wait_rendered(sized, "about")
    boxes = {
        name: sized.locator("table").filter(has=sized.get_by_role("columnheader", name=name, exact=True)).bounding_box()
        for name in ("Openness", "Tooling")
    }
    boxes["Where the data comes from"] = union(
        sized.get_by_role("heading", name="Where the data comes from").bounding_box(),
        sized.get_by_text("Results are read from").bounding_box(),
    )
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert apart(boxes[first], boxes[second]), (first, boxes[first], second, boxes[second])
    width = sized.viewport_size["width"]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes.values()), boxes
    assert sized.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page scrolling
    assert not sized.errors


@pytest.mark.parametrize("site", ["server", "login_server"])
def test_about_page_names_the_dataset_not_its_server_path(sized, request, site):
    server = request.getfixturevalue(site)
    served_prefix = request.getfixturevalue("copied_prefix") if site == "login_server" else SAMPLE_PREFIX
    sized.goto(server.url + "/?page=about")
    wait_rendered(sized, "about")
    text = page_text(sized)
    assert "Where the data comes from" in text
    for path in {SAMPLE_PREFIX, served_prefix, served_prefix.resolve()}:
        assert str(path) not in text
    assert "a local copy of the dataset asta-bench-results" in text


# --- Filters only on the leaderboard pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "key,shown", [("overall", True), ("lit", True), ("compare", False), ("about", False), ("submit", False)]
)
def test_filters_show_only_on_leaderboard_pages_by_url(sized, server, key, shown):
    sized.goto(server.url + f"/?page={key}")
    wait_rendered(sized, key)
    heading = filters_heading(sized)
    if shown:
        expect(heading).to_be_visible()
    else:
        expect(heading).to_be_hidden()
        expect(sized.get_by_role("link", name="About", exact=True)).to_be_visible()  # the navigation stays


def test_filters_follow_the_navigation_and_keep_their_values(sized, server):
    sized.goto(server.url + "/?page=lit")
    wait_rendered(sized, "lit")
    open_menu(sized)
    sized.get_by_label("Search", exact=True).fill("smolagents")
    sized.wait_for_function("() => window.location.search.includes('q=smolagents')")
    for label, key in [("Compare agents", "compare"), ("About", "about"), ("Submit an agent", "submit")]:
        nav(sized, label, key)
        expect(filters_heading(sized)).to_be_hidden()
    nav(sized, "Literature Understanding", "lit")
    expect(filters_heading(sized)).to_be_visible()
    assert sized.get_by_label("Search", exact=True).input_value() == "smolagents"
    assert query(sized) == {"page": "lit", "q": "smolagents"}
    rows = sized.locator(".rank-table").first.locator(ROW)
    rows.first.wait_for()
    assert all("Smolagents" in t for t in rows.all_inner_texts())
    assert not sized.errors


# --- Submit ------------------------------------------------------------------------------------------

RULES = ("One submission per split every 24 hours", "Reviewed before publication", ".tar.gz", "abl check-archive")


def test_submit_without_a_login_configured_says_submissions_are_closed(sized, server):
    for path in ("/submit", "/?page=submit"):
        sized.goto(server.url + path)
        wait_rendered(sized, "submit")
        expect(sized.get_by_text("Submissions are not open on this server.")).to_be_visible()
        text = page_text(sized)
        assert all(rule in text for rule in RULES), text
        assert "python app.py" not in text and "--auth" not in text and "Log in to submit" not in text
        open_menu(sized)
        expect(sized.get_by_role("link", name="Overall", exact=True)).to_be_visible()  # the site's navigation
    sized.goto(server.url + "/submit")
    wait_rendered(sized, "submit")
    sized.get_by_role("link", name="Back to the leaderboard").click()
    wait_rendered(sized, "overall")
    assert urlsplit(sized.url).path == "/"
    # The operator learns why, and what to do, from the server log.
    assert "python app.py --auth basic" in Path(server.log.name).read_text(encoding="utf-8")
    assert not sized.errors


def test_guest_is_asked_to_log_in_and_sent_to_the_login(sized, login_server):
    sized.goto(login_server.url + "/?page=submit")
    wait_rendered(sized, "submit")
    login = sized.get_by_role("link", name="Log in to submit")
    expect(login).to_be_visible()
    assert login.get_attribute("href") == "/login?next=/submit"
    text = page_text(sized)
    assert all(rule in text for rule in RULES), text
    assert "Submissions are not open" not in text
    login.click()
    sized.locator("input[name=username]").wait_for()  # the login page
    assert urlsplit(sized.url).path == "/login"

    sized.goto(login_server.url + "/submit")  # a guest never sees the form's page: the login comes first
    sized.locator("input[name=username]").wait_for()
    assert urlsplit(sized.url).path == "/login"
    sized.fill("input[name=username]", "alice")
    sized.fill("input[name=password]", PASSWORD)
    sized.click("button[type=submit], input[type=submit]")
    sized.get_by_text("Logged in as alice").wait_for(timeout=30_000)
    assert urlsplit(sized.url).path == "/submit"

    sized.goto(login_server.url + "/?page=submit")  # once logged in, the way to the form
    wait_rendered(sized, "submit")
    expect(sized.get_by_role("link", name="Open the submission form")).to_have_attribute("href", "./submit")
    assert not sized.errors
