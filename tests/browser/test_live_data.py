"""The site on a dataset of its own: hostile text stays text, bad rows are reported, and new
results appear in open pages without a reload (and a failed refresh keeps the last good data)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.builders import SUITE, result, submission, write_dataset

from .conftest import PICKED, ROW, Server, wait_ready

pytestmark = pytest.mark.browser

HOSTILE_NAME = '<img src=x onerror="window.__xss=1">Evil agent'


def row(agent: str, score: float, **meta) -> dict:
    results = [
        result("ScholarQA_CS2", score, 0.02, [0.1, 0.2], metric="global_avg/mean"),
        result("DS_1000", score / 2, 0.01, [0.01, 0.03], metric="ds1000_scorer/accuracy"),
    ]
    return submission(results, agent=agent, suite=SUITE, **meta)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("prefix")
    write_dataset(
        prefix / "asta-bench-results",
        {
            "alpha": row("Alpha agent", 0.6),
            "evil": row(
                HOSTILE_NAME,
                0.5,
                username="<b>mallory</b>",
                agent_description="<script>window.__xss=2</script>Plain words",
                logs_url_public="javascript:window.__xss=3",
                agent_url="javascript:window.__xss=4",
            ),
            "broken": "{ this is not json",
        },
    )
    return prefix


@pytest.fixture(scope="module")
def live_server(dataset, artifacts):
    srv = Server(env={"ABL_DATASET_PREFIX": str(dataset), "ABL_REFRESH_SECONDS": "1"})
    yield srv
    srv.stop()


def test_untrusted_text_is_shown_as_text(page, live_server):
    page.goto(live_server.url + "/")
    wait_ready(page, "Alpha agent")
    evil = page.locator(ROW, has_text="Evil agent")
    assert HOSTILE_NAME in evil.inner_text()
    assert "<b>mallory</b>" in evil.inner_text()
    assert evil.locator("a[href^='javascript']").count() == 0
    evil.get_by_role("button", name="Details of").click()  # expand the row's details
    page.get_by_text("<script>window.__xss=2</script>Plain words").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss") is None
    assert not page.errors


def test_unreadable_rows_are_reported(page, live_server):
    page.goto(live_server.url + "/")
    wait_ready(page, "Alpha agent")
    page.get_by_text("1 row of the test split could not be read").wait_for()
    page.get_by_text("broken.json: not valid JSON").wait_for()


def test_new_results_appear_without_reload_and_state_is_kept(page, live_server, dataset):
    page.goto(live_server.url + "/?q=agent&selected=alpha")
    wait_ready(page, "Alpha agent")
    page.evaluate("() => { window.__same_page = true }")
    folder = dataset / "asta-bench-results/1.0.0/test"
    (folder / "gamma.json").write_text(json.dumps(row("Gamma agent", 0.9)))
    page.locator(ROW, has_text="Gamma agent").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__same_page") is True  # no reload
    assert "q=agent" in page.url and "selected=alpha" in page.url
    assert page.locator(PICKED, has_text="Alpha agent").count() == 1


def test_failed_refresh_keeps_serving_the_last_good_data(page, live_server, dataset):
    page.goto(live_server.url + "/")
    wait_ready(page, "Alpha agent")
    moved = dataset / "moved-away"
    shutil.move(dataset / "asta-bench-results", moved)
    try:
        page.get_by_text("The last data refresh failed").wait_for(timeout=30_000)
        assert page.locator(ROW, has_text="Alpha agent").count() == 1
    finally:
        shutil.move(moved, dataset / "asta-bench-results")
    page.get_by_text("The last data refresh failed").wait_for(state="hidden", timeout=30_000)


def test_unreachable_hub_gives_a_clear_message(page, tmp_path):
    # Nothing listens on port 9 of 127.0.0.1: the Hub is unreachable from the start.
    server = Server(
        env={
            "ABL_DATASET_PREFIX": "allenai",
            "HF_ENDPOINT": "http://127.0.0.1:9",
            "HF_HUB_ETAG_TIMEOUT": "1",
            "HF_HUB_DOWNLOAD_TIMEOUT": "1",
            "HF_HOME": str(tmp_path),
        }
    )
    try:
        page.goto(server.url + "/")
        page.get_by_text("The results could not be loaded").wait_for(timeout=60_000)
        assert page.get_by_text("allenai/asta-bench-results").count() >= 1
    finally:
        server.stop()
