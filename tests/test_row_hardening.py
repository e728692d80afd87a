"""Hostile results rows: each is rejected or trimmed with a reason, and never stops the others.

Rows here use the real AstaBench suite (tests/builders.py SUITE): a row's own suite may only
name tasks and categories the leaderboard knows.
"""

import json
import re

import pytest

from abl import Leaderboard, Results
from abl.cli import main
from abl.rows import (
    MAX_QUOTED_NAME,
    MAX_QUOTED_NAMES,
    MAX_SUITE_TAGS,
    MAX_SUITE_TASKS,
    MAX_WEIGHT_ADJUSTMENTS,
    RowRejected,
    read_row,
)
from tests.builders import SUITE, result, submission, write_dataset

KNOWN_CATEGORIES = ["lit", "code", "data", "discovery"]
EVIL_TAG = "![x](https://evil.example/p.png)"
DEPTH = 1000


def suite_copy() -> dict:
    return json.loads(json.dumps(SUITE))


def split_of(suite: dict) -> dict:
    return next(s for s in suite["splits"] if s["name"] == "test")


def sqa(score, **kw):
    return result("ScholarQA_CS2", score, metric="global_avg/mean", **kw)


def litqa2(score, **kw):
    return result("LitQA2_FullText", score, metric="is_correct/accuracy", **kw)


def paper_finding(score, **kw):
    return result("PaperFindingBench", score, metric="score_paper_finder/adjusted_f1_micro_avg", **kw)


def ds1000(score, **kw):
    return result("DS_1000", score, metric="ds1000_scorer/accuracy", **kw)


def row(results, agent="Agent", suite=None, **meta) -> dict:
    return submission(results, agent=agent, suite=suite or suite_copy(), **meta)


def read(sub: dict):
    return read_row(json.dumps(sub).encode(), "r", "test")


def with_raw(sub: dict, path: tuple, raw: str) -> str:
    """The row's JSON text with `raw` (verbatim JSON) at `path`."""
    target = sub
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "@RAW@"
    return json.dumps(sub).replace('"@RAW@"', raw)


