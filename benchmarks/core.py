"""`python -m benchmarks core`: load and summary time on synthetic results datasets of N submissions per split.

Synthetic rows copy the shape of the embedded sample (which benchmarks an agent ran, how many
models it used, whether its cost is known) with random values, real problem counts and
complete agent-eval usage records (all seven token fields per model per problem), so that
files are as large as real ones. Datasets are written once per size under the work dir and
reused. Each measurement runs in a fresh Python process:

- cold: read every JSON file, validate, compute statistics and build all views of the split;
- warm, same revision: the refresh check plus all views, with the revision unchanged;
- warm, new revision: a new revision whose files are all unchanged (stats and views rebuilt,
  no file re-read);
and reports the process's peak resident memory (workers included).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec

from abl.names import BENCHMARKS, OPENNESS, TOOLING, task_display_name
from abl.schema import decode_submission
from abl.settings import SAMPLE_PREFIX

MODELS = [
    "openai/gpt-4.1",
    "openai/gpt-5-mini",
    "anthropic/claude-sonnet-4-20250514",
    "google/gemini-2.5-flash",
    "openai/o3",
    "meta-llama/llama-4-scout",
    "openai/gpt-4o",
    "anthropic/claude-3-5-haiku-20241022",
]


def _sample_shapes() -> list[tuple[list[str], int, bool]]:
    """(benchmarks run, number of models, cost known) of each published agent in the sample."""
    shapes = []
    for path in sorted((SAMPLE_PREFIX / "asta-bench-results/1.0.0/test").glob("*.json")):
        sub = decode_submission(path.read_bytes())
        tasks = [task_display_name(r.task_name) for r in sub.results or []]
        models = max((len(r.model_usages[0]) for r in sub.results or [] if r.model_usages), default=1)
        known = any(r.model_costs for r in sub.results or [])
        shapes.append((tasks, max(models, 1), known))
    return shapes


def _usage_json(model: str, rng: random.Random) -> str:
    inp = rng.randint(2_000, 400_000)
    out = rng.randint(100, 20_000)
    read = rng.randint(0, inp // 2)
    return (
        f'{{"model":"{model}","usage":{{"input_tokens":{inp},"output_tokens":{out},'
        f'"total_tokens":{inp + out},"input_tokens_cache_write":null,"input_tokens_cache_read":{read},'
        f'"reasoning_tokens":{rng.randint(0, out)},"total_cost":{rng.random() / 10:.6f}}}}}'
    )


def _row_json(index: int, split: str, suite: dict, shape: tuple, rng: random.Random) -> bytes:
    tasks, n_models, cost_known = shape
    spec = {task_display_name(t["name"]): t for t in next(s for s in suite["splits"] if s["name"] == split)["tasks"]}
    problems = {b.display: b.problems[0 if split == "test" else 1] for b in BENCHMARKS}
    models = rng.sample(MODELS, min(n_models, len(MODELS)))
    results = []
    for display in tasks:
        task = spec[display]
        n = problems[display]
        primary = task["primary_metric"]
        score = rng.random()
        usages = ",".join("[" + ",".join(_usage_json(m, rng) for m in models) + "]" for _ in range(n))
        costs = ",".join(f"{rng.random() / 5:.8f}" for _ in range(n)) if cost_known else None
        results.append(
            f'{{"task_name":"{task["name"]}","eval_spec":{{"model":"{models[0]}","solver":"bench_solver",'
            f'"revision":{{"type":"git","origin":"https://github.com/example/agent.git","commit":"{index:040x}"}}}},'
            f'"metrics":[{{"name":"{primary}","value":{score:.6f}}},'
            f'{{"name":"{primary.rpartition("/")[0]}/stderr","value":{score / 40:.6f}}}],'
            f'"model_usages":[{usages}],"model_costs":{f"[{costs}]" if costs else "null"}}}'
        )
    meta = {
        "submit_time": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T00:00:00Z",
        "username": f"user{index % 97}",
        "agent_name": f"Bench agent {index}",
        "agent_description": "synthetic benchmark row",
        "openness": rng.choice(OPENNESS),
        "tool_usage": rng.choice(TOOLING),
        "logs_url_public": f"https://example.com/logs/{index}",
    }
    head = msgspec.json.encode({"suite_config": suite, "split": split}).decode()[:-1]
    return f'{head},"results":[{",".join(results)}],"submission":{json.dumps(meta)}}}'.encode()


def synthesize(workdir: Path, n: int, seed: int = 0) -> Path:
    """A results dataset with n submissions in each of test and validation (reused if present)."""
    import yaml

    root = workdir / f"results-{n}"
    done = root / ".complete"
    if done.exists():
        return root
    suite = yaml.safe_load((SAMPLE_PREFIX / "suite-1.0.0.yml").read_text())
    shapes = _sample_shapes()
    rng = random.Random(seed)
    for split in ("test", "validation"):
        folder = root / "1.0.0" / split
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            (folder / f"bench_{i:06d}.json").write_bytes(_row_json(i, split, suite, rng.choice(shapes), rng))
    (root / "README.md").write_text(
        "---\nconfigs:\n- config_name: 1.0.0\n  data_files:\n  - {split: test, path: 1.0.0/test/*.json}\n"
        "  - {split: validation, path: 1.0.0/validation/*.json}\n---\nSynthetic benchmark dataset.\n"
    )
    done.touch()
    return root


_MEASURE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from abl.results import Results
from abl.sources import RevisionInfo
from abl.stats import Mode
from abl.summary import available_views, view_table
imports = time.perf_counter() - t0

def all_views(results, split, revision=None):
    data = results.split(split, revision)
    for view in available_views(data.stats):
        for mode in Mode:
            view_table(data, view, mode)
    return data

results = Results(sys.argv[1])
out = {"imports_s": imports}
for split in ("test", "validation"):
    t = time.perf_counter(); data = all_views(results, split)
    out[f"{split}_cold_s"] = time.perf_counter() - t
    t = time.perf_counter(); all_views(results, split)
    out[f"{split}_warm_same_revision_s"] = time.perf_counter() - t
    t = time.perf_counter(); all_views(results, split, RevisionInfo(id="bench-new", time=None))
    out[f"{split}_warm_new_revision_s"] = time.perf_counter() - t
    out[f"{split}_rows"] = len(data.rows)
    out[f"{split}_views"] = len(available_views(data.stats)) * len(Mode)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
out["peak_rss_mb"] = (own + kids) / 1024
print(json.dumps(out))
"""


def measure(root: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_bench(sizes: list[int], workdir: str | None = None) -> int:
    base = Path(workdir) if workdir else Path(tempfile.gettempdir()) / "abl-bench"
    base.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        start = time.perf_counter()
        root = synthesize(base, n)
        size_mb = sum(p.stat().st_size for p in root.rglob("*.json")) / 1e6
        print(f"N={n}: dataset {root} ({size_mb:.0f} MB, ready in {time.perf_counter() - start:.1f} s)")
        result = measure(root)
        for split in ("test", "validation"):
            print(
                f"  {split:10} rows={result[f'{split}_rows']:6d}  cold {result[f'{split}_cold_s']:.3f} s"
                f"  warm(same revision) {result[f'{split}_warm_same_revision_s']:.4f} s"
                f"  warm(new revision) {result[f'{split}_warm_new_revision_s']:.3f} s"
                f"  ({result[f'{split}_views']} view tables)"
            )
        print(f"  imports {result['imports_s']:.2f} s, peak RSS {result['peak_rss_mb']:.0f} MB (all processes)")
    return 0
