"""Small builders of agent-eval rows and datasets for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# A two-category suite small enough to compute by hand:
#   cat "a": tasks A1 (weight 1) and A2 (weight 0.5); cat "b": task B1.
TINY_SUITE: dict[str, Any] = {
    "name": "tiny",
    "version": "0.1",
    "splits": [
        {
            "name": "test",
            "tasks": [
                {"name": "A1", "path": "t/a1", "primary_metric": "acc/mean", "tags": ["a"]},
                {"name": "A2", "path": "t/a2", "primary_metric": "acc/mean", "tags": ["a"]},
                {"name": "B1", "path": "t/b1", "primary_metric": "score/accuracy", "tags": ["b"]},
            ],
            "macro_average_weight_adjustments": [{"tag": "a", "task": "A2", "weight": 0.5}],
        },
        {
            "name": "validation",
            "tasks": [{"name": "A1", "path": "t/a1v", "primary_metric": "acc/mean", "tags": ["a"]}],
        },
    ],
}


def result(task: str, score: float | None, stderr: float | None = None, costs: list | None = None,
           metric: str = "acc/mean", usages: list | None = None, **extra: Any) -> dict[str, Any]:
    metrics = []
    if score is not None:
        metrics.append({"name": metric, "value": score})
    if stderr is not None:
        metrics.append({"name": f"{metric.rpartition('/')[0]}/stderr", "value": stderr})
    out = {"task_name": task, "metrics": metrics, "model_costs": costs, "model_usages": usages}
    out.update(extra)
    return out


def submission(results: list[dict], agent: str = "Agent", split: str = "test", suite: dict | None = None,
               **meta: Any) -> dict[str, Any]:
    base = {
        "submit_time": "2025-09-01T10:00:00Z",
        "username": "alice",
        "agent_name": agent,
        "openness": "Open source & open weights",
        "tool_usage": "Standard",
    }
    base.update(meta)
    return {"suite_config": suite or TINY_SUITE, "split": split, "results": results, "submission": base}


def usage(model: str, tokens: int) -> dict[str, Any]:
    return {"model": model, "usage": {"input_tokens": tokens, "output_tokens": 0, "total_tokens": tokens}}


def write_dataset(root: Path, rows: dict[str, Any], config: str = "1.0.0", split: str = "test",
                  readme: bool = True) -> Path:
    """rows: file stem -> dict (written as JSON) or str/bytes (written verbatim)."""
    folder = root / config / split
    folder.mkdir(parents=True, exist_ok=True)
    for stem, row in rows.items():
        data = row if isinstance(row, (str, bytes)) else json.dumps(row)
        path = folder / f"{stem}.json"
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    if readme and not (root / "README.md").exists():
        (root / "README.md").write_text(
            "---\nconfigs:\n"
            f"- config_name: '{config}'\n  data_files:\n"
            f"  - split: test\n    path: '{config}/test/*.json'\n"
            f"  - split: validation\n    path: '{config}/validation/*.json'\n---\n# results\n"
        )
    return root