def summary(capsys, root, *args) -> tuple[int, str, str]:
    code = main(["summary", "--results", str(root), "--split", "test", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ---- 1. any decoding failure rejects one row with a reason --------------------------------------

DEEP_LIST = "[" * DEPTH + "]" * DEPTH
DEEP_OBJECT = '{"a":' * DEPTH + "1" + "}" * DEPTH


@pytest.mark.parametrize(
    "path,raw",
    [
        (("extra",), DEEP_LIST),
        (("extra",), DEEP_OBJECT),
        (("results", 0, "eval_spec"), '{"solver_args": ' + DEEP_OBJECT + "}"),
        (("results", 0, "extra"), DEEP_LIST),
    ],
)
def test_deeply_nested_row_is_rejected_with_a_reason(path, raw):
    data = with_raw(row([sqa(0.5)]), path, raw).encode()
    with pytest.raises(RowRejected, match="it is nested too deeply to read"):
        read_row(data, "deep", "test")


def test_bytes_that_are_not_utf8_are_rejected_with_a_reason():
    with pytest.raises(RowRejected, match="cannot be decoded: 'utf-8' codec can't decode byte 0xff"):
        read_row(b'{"split": "\xff\xfe"}', "r", "test")


def test_summary_survives_a_deeply_nested_row(capsys, tmp_path):
    write_dataset(
        tmp_path,
        {"good": row([sqa(0.5)], agent="Good"), "deep": with_raw(row([sqa(0.9)], agent="Deep"), ("extra",), DEEP_LIST)},
    )
    code, out, err = summary(capsys, tmp_path)
    assert code == 0
    assert [r["agent"] for r in json.loads(out)] == ["Good"]
    assert "1.0.0/test/deep.json: it is nested too deeply to read" in err


def test_an_unexpected_error_on_one_row_does_not_stop_the_others(tmp_path, monkeypatch):
    import abl.loading as loading

    real = loading.read_row

    def failing(data, row_id, split):
        if row_id == "odd":
            raise KeyError("surprise")
        return real(data, row_id, split)

    monkeypatch.setattr(loading, "read_row", failing)
    write_dataset(tmp_path, {"good": row([sqa(0.5)], agent="Good"), "odd": row([sqa(0.6)], agent="Odd")})
    data = Results(tmp_path).split("test")
    assert [r.agent_name for r in data.rows] == ["Good"]
    assert [(p.file, p.reason) for p in data.skipped] == [
        ("1.0.0/test/odd.json", "could not be read (KeyError); the leaderboard's log has details")
    ]


# ---- 2. a row's suite decides no pages or columns on its own --------------------------------------


def test_a_suite_declaring_200_categories_is_rejected_and_shows_only_known_categories(tmp_path):
    suite = suite_copy()
    split_of(suite)["tasks"][0]["tags"] = [f"cat{i}" for i in range(200)]  # plus the 4 known ones
    write_dataset(tmp_path, {"good": row([sqa(0.5)], agent="Good"), "wide": row([sqa(0.9)], agent="Wide", suite=suite)})
    board = Leaderboard(str(tmp_path))
    assert [v.key for v in board.views() if v.kind == "category"] == KNOWN_CATEGORIES
    assert board.views()[0].components == tuple(KNOWN_CATEGORIES)
    assert board.frame["agent"].tolist() == ["Good"]
    assert [(p.file, p.reason) for p in board.data.skipped] == [
        (
            "1.0.0/test/wide.json",
            f"its suite's test split declares 204 categories (tags); at most {MAX_SUITE_TAGS} are accepted",
        )
    ]


@pytest.mark.parametrize(
    "grow,reason",
    [
        (
            lambda s: s["tasks"].extend({"name": f"t{i}", "primary_metric": "m/mean"} for i in range(100)),
            f"declares 111 tasks; at most {MAX_SUITE_TASKS} are accepted",
        ),
        (
            lambda s: s["macro_average_weight_adjustments"].extend(
                {"tag": "lit", "task": "ScholarQA_CS2", "weight": 1} for _ in range(99)
            ),
            f"declares 101 weight adjustments; at most {MAX_WEIGHT_ADJUSTMENTS} are accepted",
        ),
    ],
)
def test_oversized_suites_are_rejected_naming_count_and_limit(grow, reason):
    suite = suite_copy()
    grow(split_of(suite))
    with pytest.raises(RowRejected, match=re.escape(reason)):
        read(row([sqa(0.5)], suite=suite))


@pytest.mark.parametrize("weight", [1e308, -1.0])
def test_unusable_weights_reject_the_row(weight):
    suite = suite_copy()
    split_of(suite)["macro_average_weight_adjustments"][0]["weight"] = weight
    with pytest.raises(RowRejected, match=re.escape(f"weighs LitQA2-FullText in category 'lit' by {weight:.6g}")):
        read(row([sqa(0.5)], suite=suite))


def evil_suite() -> dict:
    """The real suite plus an unknown task in 'lit'; it and DS_1000 also carry an unknown tag."""
    suite = suite_copy()
    split = split_of(suite)
    split["tasks"].append({"name": "evil_task", "primary_metric": "evil/mean", "tags": ["lit", EVIL_TAG]})
    next(t for t in split["tasks"] if t["name"] == "DS_1000")["tags"].append(EVIL_TAG)
    split["macro_average_weight_adjustments"].append({"tag": EVIL_TAG, "task": "DS_1000", "weight": 3})
    return suite


def test_unknown_task_and_tag_are_dropped_with_a_note_and_known_tasks_keep_their_scores(tmp_path):
    scored = [sqa(0.5), litqa2(0.4), ds1000(0.3), result("evil_task", 0.9, metric="evil/mean")]
    write_dataset(tmp_path, {"evil": row(scored, agent="Evil", suite=evil_suite())})
    results = Results(tmp_path)
    data = results.split("test")
    [evil] = data.rows
    assert set(evil.tasks) == {"ScholarQA-CS2", "LitQA2-FullText", "DS-1000"}
    assert evil.notes == (
        "tasks of its suite that are not AstaBench benchmarks ignored: 'evil_task'",
        f"categories of its suite that are not AstaBench categories ignored: '{EVIL_TAG}'",
    )
    stats = data.stats
    assert stats.tags == tuple(KNOWN_CATEGORIES)
    assert "evil_task" not in stats.tasks
    # lit weights: PaperFindingBench 1, LitQA2-FullText-Search 0.5, ScholarQA-CS2 1, ArxivDIGESTables 1,
    # LitQA2-FullText 0.5; the evil task (0.9 in 'lit') would raise it to 1.6 / 5.
    lit = (0.5 * 1 + 0.4 * 0.5) / 4.0
    code = 0.3 / 3  # CORE-Bench-Hard, DS-1000, SUPER-Expert; the evil tag's weight of 3 has no effect
    assert stats.tag("lit").score[0] == pytest.approx(lit, rel=1e-15)
    assert stats.tag("code").score[0] == pytest.approx(code, rel=1e-15)
    assert stats.overall().score[0] == pytest.approx((lit + code + 0 + 0) / 4, rel=1e-15)
    shown = {text for v in results.views("test") for text in (v.key, v.title, *v.components)}
    columns = " ".join(results.table("test", "overall").columns)
    for unknown in ("evil_task", EVIL_TAG, "evil.example"):
        assert not any(unknown in name for name in shown)
        assert unknown not in columns


def test_a_suite_of_only_unknown_tasks_is_rejected_with_a_reason():
    suite = suite_copy()
    split_of(suite)["tasks"] = [{"name": "evil_task", "primary_metric": "evil/mean", "tags": ["lit"]}]
    with pytest.raises(
        RowRejected,
        match=re.escape(
            "test split lists no AstaBench benchmark; tasks of its suite "
            "that are not AstaBench benchmarks ignored: 'evil_task'"
        ),
    ):
        read(row([result("evil_task", 0.9, metric="evil/mean")], suite=suite))


def test_a_benchmark_listed_twice_is_one_column():
    suite = suite_copy()
    split_of(suite)["tasks"].append({"name": "ds1000_test", "primary_metric": "other/mean", "tags": ["code"]})
    row_ = read(row([ds1000(0.3), result("ds1000_test", 0.8, metric="other/mean")], suite=suite))
    assert row_.layout.tasks.count("DS-1000") == 1 and "ds1000_test" not in row_.layout.tasks
    assert row_.tasks["DS-1000"].score == 0.3
    assert "tasks its suite lists twice ignored: 'ds1000_test'" in row_.notes


def test_notes_stay_few_and_short_however_many_odd_results():
    long_name = "x" * 10_000
    odd = [result(f"{long_name}{i}", 0.1) for i in range(1000)] + [sqa(0.1 * (i % 9)) for i in range(1000)]
    row_ = read(row([sqa(0.5), *odd]))
    assert row_.tasks["ScholarQA-CS2"].score == 0.5  # the first result counts
    assert len(row_.notes) == 2
    assert row_.notes[0].endswith("and 995 more ignored: the suite's test split does not list them")
    assert row_.notes[1] == "second result for ScholarQA-CS2 ignored (and 999 more)"
    assert all(len(note) < MAX_QUOTED_NAMES * (MAX_QUOTED_NAME + 4) + 100 for note in row_.notes)


# ---- 3. numbers that would overflow an aggregate reject the row ----------------------------------


@pytest.mark.parametrize(
    "bad,reason",
    [
        (sqa(1e308), "the primary metric 'global_avg/mean' of ScholarQA-CS2 is 1e+308"),
        (sqa(-2e12), "the primary metric 'global_avg/mean' of ScholarQA-CS2 is -2e+12"),
        (sqa(0.5, stderr=1e300), "the stderr of ScholarQA-CS2 is 1e+300"),
        (sqa(0.5, costs=[0.1, 1e308]), "a problem of ScholarQA-CS2 costs 1e+308 dollars"),
        (sqa(0.5, costs=[-0.5]), "a problem of ScholarQA-CS2 costs -0.5 dollars"),
        (sqa(0.5, costs=[2e6, None]), "a problem of ScholarQA-CS2 costs 2e+06 dollars"),
    ],
)
def test_values_that_could_overflow_reject_the_row_naming_task_and_value(bad, reason):
    with pytest.raises(RowRejected, match=re.escape(reason)):
        read(row([ds1000(0.3), bad]))


def test_summary_json_lists_good_rows_and_reports_overflowing_ones(capsys, tmp_path):
    write_dataset(
        tmp_path,
        {
            "good": row([sqa(0.5, costs=[0.1, 0.3]), ds1000(0.3, costs=[0.2])], agent="Good"),
            # Unchecked, these sum to infinity: the JSON export fails and the site's download does nothing.
            "huge_cost": row([sqa(0.5, costs=[0.1, 0.3]), ds1000(0.3, costs=[1e308, 1e308])], agent="Huge cost"),
            "huge_score": row([sqa(1e308, costs=[0.1]), paper_finding(1e308)], agent="Huge score"),
        },
    )
    for fmt in ("json", "csv"):
        code, out, err = summary(capsys, tmp_path, "--format", fmt)
        assert code == 0
        assert "2 rows could not be read" in err
        assert "1.0.0/test/huge_cost.json: a problem of DS-1000 costs 1e+308 dollars" in err
        assert "1.0.0/test/huge_score.json: the primary metric 'global_avg/mean' of ScholarQA-CS2 is 1e+308" in err
    code, out, _ = summary(capsys, tmp_path, "--format", "json")
    [good] = json.loads(out)
    assert good["agent"] == "Good"
    assert good["score"] == pytest.approx((0.5 / 4 + 0.3 / 3) / 4, rel=1e-15)
