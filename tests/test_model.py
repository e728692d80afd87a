"""The Param model behind the site and the notebook API: state, filters and URL round trips."""

import datetime as dt

import pytest

import abl
from abl import Leaderboard
from abl.explore import model_names
from abl.model import MAX_LIST_ITEMS
from abl.settings import SAMPLE_PREFIX

SAMPLE = str(SAMPLE_PREFIX / "asta-bench-results")


@pytest.fixture
def board():
    return Leaderboard(SAMPLE)


def test_defaults_show_the_overall_test_table(board):
    assert board.split == "test" and board.view == "overall" and len(board.frame) == 57
    assert board.frame.iloc[0]["agent"] == "Asta v0"


def test_filters_update_the_frame_and_recompute_the_frontier(board):
    board.openness = ["Open source & closed weights"]
    assert set(board.frame["openness"]) == {"Open source & closed weights"}
    board.search = "smolagents"
    assert set(board.frame["agent"]) == {"Smolagents Coder"}
    # Among Smolagents agents alone the frontier differs from the full leaderboard's.
    assert board.frame["frontier"].any()
    assert board.frame["rank"].tolist() == list(range(1, len(board.frame) + 1))
    board.param.update(search="", openness=[])
    assert len(board.frame) == 57


def test_model_and_submitter_and_date_filters(board):
    board.models = ["o3"]
    assert all("o3" in ms for ms in board.frame["models"])
    board.models = []
    board.submitters = ["nobody"]
    assert board.frame.empty
    board.submitters = []
    board.date_to = dt.date(2025, 1, 1)
    assert board.frame.empty
    board.param.update(date_to=None, date_from=dt.date(2025, 8, 26))
    assert len(board.frame) == 57


def test_split_switch_loads_the_other_split(board):
    board.split = "validation"
    assert board.data.split == "validation"
    assert all(a.startswith("Example agent") for a in board.frame["agent"])


def test_view_unknown_to_the_split_falls_back_to_overall(board):
    board.view = "DS-1000"
    assert len(board.frame) == 18
    board.view = "no-such-view"
    assert board.view == "overall"


def test_query_round_trip(board):
    board.param.update(
        split="validation",
        view="code",
        mode="paper",
        search="react",
        openness=["Open source & open weights", "Unknown"],
        tooling=["Standard"],
        models=["gpt-4.1"],
        date_from=dt.date(2025, 1, 2),
        log_x=False,
        show_ci=False,
        budget=0.25,
        selected=["example-agent-react-baseline"],
    )
    query = board.to_query()
    assert query == {
        "split": "validation",
        "view": "code",
        "mode": "paper",
        "q": "react",
        "openness": "osow,unknown",
        "tooling": "standard",
        "models": "gpt-4.1",
        "selected": "example-agent-react-baseline",
        "from": "2025-01-02",
        "log": "0",
        "ci": "0",
        "budget": "0.25",
    }
    other = Leaderboard(SAMPLE)
    assert other.apply_query(query) == []
    assert other.to_query() == query


@pytest.mark.parametrize(
    "query,ignored",
    [
        ({"split": "train"}, ["split"]),
        ({"mode": "<script>"}, ["mode"]),
        ({"openness": "osow,bogus"}, ["openness"]),
        ({"from": "yesterday"}, ["from"]),
        ({"log": "maybe"}, ["log"]),
        ({"budget": "-1"}, ["budget"]),
        ({"budget": "nan"}, ["budget"]),
        ({"view": "nope"}, ["view"]),
        ({"selected": "react-gpt-5,not-a-row"}, ["selected"]),
        ({"models": ",".join(["m"] * 100)}, ["models"]),
        ({"compare": "react-gpt-5,react-o3,asta-v0-mixture,react-gpt-4o,react-gpt-4-1"}, ["compare"]),
        ({"models": "nonexistent-model", "submitters": "nobody"}, ["models", "submitters"]),
        ({"selected": ",".join(f"row-{i}" for i in range(51))}, ["selected"]),
        ({"compare": ",".join(f"row-{i}" for i in range(51))}, ["compare"]),
    ],
)
def test_garbage_query_values_fall_back_to_defaults(board, query, ignored):
    assert board.apply_query(query) == ignored
    assert board.split == "test" and board.mode == "leaderboard"
    assert board.budget is None or board.budget >= 0
    assert len(board.compare) <= 4
    assert board.frame is not None


def test_query_keeps_only_the_names_and_rows_the_split_has(board):
    assert board.apply_query(
        {"models": "o3,nonexistent-model", "submitters": "allenai,nobody", "selected": "react-o3,react-o3,gone"}
    ) == ["models", "submitters", "selected"]
    assert board.models == ["o3"] and board.submitters == ["allenai"] and board.selected == ["react-o3"]
    assert len(board.frame) > 0


def test_query_lists_longer_than_the_site_writes_are_dropped_whole(board):
    ids = board.frame["id"].tolist()
    assert len(ids) > MAX_LIST_ITEMS
    assert board.apply_query({"selected": ",".join(ids[:MAX_LIST_ITEMS])}) == []
    assert board.selected == ids[:MAX_LIST_ITEMS]
    assert board.apply_query(
        {"selected": ",".join(ids[: MAX_LIST_ITEMS + 1]), "compare": ",".join(ids[: MAX_LIST_ITEMS + 1])}
    ) == ["selected", "compare"]
    assert board.selected == [] and board.compare == []


def test_query_names_are_checked_against_the_split_asked_for(board):
    validation_only = set(model_names(board.results.split("validation"))) - set(model_names(board.data))
    assert validation_only
    model = sorted(validation_only)[0]
    assert board.apply_query({"split": "validation", "models": model}) == []
    assert board.data.split == "validation" and board.models == [model]


@pytest.mark.slow
def test_plot_and_save_plot(board, tmp_path):
    import holoviews as hv

    overlay = board.plot("DS-1000")
    assert isinstance(overlay, hv.Overlay)
    points = next(e for e in overlay if isinstance(e, hv.Points) and e.label == "Agents")
    assert len(points) == 18
    path = board.save_plot(tmp_path / "ds1000.html", "DS-1000")
    text = path.read_text()
    assert "DS-1000" in text and "Bokeh" in text and len(text) > 100_000  # inline resources


def test_best_within_budget(board):
    board.budget = 0.05
    best = board.best_within_budget()
    assert best["label"] == "ReAct (gpt-5-mini)"  # 31.6% at $0.037
    board.budget = 0.01
    assert board.best_within_budget() is None


def test_a_split_that_fails_to_load_keeps_the_loaded_one():
    results = abl.Results(SAMPLE)

    def loader(split):
        if split == "validation":
            raise OSError("disk unavailable")
        return results.split(split)

    board = Leaderboard(results, loader=loader)
    board.split = "validation"
    assert board.split == "test" and board.data.split == "test" and len(board.frame) == 57
    assert "validation split could not be loaded: disk unavailable" in board.load_error
