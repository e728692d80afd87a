"""Crafted links load the page: names the data does not have and lists longer than the site ever
writes are dropped, as every other invalid parameter is, instead of leaving a spinner."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from .conftest import ROW, wait_ready

pytestmark = pytest.mark.browser

NORMAL_TIMEOUT_MS = 30_000  # a page of the sample data draws in a few seconds
TOO_MANY = ",".join(f"agent-{i}" for i in range(51))  # one more than the site ever writes


@pytest.mark.parametrize(
    "query,kept",
    [
        ({"models": "nonexistent-model", "submitters": "nobody"}, {}),
        ({"selected": TOO_MANY}, {}),
        ({"compare": TOO_MANY}, {}),
        ({"page": "lit", "selected": TOO_MANY}, {"page": "lit"}),
    ],
    ids=["unknown-model-and-submitter", "selected-51", "compare-51", "category-selected-51"],
)
def test_crafted_link_draws_the_ranked_rows(page, server, query, kept):
    page.goto(f"{server.url}/?{urlencode(query)}")
    wait_ready(page, timeout=NORMAL_TIMEOUT_MS)
    assert page.locator(ROW).count() > 1  # the rows, unfiltered
    cleaned = f"?{urlencode(kept)}" if kept else ""
    page.wait_for_function(f"() => window.location.search === {cleaned!r}")  # the crafted parameters are gone
    assert not page.errors


def test_crafted_compare_link_opens_the_compare_page(page, server):
    page.goto(f"{server.url}/?{urlencode({'page': 'compare', 'compare': TOO_MANY})}")
    page.get_by_text("Pick at least two agents").wait_for(timeout=NORMAL_TIMEOUT_MS)
    page.wait_for_function("() => window.location.search === '?page=compare'")
    assert not page.errors
