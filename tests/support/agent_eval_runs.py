"""Genuine agent-eval runs for the tests, made with the real tools (the dev extra's agent-eval).

`generate_run` runs `agenteval eval` on the tiny tasks of `tests/support/inspect_tasks.py` with
Inspect's mock model, into agent-eval's default log folder, then scores the logs and writes the
results row with agent-eval's own functions, as `agenteval score` and `agenteval lb publish` do.
Scoring happens offline: `agenteval score` itself downloads a pinned litellm price table first,
so the same steps run here on the table that ships with the installed litellm.

    python -m tests.support.agent_eval_runs <log_dir> <submission.json> <logs_url> <row.json>

is the scoring-and-publishing half, run in a child process so pytest workers never import
Inspect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TASKS_FILE = Path(__file__).with_name("inspect_tasks.py")
CONFIG = "1.0.0"
SPLIT = "test"

# ScholarQA-CS2 counts half in its category, as LitQA2 does in the real suite.
SUITE: dict[str, Any] = {
    "name": "asta-bench",
    "version": CONFIG,
    "splits": [
        {
            "name": SPLIT,
            "tasks": [
                {"name": "PaperFindingBench_test", "primary_metric": "includes/accuracy", "tags": ["lit"]},
                {"name": "ScholarQA_CS2_test", "primary_metric": "includes/accuracy", "tags": ["lit"]},
                {"name": "DS_1000_test", "primary_metric": "includes/accuracy", "tags": ["code"]},
            ],
            "macro_average_weight_adjustments": [{"tag": "lit", "task": "ScholarQA_CS2_test", "weight": 0.5}],
        }
    ],
}


@dataclass(frozen=True)
class GeneratedRun:
    log_dir: Path  # what `agenteval eval` wrote, plus `agenteval score`'s scores.json and summary_stats.json
    row: dict[str, Any]  # the results-dataset row, as `agenteval lb publish` writes it
    summary: dict[str, Any]  # agent-eval's summary_stats.json ("stats": {"overall", "tag/...", "task/..."})

    def tarred(self, folder: Path) -> Path:
        """The run archived as users archive it after `agenteval eval`: `tar czf run.tar.gz logs/<run>`."""
        archive = folder / "run.tar.gz"
        subprocess.run(
            ["tar", "czf", str(archive), f"logs/{self.log_dir.name}"], cwd=self.log_dir.parents[1], check=True
        )
        return archive


def _tool_env() -> dict[str, str]:
    # agenteval starts `inspect` from PATH; litellm must not try to download prices.
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "INSPECT_LOG_LEVEL": "warning",
        "INSPECT_DISPLAY": "none",
        "PYTHONPATH": str(ROOT),
    }


def start_run(workdir: Path, model: str, categories: tuple[str, ...] = ()) -> subprocess.Popen:
    """Starts `agenteval eval` in `workdir` (its default log folder: logs/asta-bench_1.0.0_test_<time>)."""
    suite = json.loads(json.dumps(SUITE))
    for t in suite["splits"][0]["tasks"]:
        t["path"] = f"{TASKS_FILE}@{t['name']}"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "suite.yml").write_text(yaml.safe_dump(suite, sort_keys=False))
    category_args = [a for c in categories for a in ("--task-category", c)]
    command = [
        str(Path(sys.executable).parent / "agenteval"),
        "eval",
        "--config-path",
        "suite.yml",
        "--split",
        SPLIT,
        "--ignore-git",
        *category_args,
        "--",
        "--model",
        "mockllm/model",
        "--solver",
        f"{TASKS_FILE}@mock_agent",
        "-S",
        f"model_name={model}",
    ]
    return subprocess.Popen(
        command, cwd=workdir, env=_tool_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def finish_run(workdir: Path, process: subprocess.Popen, submission: dict[str, Any]) -> GeneratedRun:
    """Waits for `start_run`'s process, then scores and publishes the run like agent-eval."""
    output, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"agenteval eval failed:\n{output[-4000:]}")
    (log_dir,) = (workdir / "logs").iterdir()
    name = f"{submission['username']}_{submission['agent_name']}_2025-09-01_10-00-00"
    logs_url = f"hf://datasets/testorg/asta-bench-submissions/{CONFIG}/{SPLIT}/{name}"
    (workdir / "submission.json").write_text(json.dumps(submission))
    scored = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.support.agent_eval_runs",
            str(log_dir),
            str(workdir / "submission.json"),
            logs_url,
            str(workdir / "row.json"),
        ],
        cwd=ROOT,
        env=_tool_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if scored.returncode != 0:
        raise RuntimeError(f"scoring failed:\n{scored.stdout[-2000:]}\n{scored.stderr[-4000:]}")
    return _load(workdir)


