"""A refresh that would empty a split keeps the last good data and says why; real updates still land."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from abl import Results
from abl.live import LiveResults
from tests.builders import SUITE, result, submission, write_dataset


def good(agent: str, score: float = 0.5, split: str = "test") -> dict:
    return submission([result("ScholarQA_CS2", score, metric="global_avg/mean")], agent=agent, split=split, suite=SUITE)


def touch(path: Path) -> None:
    """A new mtime, so the local source sees a new revision however coarse the clock."""
    later = time.time_ns() + 10**9
    os.utime(path, ns=(later, later))


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    write_dataset(tmp_path, {"a": good("A"), "b": good("B", 0.7)})
    write_dataset(tmp_path, {"v": good("V", split="validation")}, split="validation")
    return tmp_path


def agents(live: LiveResults, split: str = "test") -> list[str]:
    return sorted(row.agent_name for row in live.data(split).rows)


def assert_kept(live: LiveResults, fragment: str) -> None:
    assert agents(live) == ["A", "B"]
    assert live.error and "the new data for split 'test' has no readable rows" in live.error
    assert fragment in live.error and "still showing the data from" in live.error
    assert "Last refresh failed" in live.status_text()


def test_an_emptied_split_folder_keeps_the_last_good_rows(dataset):
    live = LiveResults(Results(dataset))
    assert live.refresh() and agents(live) == ["A", "B"] and live.error is None
    for path in (dataset / "1.0.0/test").iterdir():
        path.unlink()
    touch(dataset / "1.0.0/test")
    live.refresh()
    assert_kept(live, "no files found")


def test_a_split_of_garbage_keeps_the_last_good_rows(dataset):
    live = LiveResults(Results(dataset))
    live.refresh()
    for path in (dataset / "1.0.0/test").iterdir():
        path.write_text('{"suite_config": {')
        touch(path)
    live.refresh()
    assert_kept(live, "2 files, all rejected; first: 1.0.0/test/a.json: ")
    assert "not valid JSON" in live.error


def test_other_splits_still_update_while_one_is_kept(dataset):
    live = LiveResults(Results(dataset))
    live.refresh()
    for path in (dataset / "1.0.0/test").iterdir():
        path.unlink()
    write_dataset(dataset, {"w": good("W", split="validation")}, split="validation")
    touch(dataset / "1.0.0/validation/w.json")
    assert live.refresh()
    assert agents(live) == ["A", "B"] and agents(live, "validation") == ["V", "W"]
    assert "split 'test'" in live.error and "validation" not in live.error


def test_a_normal_update_replaces_the_data(dataset):
    live = LiveResults(Results(dataset))
    live.refresh()
    (dataset / "1.0.0/test/a.json").unlink()
    (dataset / "1.0.0/test/b.json").write_text(json.dumps(good("B2", 0.9)))
    touch(dataset / "1.0.0/test/b.json")
    assert live.refresh()
    assert agents(live) == ["B2"] and live.error is None


def test_rows_coming_back_end_the_failure(dataset):
    live = LiveResults(Results(dataset))
    live.refresh()
    for path in (dataset / "1.0.0/test").iterdir():
        path.unlink()
    touch(dataset / "1.0.0/test")
    live.refresh()
    assert live.error
    write_dataset(dataset, {"c": good("C")})
    touch(dataset / "1.0.0/test/c.json")
    assert live.refresh()
    assert agents(live) == ["C"] and live.error is None


def test_a_fresh_load_of_an_empty_split_shows_it_empty(dataset):
    """The guard protects data already shown; a restart (a fresh load) shows what the source holds."""
    for path in (dataset / "1.0.0/test").iterdir():
        path.unlink()
    live = LiveResults(Results(dataset))
    live.refresh()
    assert agents(live) == [] and live.error is None
