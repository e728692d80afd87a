"""The site shell without a browser: pages, URL state and fallbacks."""

import json

import pytest

from abl import Results
from abl.live import LiveResults
from dashboards.site import Site
from tests.builders import SUITE, result, submission, write_dataset


@pytest.fixture
def live(tmp_path):
    # Test rows run literature and code tasks; the validation split's suite only has literature.
    suite = json.loads(json.dumps(SUITE))
    validation = next(s for s in suite["splits"] if s["name"] == "validation")
    validation["tasks"] = [t for t in validation["tasks"] if t["tags"] == ["lit"]]
    rows = {
        "a": submission(
            [
                result("ScholarQA_CS2", 0.5, metric="global_avg/mean"),
                result("DS_1000", 0.4, metric="ds1000_scorer/accuracy"),
            ],
            agent="A",
            suite=suite,
        )
    }
    write_dataset(tmp_path, rows)
    write_dataset(
        tmp_path,
        {
            "v": submission(
                [result("ScholarQA_CS2", 0.3, metric="global_avg/mean")], agent="V", split="validation", suite=suite
            )
        },
        split="validation",
    )
    return LiveResults(Results(tmp_path))


def test_query_selects_page_and_state(live):
    site = Site(live, {"page": "code", "q": "A"})
    assert site.state.page == "code" and site.model.view == "code" and site.model.search == "A"
    assert site.query() == {"page": "code", "q": "A"}


def test_a_category_the_split_lacks_falls_back_to_overall(live):
    site = Site(live, {"page": "code", "split": "validation"})
    assert site.state.page == "overall" and site.model.view == "overall"
    site = Site(live, {"page": "code"})
    site.model.split = "validation"  # switching split on the code page
    assert site.state.page == "overall" and site.model.view == "overall"
    assert site.model.data.split == "validation"


def test_unknown_page_is_the_home_page(live):
    assert Site(live, {"page": "<script>"}).state.page == "overall"


@pytest.mark.parametrize(
    "query",
    [
        {"models": "nonexistent-model", "submitters": "nobody"},
        {"selected": ",".join(f"a{i}" for i in range(51))},
        {"page": "compare", "compare": ",".join(["a"] * 51)},
    ],
)
def test_crafted_links_build_the_page_without_what_is_invalid(live, query):
    site = Site(live, query)
    assert site.query() == ({"page": "compare"} if "page" in query else {})
    assert len(site.model.frame) == 1  # the one agent, unfiltered
