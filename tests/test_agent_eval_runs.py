"""Genuine agent-eval runs (made by tests/support/agent_eval_runs.py with the real tools and Inspect's
mock model), taken through the project as a submitter and a reader would."""

from __future__ import annotations

import json

import pytest

from abl.cli import main
from abl.rows import read_row
from abl.stats import Mode, SplitStats
from tests.builders import FORM_FIELDS, Recorder, write_dataset
from tests.support.summary_compare import differences

pytestmark = pytest.mark.agent_eval


def row_of(run, row_id="r"):
    return read_row(json.dumps(run.row).encode(), row_id, "test")


@pytest.mark.parametrize("name", ["full", "partial"])
def test_published_rows_give_agent_evals_own_summary(agent_eval_runs, name):
    run = agent_eval_runs[name]
    stats = SplitStats([row_of(run)])
    assert differences(stats, 0, run.summary, Mode.LEADERBOARD) == []


def test_full_run_numbers_by_hand(agent_eval_runs):
    # The mock agent answers right on 3 of 4 PaperFindingBench questions, 1 of 2 ScholarQA-CS2, 1 of 3 DS-1000.
    # gpt-4.1-mini costs $0.40 / $1.60 per million input / output tokens; question i uses 1000 i input
    # and 100 output tokens: $0.0004 i + $0.00016.
    row = row_of(agent_eval_runs["full"])
    stats = SplitStats([row])
    assert stats.task("PaperFindingBench").score[0] == 0.75
    assert stats.tag("lit").score[0] == pytest.approx((0.75 * 1 + 0.5 * 0.5) / 1.5, rel=1e-15)
    assert stats.overall().score[0] == pytest.approx(((0.75 + 0.25) / 1.5 + 1 / 3) / 2, rel=1e-15)
    assert stats.task("PaperFindingBench").cost[0] == pytest.approx(0.0004 * 2.5 + 0.00016, rel=1e-12)
    assert stats.task("DS-1000").cost[0] == pytest.approx(0.0004 * 2 + 0.00016, rel=1e-12)
    assert row.models == ("openai/gpt-4.1-mini",)
    assert row.logs_url == (
        "https://huggingface.co/datasets/testorg/asta-bench-submissions/tree/main/"
        "1.0.0/test/alice_MockAgent_2025-09-01_10-00-00"
    )


def test_partial_run_on_an_unpriced_model(agent_eval_runs):
    row = row_of(agent_eval_runs["partial"])
    stats = SplitStats([row])
    assert set(row.tasks) == {"PaperFindingBench", "ScholarQA-CS2"}
    assert stats.tag("code").score[0] == 0.0  # a category not run counts 0 on the leaderboard
    assert stats.overall(Mode.PAPER).score[0] != stats.overall(Mode.PAPER).score[0]  # and unknown in paper mode
    assert all(v != v for v in (stats.tag("lit").cost[0], stats.overall().cost[0]))  # no price: unknown cost


def test_cli_summary_of_a_dataset_of_generated_rows(agent_eval_runs, tmp_path, capsys):
    rows = {f"{name}-row": run.row for name, run in agent_eval_runs.items()}
    root = write_dataset(tmp_path / "results", rows)
    assert main(["summary", "--results", str(root), "--split", "test"]) == 0
    listed = {entry["agent"]: entry for entry in json.loads(capsys.readouterr().out)}
    full = agent_eval_runs["full"].summary["stats"]["overall"]
    assert listed["MockAgent"]["score"] == pytest.approx(full["score"], rel=1e-12)
    assert listed["MockAgent"]["cost"] == pytest.approx(full["cost"], rel=1e-12)
    assert listed["MockAgent"]["models"] == ["gpt-4.1-mini"]
    assert listed["LitOnly"]["score"] == pytest.approx(
        agent_eval_runs["partial"].summary["stats"]["overall"]["score"], rel=1e-12
    )
    assert listed["LitOnly"]["cost"] is None and listed["LitOnly"]["models"] == ["mockllm/model"]


@pytest.mark.parametrize(
    ("name", "coverage"),
    [
        ("full", "coverage: every benchmark of the split has a log (3)."),
        ("partial", "partial run: no log for DS-1000."),
    ],
)
def test_run_tarred_as_users_tar_it_passes_the_check(agent_eval_runs, tmp_path, capsys, name, coverage):
    run = agent_eval_runs[name]
    archive = run.tarred(tmp_path)  # the natural command after `agenteval eval` with its default log folder
    assert main(["check-archive", str(archive), "--config", "1.0.0"]) == 0
    out = capsys.readouterr().out
    assert f"ok: run directory logs/{run.log_dir.name}/, split test, suite asta-bench 1.0.0" in out
    assert coverage in out


def test_run_submitted_through_the_form_is_stored_as_agent_eval_publish_stores_it(agent_eval_runs, tmp_path):
    from abl.intake.request import build_request
    from abl.intake.service import submit
    from abl.intake.store import LocalStore

    run = agent_eval_runs["full"]
    store = LocalStore(tmp_path / "asta-bench-submissions", tmp_path / "asta-bench-internal-contact-info")
    fields = {**FORM_FIELDS, "agent_name": "MockAgent"}
    archive = run.tarred(tmp_path)
    receipt = submit(build_request(fields, "alice"), archive, store=store, config="1.0.0", notifier=Recorder())
    folder = tmp_path / "asta-bench-submissions" / receipt.folder
    stored = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    # `agenteval publish` uploads the run directory as it is, plus submission.json.
    expected = sorted(
        [p.relative_to(run.log_dir).as_posix() for p in run.log_dir.rglob("*") if p.is_file()] + ["submission.json"]
    )
    assert stored == expected
    for name in expected:
        if name != "submission.json":
            assert (folder / name).read_bytes() == (run.log_dir / name).read_bytes()
    metadata = json.loads((folder / "submission.json").read_text())
    assert metadata["agent_name"] == "MockAgent" and "email" not in json.dumps(metadata)
