"""Scoring a stored run with agent-eval, in a child process with a time limit.

    python -m abl.review.scoring <run_dir> <out_dir> <logs_url>

does what `agenteval score <run_dir>` does (agent-eval's own `process_eval_logs`,
`TaskResults` and `compute_summary_statistics`), then builds the row exactly as
`agenteval lb publish` would from those files: `scores.json`, `summary_stats.json` and
`row.json` in `out_dir`. It needs the optional `[score]` extra (agent-eval with Inspect).

Prices: `agenteval score` downloads litellm's price table pinned at the release its litellm pin
allows, and fails offline. This runs on the table that ships with the installed litellm, so it
works offline; with litellm 1.97.0 (agent-eval 0.1.55's upper pin) the two tables are the same
release. The log says which litellm priced the run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

OUTPUTS = ("scores.json", "summary_stats.json", "row.json")
LOG_FILE = "score.log"
MAX_LOG_BYTES = 256 * 1024


def scoring_available() -> bool:
    """Is the `[score]` extra installed?"""
    return importlib.util.find_spec("agenteval") is not None


@dataclass(frozen=True)
class ScoreResult:
    ok: bool
    files: dict[str, bytes]  # OUTPUTS (when ok) and LOG_FILE
    reason: str = ""  # why it failed, in one line


def score_run(run_dir: Path, out_dir: Path, logs_url: str, timeout_s: float) -> ScoreResult:
    """Runs the scorer on `run_dir` in a child process; never raises for a run that fails to score."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "INSPECT_LOG_LEVEL": "warning"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "abl.review.scoring", str(run_dir), str(out_dir), logs_url],
            capture_output=True,
            timeout=timeout_s,
            env=env,
            cwd=out_dir,
        )
        log = done.stdout + done.stderr
        failed = done.returncode != 0
        reason = _last_line(done.stderr) if failed else ""
    except subprocess.TimeoutExpired as exc:
        log = (exc.stdout or b"") + (exc.stderr or b"")
        failed, reason = True, f"scoring took longer than {timeout_s:g} s and was stopped"
    files = {LOG_FILE: log[-MAX_LOG_BYTES:]}
    if not failed:
        try:
            files.update({name: (out_dir / name).read_bytes() for name in OUTPUTS})
        except OSError:
            failed, reason = True, "the scorer finished without writing its results"
    return ScoreResult(ok=not failed, files=files if not failed else {LOG_FILE: files[LOG_FILE]}, reason=reason)


def _last_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return (lines[-1] if lines else "the scorer failed without a message")[:500]


def main(run_dir: Path, out_dir: Path, logs_url: str) -> int:
    from importlib.metadata import version

    from agenteval.leaderboard.models import LeaderboardSubmission
    from agenteval.leaderboard.upload import compress_model_usages
    from agenteval.models import EvalConfig, SubmissionMetadata
    from agenteval.score import TaskResults, process_eval_logs
    from agenteval.summary import compute_summary_statistics

    print(f"agent-eval {version('agent-eval')}, priced with litellm {version('litellm')}'s own price table")
    config = EvalConfig.model_validate_json((run_dir / "eval_config.json").read_text(encoding="utf-8"))
    processed = process_eval_logs(str(run_dir), reference_tasks=config.suite_config.get_tasks(config.split))
    if processed.errors:
        print("the logs could not be scored: " + " ".join("; ".join(processed.errors).split()), file=sys.stderr)
        return 1
    scores = TaskResults(results=processed.results)
    stats = compute_summary_statistics(config.suite_config, config.split, scores.results)
    submission = SubmissionMetadata.model_validate_json((run_dir / "submission.json").read_text(encoding="utf-8"))
    submission.logs_url = logs_url
    row = compress_model_usages(
        LeaderboardSubmission(
            suite_config=config.suite_config, split=config.split, results=scores.results, submission=submission
        )
    )
    (out_dir / "scores.json").write_text(scores.model_dump_json(indent=2), encoding="utf-8")
    (out_dir / "summary_stats.json").write_text(json.dumps(stats.model_dump(mode="json"), indent=2), encoding="utf-8")
    (out_dir / "row.json").write_text(row.model_dump_json(indent=None), encoding="utf-8")
    print(f"scored {len(scores.results)} tasks")
    return 0


if __name__ == "__main__":
    os.nice(10)  # readers' requests come first
    try:
        sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
    except Exception as exc:  # one clear last line for the reviewer; the traceback stays in the log
        import traceback

        traceback.print_exc()
        message = " ".join(str(exc).split())  # one line: the reviewer reads the last one
        print(f"{type(exc).__name__}: {message[:300]}", file=sys.stderr)
        sys.exit(1)
