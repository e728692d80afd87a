"""Serve the real app and drive it in headless Debian Chromium with Playwright."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Server

# Screen position of an agent's point in the first plot that shows it.
POINT_JS = """
(id) => {
  for (const view of Bokeh.index.all_views()) {
    if (view.model.type !== 'GlyphRenderer') continue;
    const data = view.model.data_source.data;
    if (!data.id || !data.marker) continue;
    const i = Array.from(data.id).indexOf(id);
    if (i < 0) continue;
    const rect = view.parent.canvas_view.el.getBoundingClientRect();
    return {x: rect.left + view.glyph.sx[i], y: rect.top + view.glyph.sy[i]};
  }
  return null;
}
"""

# Labels of the agents drawn inside a selection ring, in any plot: each plot's "ring" layer
# is matched to its "points" layer by position.
RINGED_JS = """
() => {
  const out = [];
  for (const fig of Array.from(Bokeh.index.all_views()).filter(v => v.model.type === 'Figure')) {
    const ring = fig.model.renderers.find(r => r.name === 'ring');
    const points = fig.model.renderers.find(r => r.name === 'points');
    if (!ring || !points) continue;
    const d = ring.data_source.data, a = points.data_source.data;
    for (let i = 0; i < d.x.length; i++) {
      for (let j = 0; j < a.x.length; j++) {
        if (a.x[j] === d.x[i] && a.y[j] === d.y[i]) { out.push(a.agent[j]); break; }
      }
    }
  }
  return out;
}
"""

ROW = "tr.abl-row"  # a row of a ranked table
PICKED = "tr.abl-row.picked"  # a ticked row


# Types of the plots' x scales ("LogScale" or "LinearScale").
XSCALES_JS = (
    "() => Array.from(Bokeh.index.all_views()).filter(v => v.model.type === 'Figure').map(v => v.model.x_scale.type)"
)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def server(artifacts) -> Iterator[Server]:
    """The site on the embedded sample."""
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, artifacts, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        page.screenshot(path=str(artifacts / f"failed-{request.node.name}.png"))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def wait_ready(page, text: str = "Asta v0", timeout: int = 30_000) -> None:
    """Until the first table shows `text` and a plot is drawn."""
    page.locator(ROW, has_text=text).first.wait_for(timeout=timeout)
    page.wait_for_function(
        "() => Array.from(Bokeh.index.all_views()).some(v => v.model.type === 'Figure')"
        " && Bokeh.documents.every(d => d.is_idle)",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # let the plot lay out


def point_position(page, row_id: str) -> dict:
    return page.evaluate(POINT_JS, row_id)


def ringed(page, expected: list[str] | None = None, timeout: int = 15_000) -> list[str]:
    """The distinct agents ringed in the plots, sorted; with `expected`, wait for exactly those
    (plots update a moment after tables)."""
    distinct = f"() => [...new Set(({RINGED_JS})())].sort()"
    if expected is not None:
        want = json.dumps(sorted(expected), separators=(",", ":"))  # as JSON.stringify writes it
        page.wait_for_function(f"() => JSON.stringify(({distinct})()) === {json.dumps(want)}", timeout=timeout)
    return page.evaluate(distinct)


def x_scales(page) -> set[str]:
    return set(page.evaluate(XSCALES_JS))


def wait_x_scales(page, scale: str, timeout: int = 15_000) -> None:
    """Until every plot's cost axis is of type `scale` (they redraw a moment after the URL changes)."""
    page.wait_for_function(f"() => ({XSCALES_JS})().every(t => t === {scale!r})", timeout=timeout)


# Clicks navigation links one after the other, in one go (the later ones while the server is
# still building the page of the first); returns whether the page showed it was loading.
NAV_CLICKS_JS = """
(labels) => {
  const shell = Array.from(Bokeh.index.all_views()).find(v => v.model.class_name === 'SiteShell');
  const root = shell.shadow_el;
  for (const label of labels) {
    Array.from(root.querySelectorAll('.nav a')).find(a => a.textContent === label).click();
  }
  return root.querySelector('.main').classList.contains('loading');
}
"""