def score_and_publish(log_dir: Path, submission_file: Path, logs_url: str, row_file: Path) -> None:
    """`agenteval score <log_dir>` (offline prices), then the row `agenteval lb publish` would write."""
    from agenteval.leaderboard.models import LeaderboardSubmission
    from agenteval.leaderboard.upload import compress_model_usages
    from agenteval.models import EvalConfig, SubmissionMetadata
    from agenteval.score import TaskResults, process_eval_logs
    from agenteval.summary import compute_summary_statistics

    config = EvalConfig.model_validate_json((log_dir / "eval_config.json").read_text())
    processed = process_eval_logs(str(log_dir), reference_tasks=config.suite_config.get_tasks(config.split))
    if processed.errors:
        raise SystemExit("; ".join(processed.errors))
    scores = TaskResults(results=processed.results)
    stats = compute_summary_statistics(config.suite_config, config.split, scores.results)
    (log_dir / "scores.json").write_text(scores.model_dump_json(indent=2))
    (log_dir / "summary_stats.json").write_text(json.dumps(stats.model_dump(mode="json"), indent=2))

    submission = SubmissionMetadata.model_validate_json(submission_file.read_text())
    submission.logs_url = logs_url
    row = compress_model_usages(
        LeaderboardSubmission(
            suite_config=config.suite_config, split=config.split, results=scores.results, submission=submission
        )
    )
    row_file.write_text(row.model_dump_json(indent=None))


if __name__ == "__main__":
    score_and_publish(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))


# ---- the runs the tests share ---------------------------------------------------------------------

# name -> (model the mock agent names, categories run: () = all, submission metadata)
RUNS: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {
    # Every task, on a priced model: real, unequal costs.
    "full": (
        "openai/gpt-4.1-mini",
        (),
        {
            "username": "alice",
            "agent_name": "MockAgent",
            "openness": "Open source & open weights",
            "tool_usage": "Standard",
            "submit_time": "2025-09-01T10:00:00Z",
        },
    ),
    # Literature only, on the mock model itself, which has no price: costs unknown.
    "partial": (
        "mockllm/model",
        ("lit",),
        {
            "username": "bob",
            "agent_name": "LitOnly",
            "openness": "Closed source & API available",
            "tool_usage": "Custom interface",
            "submit_time": "2025-09-02T10:00:00Z",
        },
    ),
}


def _load(workdir: Path) -> GeneratedRun:
    (log_dir,) = (workdir / "logs").iterdir()
    return GeneratedRun(
        log_dir=log_dir,
        row=json.loads((workdir / "row.json").read_text()),
        summary=json.loads((log_dir / "summary_stats.json").read_text()),
    )


@pytest.fixture(scope="session")
def agent_eval_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, GeneratedRun]:
    """The RUNS, made once per test session (pytest-xdist workers share them through a lock)."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker's base folder sits in the run's own one.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "agent-eval-runs"
    shared.mkdir(exist_ok=True)
    with FileLock(str(shared / "lock")):
        if not (shared / "done").exists():
            started = {
                name: start_run(shared / name, model, categories) for name, (model, categories, _) in RUNS.items()
            }
            for name, process in started.items():
                finish_run(shared / name, process, RUNS[name][2])
            (shared / "done").touch()
    return {name: _load(shared / name) for name in RUNS}
