"""Small builders of agent-eval rows and datasets for tests."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

from abl.settings import SAMPLE_PREFIX

# A two-category suite small enough to compute by hand, on real AstaBench names (rows keep only
# known benchmarks and categories, see abl.rows):
#   cat "lit": tasks PaperFindingBench (weight 1) and ScholarQA-CS2 (weight 0.5);
#   cat "code": task DS-1000.
TINY_SUITE: dict[str, Any] = {
    "name": "tiny",
    "version": "0.1",
    "splits": [
        {
            "name": "test",
            "tasks": [
                {"name": "PaperFindingBench", "path": "t/a1", "primary_metric": "acc/mean", "tags": ["lit"]},
                {"name": "ScholarQA_CS2", "path": "t/a2", "primary_metric": "acc/mean", "tags": ["lit"]},
                {"name": "DS_1000", "path": "t/b1", "primary_metric": "score/accuracy", "tags": ["code"]},
            ],
            "macro_average_weight_adjustments": [{"tag": "lit", "task": "ScholarQA_CS2", "weight": 0.5}],
        },
        {
            "name": "validation",
            "tasks": [{"name": "PaperFindingBench", "path": "t/a1v", "primary_metric": "acc/mean", "tags": ["lit"]}],
        },
    ],
}


def result(
    task: str,
    score: float | None,
    stderr: float | None = None,
    costs: list | None = None,
    metric: str = "acc/mean",
    usages: list | None = None,
    **extra: Any,
) -> dict[str, Any]:
    metrics = []
    if score is not None:
        metrics.append({"name": metric, "value": score})
    if stderr is not None:
        metrics.append({"name": f"{metric.rpartition('/')[0]}/stderr", "value": stderr})
    out = {"task_name": task, "metrics": metrics, "model_costs": costs, "model_usages": usages}
    out.update(extra)
    return out


def submission(
    results: list[dict], agent: str = "Agent", split: str = "test", suite: dict | None = None, **meta: Any
) -> dict[str, Any]:
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


def write_dataset(
    root: Path, rows: dict[str, Any], config: str = "1.0.0", split: str = "test", readme: bool = True
) -> Path:
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


# ---- the submission form ------------------------------------------------------------------------

# Valid values of every field of the submission form.
FORM_FIELDS: dict[str, Any] = {
    "display_name": "Alice A.",
    "role": "PhD student",
    "email": "alice@example.org",
    "email_opt_in": True,
    "split": "test",
    "agent_name": "My Agent v2",
    "agent_description": "Plans, searches, writes.",
    "agent_url": "https://example.org/agent",
    "openness": "Open source & open weights",
    "tooling": "Standard",
    "terms_accepted": True,
}


class Recorder:
    """A notifier that keeps what it is told."""

    def __init__(self):
        self.events: list[dict] = []

    def notify(self, event: dict) -> None:
        self.events.append(event)


# ---- agent-eval run archives (.tar.gz) ---------------------------------------------------------

SUITE = yaml.safe_load((SAMPLE_PREFIX / "suite-1.0.0.yml").read_text())


def config_json(split="test", version="1.0.0", **extra) -> bytes:
    suite = {**SUITE, "version": version}
    return json.dumps(
        {"suite_config": suite, "split": split, "inspect_command": ["inspect", "eval-set", "astabench/test"], **extra}
    ).encode()


def eval_log(samples=2, task: str | None = None) -> bytes:
    """A small zip shaped like an Inspect .eval log (of `task`, as its header names it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as log:
        log.writestr("header.json", json.dumps({"status": "success", **({"eval": {"task": task}} if task else {})}))
        for n in range(samples):
            log.writestr(f"samples/{n}_epoch_1.json", json.dumps({"id": n, "score": 1}))
    return buffer.getvalue()


LOG_A, LOG_B = eval_log(2), eval_log(3)


def run_members(prefix="", split="test", version="1.0.0"):
    return [
        (f"{prefix}eval_config.json", config_json(split, version)),
        (f"{prefix}task-a.eval", LOG_A),
        (f"{prefix}logs/task-b.eval", LOG_B),
    ]


def tar_bytes(members) -> bytes:
    """members: (name, bytes) for a file, (name, None) for a folder, or a ready TarInfo."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
                continue
            name, data = member
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def write_archive(tmp_path, members, name="run.tar.gz") -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(tar_bytes(members), mtime=0))
    return path
