"""Loading splits from local folders: bad files never hide good rows; refreshes are incremental."""

import json
import os
import time

import pytest

from abl import Results
from abl.loading import ResultsLoader
from abl.sources import LocalFolderSource, SourceError, open_source, parse_configs
from abl.summary import view_table
from tests.builders import result, submission, write_dataset


def good(agent, score=0.5, split="test"):
    return submission([result("PaperFindingBench", score, 0.01, [0.1, 0.3])], agent=agent, split=split)


def test_bad_files_are_skipped_with_reasons_and_good_rows_survive(tmp_path):
    write_dataset(
        tmp_path,
        {
            "good1": good("Good one"),
            "broken": '{"suite_config": {',
            "wrongtype": json.dumps(good("x") | {"split": 3}),
            "empty": json.dumps(good("x") | {"results": []}),
            "good2": good("Good two", 0.7),
            "misfiled": good("Val agent", split="validation"),
        },
    )
    write_dataset(tmp_path, {"v1": good("Val agent", split="validation"), "vbad": "[]"}, split="validation")
    results = Results(tmp_path)
    test = results.split("test")
    assert sorted(r.agent_name for r in test.rows) == ["Good one", "Good two"]
    reasons = {p.file: p.reason for p in test.skipped}
    assert set(reasons) == {
        "1.0.0/test/broken.json",
        "1.0.0/test/wrongtype.json",
        "1.0.0/test/empty.json",
        "1.0.0/test/misfiled.json",
    }
    assert "not valid JSON" in reasons["1.0.0/test/broken.json"]
    assert "split" in reasons["1.0.0/test/wrongtype.json"]
    assert "no results" in reasons["1.0.0/test/empty.json"]
    assert "stored under 'test'" in reasons["1.0.0/test/misfiled.json"]
    assert test.skipped_summary().startswith("4 rows could not be read: ")
    validation = results.split("validation")
    assert [r.agent_name for r in validation.rows] == ["Val agent"]
    assert len(validation.skipped) == 1
    table = results.table("test")
    assert table["agent"].tolist() == ["Good two", "Good one"]


def test_unchanged_revision_reuses_the_loaded_split(tmp_path):
    write_dataset(tmp_path, {"a": good("A")})
    loader = ResultsLoader(LocalFolderSource(tmp_path))
    first = loader.load("1.0.0", "test")
    assert loader.load("1.0.0", "test") is first


def test_refresh_reads_only_new_or_changed_files(tmp_path, monkeypatch):
    write_dataset(tmp_path, {"a": good("A"), "b": good("B")})
    loader = ResultsLoader(LocalFolderSource(tmp_path))
    loader.load("1.0.0", "test")
    reads = []
    import abl.loading as loading

    real = loading._read_batch
    monkeypatch.setattr(
        loading, "_read_batch", lambda items, split: reads.extend(i[1] for i in items) or real(items, split)
    )
    time.sleep(0.01)
    write_dataset(tmp_path, {"c": good("C")})
    path = tmp_path / "1.0.0/test/a.json"
    path.write_text(json.dumps(good("A2", 0.9)))
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    data = loader.load("1.0.0", "test")
    assert sorted(reads) == ["1.0.0/test/a.json", "1.0.0/test/c.json"]
    assert sorted(r.agent_name for r in data.rows) == ["A2", "B", "C"]
    (tmp_path / "1.0.0/test/b.json").unlink()
    assert sorted(r.agent_name for r in loader.load("1.0.0", "test").rows) == ["A2", "C"]


def test_duplicate_names_get_numbered_in_submission_order(tmp_path):
    write_dataset(
        tmp_path,
        {
            "late": good("Same") | {"submission": good("Same")["submission"] | {"submit_time": "2025-09-03T00:00:00Z"}},
            "early": good("Same")
            | {"submission": good("Same")["submission"] | {"submit_time": "2025-09-01T00:00:00Z"}},
            "middle": good("Same")
            | {"submission": good("Same")["submission"] | {"submit_time": "2025-09-02T00:00:00Z"}},
            "other_user": good("Same") | {"submission": good("Same")["submission"] | {"username": "bob"}},
        },
    )
    table = Results(tmp_path).table("test")
    names = dict(zip(table["id"], table["agent"]))
    assert names == {"early": "Same", "middle": "Same (2)", "late": "Same (3)", "other_user": "Same"}


def test_readme_configs_and_default_config(tmp_path):
    text = (
        "---\nconfigs:\n- config_name: 1.0.0-dev1\n  data_files:\n  - split: test\n    path: 1.0.0-dev1/test/*.json\n"
        "- config_name: 1.0.0\n  data_files:\n  - {split: test, path: '1.0.0/test/*.json'}\n---\ntext\n"
    )
    assert parse_configs(text) == {
        "1.0.0-dev1": {"test": "1.0.0-dev1/test/*.json"},
        "1.0.0": {"test": "1.0.0/test/*.json"},
    }
    (tmp_path / "README.md").write_text(text)
    write_dataset(tmp_path, {"a": good("A")}, readme=False)
    assert ResultsLoader(LocalFolderSource(tmp_path)).default_config() == "1.0.0"


def test_folder_without_readme_is_read_by_layout(tmp_path):
    write_dataset(tmp_path, {"a": good("A")}, config="2.0.0", readme=False)
    assert [r.agent_name for r in Results(tmp_path).split("test").rows] == ["A"]


def test_missing_source_gives_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="neither an existing folder nor a Hub repo id"):
        open_source(str(tmp_path / "nope" / "deeper"))
    with pytest.raises(SourceError, match="does not exist"):
        LocalFolderSource(tmp_path / "gone").revision()


def test_view_table_is_cached_per_split_data(tmp_path):
    write_dataset(tmp_path, {"a": good("A")})
    data = Results(tmp_path).split("test")
    assert view_table(data, "overall") is view_table(data, "overall")


@pytest.mark.parametrize("threaded", [False, True])
def test_parallel_reading_gives_the_same_rows(tmp_path, monkeypatch, threaded):
    """Large loads use worker processes: forked when single-threaded, else from a fork server."""
    import threading

    import abl.loading as loading

    write_dataset(tmp_path, {f"r{i:03d}": good(f"Agent {i}", i / 100) for i in range(40)} | {"bad": "{"})
    monkeypatch.setattr(loading, "PARALLEL_THRESHOLD", 10)
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, daemon=True)
    if threaded:
        helper.start()
    try:
        data = ResultsLoader(LocalFolderSource(tmp_path)).load("1.0.0", "test")
    finally:
        stop.set()
    assert len(data.rows) == 40 and [p.file for p in data.skipped] == ["1.0.0/test/bad.json"]
    assert sorted(r.agent_name for r in data.rows)[:2] == ["Agent 0", "Agent 1"]


def test_notes_on_readable_rows_are_kept(tmp_path):
    row = submission([result("PaperFindingBench", 0.4), result("Z9", 0.9)], agent="Noted")
    write_dataset(tmp_path, {"noted": row})
    data = Results(tmp_path).split("test")
    assert [r.agent_name for r in data.rows] == ["Noted"]
    assert data.notes_summary().startswith("1 note on the rows: noted.json: result for task 'Z9' ignored")
