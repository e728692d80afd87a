"""The `abl` command on the embedded sample and on bad input."""

import csv
import io
import json
import subprocess
import sys

import pytest

from abl.cli import main
from abl.settings import SAMPLE_PREFIX
from tests.builders import result, submission, write_dataset

SAMPLE = str(SAMPLE_PREFIX / "asta-bench-results")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_overall_json_lists_all_57_agents_with_the_documented_fields(capsys):
    code, out, err = run(capsys, "summary", "--split", "test", "--view", "overall", "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert len(rows) == 57
    for key in (
        "id",
        "agent",
        "submitter",
        "models",
        "openness",
        "tooling",
        "date",
        "score",
        "cost",
        "score_ci",
        "cost_ci",
        "frontier",
        "attempted",
        "components",
    ):
        assert key in rows[0]
    assert [r["rank"] for r in rows] == list(range(1, 58))
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    top = rows[0]
    assert top["agent"] == "Asta v0" and top["attempted"] == "4/4" and top["frontier"] is True
    assert set(top["components"]) == {
        "Literature Understanding",
        "Code & Execution",
        "Data Analysis",
        "End-to-End Discovery",
    }
    assert set(top["components"]["Data Analysis"]) == {"score", "cost", "score_ci", "cost_ci"}
    elicit = next(r for r in rows if r["agent"] == "Elicit")
    assert elicit["cost"] is None and elicit["cost_ci"] is None and elicit["models"] == []
    assert elicit["attempted"] == "1/4" and elicit["frontier"] is False


def test_category_and_benchmark_views(capsys):
    _, out, _ = run(capsys, "summary", "--split", "test", "--view", "data", "--format", "json")
    rows = json.loads(out)
    assert {r["attempted"] for r in rows} == {"1/1"}
    assert list(rows[0]["components"]) == ["DiscoveryBench"]
    _, out, _ = run(capsys, "summary", "--split", "test", "--view", "ScholarQA-CS2", "--format", "json")
    rows = json.loads(out)
    assert rows[0]["components"] == {}
    assert any(r["agent"] == "Elicit" for r in rows)
    _, out, _ = run(capsys, "summary", "--split", "test", "--view", "Literature Understanding", "--format", "json")
    assert "2/5" in {r["attempted"] for r in json.loads(out)}  # e.g. Asta Paper Finder


def test_paper_mode_leaves_incomplete_agents_without_aggregate(capsys):
    _, out, _ = run(capsys, "summary", "--split", "test", "--mode", "paper", "--format", "json")
    rows = json.loads(out)
    assert sum(r["score"] is not None for r in rows) == 18
    assert all(r["score"] is None for r in rows[18:])


def test_csv_keeps_full_precision(capsys):
    code, out, _ = run(capsys, "summary", "--results", SAMPLE, "--split", "test", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 57
    assert len(rows[0]["score"]) > 8  # not rounded
    assert rows[0]["models"] == ""  # Asta v0: a mixture, no models published


def test_errors_go_to_stderr_with_nonzero_exit(capsys, tmp_path):
    code, out, err = run(capsys, "summary", "--split", "test", "--view", "nonsense")
    assert code != 0 and out == "" and "unknown view 'nonsense'" in err
    code, out, err = run(capsys, "summary", "--results", str(tmp_path / "missing" / "x"), "--split", "test")
    assert code != 0 and "neither an existing folder nor a Hub repo id" in err
    with pytest.raises(SystemExit) as exc:
        main(["summary", "--split", "train"])
    assert exc.value.code != 0


def test_skipped_rows_are_reported_on_stderr(capsys, tmp_path):
    write_dataset(tmp_path, {"good": submission([result("PaperFindingBench", 0.4)]), "bad": "{"})
    code, out, err = run(capsys, "summary", "--results", str(tmp_path), "--split", "test")
    assert code == 0 and len(json.loads(out)) == 1
    assert "1 row could not be read: 1.0.0/test/bad.json: not valid JSON" in err


def test_console_script_is_installed():
    proc = subprocess.run(
        [sys.executable, "-m", "abl.cli", "views", "--split", "validation"], capture_output=True, text=True, check=True
    )
    assert "category   lit" in proc.stdout and "benchmark  DS-1000" in proc.stdout


def test_csv_text_cannot_start_a_formula(capsys, tmp_path):
    write_dataset(
        tmp_path,
        {"evil": submission([result("PaperFindingBench", 0.4)], agent='=HYPERLINK("http://x")', username="+cmd")},
    )
    _, out, _ = run(capsys, "summary", "--results", str(tmp_path), "--split", "test", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["agent"] == '\'=HYPERLINK("http://x")' and row["submitter"] == "'+cmd"
    # Numbers untouched: lit = PaperFindingBench (weight 1 of 1.5), code = 0.
    assert float(row["score"]) == (0.4 / 1.5 + 0) / 2


def test_notes_go_to_stderr(capsys, tmp_path):
    write_dataset(tmp_path, {"noted": submission([result("PaperFindingBench", 0.4), result("Z9", 0.9)])})
    code, _, err = run(capsys, "summary", "--results", str(tmp_path), "--split", "test")
    assert code == 0 and "note: 1 note on the rows" in err


def test_summary_at_other_prices_and_as_of_a_date_matches_the_notebook_api(capsys):
    import datetime as dt

    import abl
    from abl.summary import to_records

    code, out, err = run(
        capsys,
        "summary",
        "--split",
        "validation",
        "--view",
        "lit",
        "--prices",
        "gpt-5-mini=3,gpt-4.1=1/4",
        "--as-of",
        "2026-06-01",
    )
    assert code == 0 and err == ""
    board = abl.Leaderboard(SAMPLE, split="validation", view="lit", as_of=dt.date(2026, 6, 1))
    board.reprice({"gpt-5-mini": 3, "gpt-4.1": "1/4"})
    assert json.loads(out) == to_records(board.frame)
    assert all(row["date"] <= "2026-06-01" for row in json.loads(out))


def test_history_lists_the_steps_of_each_budget(capsys):
    code, out, err = run(capsys, "history", "--split", "validation", "--view", "lit", "--budgets", "0.1", "1")
    assert code == 0 and err == ""
    steps = json.loads(out)
    assert {s["budget"] for s in steps} == {0.1, 1.0}
    first = steps[0]
    assert (first["budget"], first["date"], first["id"]) == (0.1, "2025-03-10", "example-agent-react-baseline")
    # As of a date: the steps until then, exactly those of the whole history.
    code, until, _ = run(capsys, "history", "--split", "validation", "--view", "lit", "--as-of", "2025-12-31")
    assert code == 0
    code, everything, _ = run(capsys, "history", "--split", "validation", "--view", "lit")
    earlier = [s for s in json.loads(everything) if s["date"] <= "2025-12-31"]
    assert json.loads(until) == earlier and len(earlier) < len(json.loads(everything))


@pytest.mark.parametrize(
    "args,message",
    [
        (["--prices", "gpt-9=1"], "no agent of this split used the model 'gpt-9'"),
        (["--prices", "gpt-5=-2"], "gpt-5: price factor -2 must be between 0 and 1000"),
        (["--as-of", "2025-13-01"], "--as-of '2025-13-01' is not a date (YYYY-MM-DD)"),
    ],
)
def test_bad_prices_and_dates_are_refused(capsys, args, message):
    code, out, err = run(capsys, "summary", "--split", "test", *args)
    assert code == 2 and out == "" and message in err
