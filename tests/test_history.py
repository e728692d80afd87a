"""The frontier over time (abl.history) and the "as of" date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import abl
from abl.history import best_over_time
from abl.settings import SAMPLE_PREFIX

SAMPLE = SAMPLE_PREFIX / "asta-bench-results"


def frame(rows):
    out = pd.DataFrame(rows, columns=["id", "label", "score", "cost", "submit_time"])
    out["submit_time"] = pd.to_datetime(out["submit_time"], utc=True)
    return out


def test_best_over_time_by_hand():
    table = frame(
        [
            ("a", "A", 0.30, 0.005, "2025-01-10T10:00:00Z"),
            ("b", "B", 0.50, 0.05, "2025-02-01T10:00:00Z"),
            ("c", "C", 0.40, 0.008, "2025-03-01T10:00:00Z"),
            ("d", "D", 0.45, 0.009, "2025-03-01T12:00:00Z"),  # same day, better: the day's step is D's
            ("e", "E", 0.90, None, "2025-04-01T10:00:00Z"),  # cost unknown: within no budget
            ("f", "F", 0.20, 0.001, None),  # no date: not placed in time
            ("g", "G", 0.45, 0.002, "2025-05-01T10:00:00Z"),  # ties the best: no new step
        ]
    )
    got = best_over_time(table, budgets=(0.01, 0.1))
    assert got[["budget", "date", "label"]].values.tolist() == [
        [0.01, dt.date(2025, 1, 10), "A"],
        [0.01, dt.date(2025, 3, 1), "D"],
        [0.1, dt.date(2025, 1, 10), "A"],
        [0.1, dt.date(2025, 2, 1), "B"],
    ]
    assert got["score"].tolist() == [0.30, 0.45, 0.30, 0.50]


def test_as_of_shows_the_board_of_a_past_date():
    board = abl.Leaderboard(str(SAMPLE), split="validation")
    everyone = len(board.frame)
    board.as_of = dt.date(2025, 9, 30)
    assert len(board.frame) == 6 and board.frame["date"].max() == "2025-09-30"
    assert board.to_query()["asof"] == "2025-09-30"
    # The frontier is that of the rows of the time.
    assert board.frame.loc[board.frame["frontier"].astype(bool), "agent"].tolist() == [
        "Example agent: end-to-end explorer",
        "Example agent: ReAct baseline",
    ]
    # A date filter and the as-of date: the earlier one holds.
    board.date_to = dt.date(2025, 5, 1)
    assert len(board.frame) == 2
    # The history ignores the as-of date (it is marked on it), but keeps the other filters.
    history = board.best_over_time()
    assert history["date"].max() == dt.date(2025, 3, 10)
    board.param.update(date_to=None, as_of=None)
    assert len(board.frame) == everyone
    assert board.best_over_time()["date"].max() == dt.date(2026, 9, 18)
    other = abl.Leaderboard(str(SAMPLE))
    assert other.apply_query({"split": "validation", "asof": "2025-09-30"}) == []
    assert other.as_of == dt.date(2025, 9, 30)
    assert other.apply_query({"asof": "yesterday"}) == ["asof"] and other.as_of is None


@pytest.mark.parametrize("view", ["overall", "lit", "DS-1000"])
def test_history_steps_only_rise(view):
    board = abl.Leaderboard(str(SAMPLE), split="validation", view=view)
    history = board.best_over_time()
    for _, steps in history.groupby("budget"):
        assert steps["score"].is_monotonic_increasing and steps["date"].is_monotonic_increasing
        assert (board.frame.set_index("id").loc[steps["id"], "cost"].to_numpy() <= steps["budget"].iloc[0]).all()
