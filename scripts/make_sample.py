"""Build the embedded sample results dataset in `data/asta-bench-results/`.

Test split: the 57 agents published in the AstaBench paper (arXiv 2510.21652, appendix
tables 12-17, transcribed in `data/reference/astabench-paper-test-results.csv`), one
agent-eval `LeaderboardSubmission` file each, such that agent-eval's statistics reproduce
the published numbers:

- each task's primary metric rounds to the published score (as a 0-1 fraction) and its
  stderr metric is the published 95% half-width / 1.96; a score printed as 0.0000 with no
  interval is an exact 0, whose standard error is 0;
- `model_costs` holds one cost per problem (problem counts from the reference README) whose
  mean rounds to the published cost and whose standard error is the published cost
  half-width / 1.96; agents without a published cost get `model_costs: null`;
- the published numbers are rounded, and the paper's category and overall values (its
  table 11, `data/reference/paper-table11-overall.csv`) were computed before rounding. For
  the 18 agents that ran every benchmark, a small linear programme picks, within each
  published value's rounding interval, the values closest to the printed ones for which the
  category and overall aggregates also round to table 11;
- `model_usages` lists the published models for every problem. The paper publishes no token
  counts, so the counts are 0 and the models keep the published order.

Validation split: a dozen plainly synthetic "Example agent" rows, to demonstrate the split
switch, old openness/tooling spellings, links, token-ordered models, submissions spread over
eighteen months (the frontier over time) and realistic per-problem token counts whose costs are
those counts at `abl.pricing`'s list prices (what-if repricing).

Run: `python scripts/make_sample.py` (needs scipy, in the `dev` extra). Deterministic: a
rerun rewrites identical files.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import msgspec
import numpy as np
import yaml

from abl.names import BENCHMARKS
from abl.pricing import problem_cost
from abl.schema import ModelUsage

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "abl" / "sample"
REFERENCE = DATA / "reference"
OUT = DATA / "asta-bench-results"
CONFIG = "1.0.0"
SUBMIT_TIME = "2025-08-26T12:00:{:02d}+00:00"  # AstaBench's public launch; seconds keep CSV order

PROBLEMS = {b.display: b.problems for b in BENCHMARKS}  # test, validation (reference README)
CATEGORY_OF = {b.display: b.category for b in BENCHMARKS}
SUITE_TASK = {d: d.replace("-", "_") for d in PROBLEMS}  # display name -> suite task name
PROVIDERS = (
    ("claude", "anthropic"),
    ("gpt", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("gemini", "google"),
    ("sonar", "perplexity"),
)


@dataclass
class Measured:
    """A published number: its value and the half-width of its rounding interval."""

    value: float
    half_unit: float

    @classmethod
    def parse(cls, text: str) -> Measured | None:
        if not text:
            return None
        decimals = len(text.split(".")[1]) if "." in text else 0
        return cls(float(Decimal(text)), 0.5 * 10.0**-decimals)


def load_suite() -> dict:
    return yaml.safe_load((DATA / "suite-1.0.0.yml").read_text())


def weights(suite: dict, split: str) -> dict[str, float]:
    spec = next(s for s in suite["splits"] if s["name"] == split)
    adj = {a["task"]: a["weight"] for a in spec.get("macro_average_weight_adjustments") or []}
    return {d: float(adj.get(SUITE_TASK[d], 1.0)) for d in PROBLEMS}


def fit_to_aggregates(
    values: dict[str, Measured], targets: dict[str, Measured], task_weights: dict[str, float], fixed: set[str]
) -> dict[str, float]:
    """Values within each one's rounding interval, as close as possible to the printed ones,
    whose category and overall aggregates fall inside the targets' rounding intervals."""
    from scipy.optimize import linprog  # only needed to regenerate the sample

    tasks = list(values)
    n = len(tasks)
    margin = 0.04  # stay this fraction of an interval away from rounding ties
    bounds = []
    for t in tasks:
        slack = 0.0 if t in fixed else values[t].half_unit * (1 - margin)
        bounds.append((-min(slack, values[t].value), slack))
    rows, lo, hi = [], [], []
    cats = sorted({CATEGORY_OF[t] for t in tasks})
    cat_coef = {}
    for c in cats:
        members = [t for t in tasks if CATEGORY_OF[t] == c]
        total = sum(task_weights[t] for t in members)
        coef = np.array([task_weights[t] / total if t in members else 0.0 for t in tasks])
        cat_coef[c] = coef
        rows.append(coef)
        base = coef @ [values[t].value for t in tasks]
        half = targets[c].half_unit * (1 - margin)
        lo.append(targets[c].value - half - base)
        hi.append(targets[c].value + half - base)
    overall = sum(cat_coef.values()) / len(cats)
    rows.append(overall)
    base = overall @ [values[t].value for t in tasks]
    half = targets["overall"].half_unit * (1 - margin)
    lo.append(targets["overall"].value - half - base)
    hi.append(targets["overall"].value + half - base)
    a = np.array(rows)
    # offsets d = p - m with p, m >= 0; minimise sum(p + m) subject to lo <= A d <= hi.
    a_ub = np.vstack([np.hstack([a, -a]), np.hstack([-a, a])])
    b_ub = np.concatenate([hi, -np.array(lo)])
    p_bounds = [(0, b[1]) for b in bounds] + [(0, -b[0]) for b in bounds]
    solution = linprog(np.ones(2 * n), A_ub=a_ub, b_ub=b_ub, bounds=p_bounds, method="highs")
    if not solution.success:
        raise RuntimeError(f"no values fit the published aggregates: {solution.message}")
    offsets = solution.x[:n] - solution.x[n:]
    return {t: values[t].value + (round(float(d), 9) if abs(d) > 1e-12 else 0.0) for t, d in zip(tasks, offsets)}


def per_problem_costs(mean: float, stderr: float, n: int, rng: random.Random) -> list[float]:
    """n non-negative costs with exactly this mean and standard error (up to float error).

    Costs are right-skewed (a few expensive problems), from the shape (i/(n-1))^p, with p
    raised until the cheapest problem costs no less than 0. A very large p puts all the
    spread on one problem; the others then cost the mean minus one standard error, which is
    non-negative whenever the standard error is at most the mean.
    """
    if n == 1 or stderr == 0:
        return [mean] * n
    sd = stderr * np.sqrt(n)
    for power in (1.5**k for k in range(40)):
        shape = (np.arange(n) / (n - 1)) ** power
        spread = shape.std(ddof=1)
        costs = mean + (shape - shape.mean()) * (sd / spread)
        if costs.min() >= 0:
            break
    else:
        raise RuntimeError(f"cannot spread mean {mean} with stderr {stderr} over {n} non-negative costs")
    values = [round(float(c), 10) for c in costs]
    rng.shuffle(values)
    return values


def model_ids(models_cell: str) -> tuple[list[str], list[str]]:
    """Published model list -> (provider-prefixed model ids, notes for the description)."""
    notes: list[str] = []
    if models_cell.strip() in ("-", "?", ""):
        return [], ["Models not disclosed."]
    if models_cell.strip() == "mixture":
        return [], ["Routes among several sub-agents with different models (a mixture)."]
    ids, unpinned = [], []
    for raw in re.split(r",\s*", models_cell):
        name, _, options = raw.partition(":")
        if "†" in name:
            name = name.replace("†", "")
            unpinned.append(name)
        if options:
            notes.append(f"{name} run with {options.replace('=', ' ')}.")
        expanded = ["o3-deep-research", "o4-mini-deep-research"] if name == "o3-/o4-mini-deep-research" else [name]
        for model in expanded:
            provider = next((p for prefix, p in PROVIDERS if model.startswith(prefix)), None)
            ids.append(f"{provider}/{model}" if provider else model)
    if unpinned:
        notes.append("Not pinned to a date-stamped model version: " + ", ".join(unpinned) + ".")
    return ids, notes


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def row_name(row: dict) -> str:
    """File stem (and leaderboard row id) of a published agent: agent and models."""
    return f"{slug(row['agent'])}-{slug(row['models']) or 'undisclosed'}"


def usages_for(models: list[str], n: int, tokens: list[int] | None = None) -> list | None:
    if not models:
        return None
    counts = tokens or [0] * len(models)
    problem = [
        {"model": m, "usage": {"input_tokens": t, "output_tokens": 0, "total_tokens": t}}
        for m, t in zip(models, counts)
    ]
    return [problem for _ in range(n)]


def suite_config(suite: dict) -> dict:
    return {"name": suite["name"], "version": suite["version"], "splits": suite["splits"]}


def submission(agent: str, description: str, openness: str, tooling: str, second: int, **extra) -> dict:
    meta = {
        "submit_time": SUBMIT_TIME.format(second),
        "username": extra.pop("username", "allenai"),
        "agent_name": agent,
        "agent_description": description,
        "agent_url": None,
        "logs_url": None,
        "logs_url_public": None,
        "summary_url": None,
        "openness": openness,
        "tool_usage": tooling,
    }
    meta.update(extra)
    return meta


def test_rows(suite: dict) -> dict[str, dict]:
    rows = list(csv.DictReader((REFERENCE / "astabench-paper-test-results.csv").open(encoding="utf-8")))
    table11 = {(r["agent"], r["models"]): r for r in csv.DictReader((REFERENCE / "paper-table11-overall.csv").open())}
    task_weights = weights(suite, "test")
    spec = {t["name"]: t for t in next(s for s in suite["splits"] if s["name"] == "test")["tasks"]}
    out: dict[str, dict] = {}
    for index, row in enumerate(rows):
        scores = {d: Measured.parse(row[f"{d}_score"]) for d in PROBLEMS if row[f"{d}_score"]}
        score_ci = {d: Measured.parse(row[f"{d}_score_ci95"]) for d in scores}
        costs = {d: Measured.parse(row[f"{d}_cost"]) for d in scores if row[f"{d}_cost"]}
        cost_ci = {d: Measured.parse(row[f"{d}_cost_ci95"]) for d in costs}
        chosen_scores = {d: m.value for d, m in scores.items()}
        chosen_costs = {d: m.value for d, m in costs.items()}
        published = table11.get((row["agent"], row["models"]))
        if published:
            cats = ("overall", "lit", "code", "data", "discovery")
            fixed = {d for d, m in scores.items() if m.half_unit < 0.001}  # printed 0.0000: exact 0
            chosen_scores = fit_to_aggregates(
                scores, {c: Measured.parse(published[f"{c}_score"]) for c in cats}, task_weights, fixed
            )
            chosen_costs = fit_to_aggregates(
                costs, {c: Measured.parse(published[f"{c}_cost"]) for c in cats}, task_weights, set()
            )
        models, notes = model_ids(row["models"])
        rng = random.Random(f"{row['agent']}|{row['models']}")
        results = []
        for display in PROBLEMS:  # benchmark order of the paper
            if display not in scores:
                continue
            task = spec[SUITE_TASK[display]]
            primary = task["primary_metric"]
            metrics = [{"name": primary, "value": round(chosen_scores[display] / 100, 12)}]
            ci = score_ci[display]
            if ci or chosen_scores[display] == 0:  # every problem scored 0: standard error 0
                metrics.append(
                    {"name": f"{primary.rpartition('/')[0]}/stderr", "value": ci.value / 100 / 1.96 if ci else 0.0}
                )
            n = PROBLEMS[display][0]
            cost = chosen_costs.get(display)
            results.append(
                {
                    "task_name": task["name"],
                    "metrics": metrics,
                    "model_usages": usages_for(models, n),
                    "model_costs": None
                    if cost is None
                    else per_problem_costs(cost, cost_ci[display].value / 1.96 if cost_ci[display] else 0.0, n, rng),
                }
            )
        if not costs:
            notes.append("The paper reports no cost for this agent.")
        description = "Published in the AstaBench paper (arXiv 2510.21652), appendix tables 12-17. " + " ".join(notes)
        name = row_name(row)
        out[name] = {
            "suite_config": suite_config(suite),
            "split": "test",
            "results": results,
            "submission": submission(row["agent"], description.strip(), row["openness"], row["tooling"], index),
        }
    return out


# Synthetic validation rows: name, openness (some in old spellings), tooling, models with their
# share of each problem's tokens, benchmarks attempted, submission date, skill (mean score) and
# how many tokens a problem takes relative to the others. Dates spread over eighteen months so the
# frontier has a history; token counts follow each provider's way of counting (see
# abl.pricing.token_counts) and costs are those counts at abl.pricing's list prices.
ALL = list(PROBLEMS)
LIT = ["PaperFindingBench", "LitQA2-FullText-Search", "ScholarQA-CS2", "LitQA2-FullText", "ArxivDIGESTables-Clean"]
CODE = ["SUPER-Expert", "CORE-Bench-Hard", "DS-1000"]
EXAMPLES = (
    (
        "Example agent: ReAct baseline",
        "Open source & closed weights",
        "Standard",
        [("openai/gpt-4.1-mini", 0.85), ("openai/gpt-4.1-nano", 0.15)],
        ALL,
        "2025-03-10",
        0.30,
        1.0,
    ),
    # Publishes costs but no token counts, like the paper's rows: a factor can reprice it, prices cannot.
    (
        "Example agent: literature specialist",
        "Open Source + Open Weights",
        "Custom with Standard Search",
        [("meta-llama/llama-3.3-70b", 0.0)],
        LIT,
        "2025-04-02",
        0.45,
        0.6,
    ),
    (
        "Example agent: code runner",
        "API Available",
        "Fully Custom",
        [("anthropic/claude-sonnet-4-20250514", 1.0)],
        CODE,
        "2025-05-20",
        0.40,
        1.2,
    ),
    (
        "Example agent: data analyst",
        "Open source & closed weights",
        "Custom interface",
        [("google/gemini-2.5-flash", 1.0)],
        ["DiscoveryBench", "DS-1000"],
        "2025-07-01",
        0.35,
        0.8,
    ),
    ("Example agent: closed product", "Closed", "Fully custom", [], ["ScholarQA-CS2"], "2025-08-15", 0.55, 1.0),
    (
        "Example agent: end-to-end explorer",
        "Open source & open weights",
        "Standard",
        [("openai/gpt-5-mini", 0.45), ("openai/gpt-4.1", 0.55)],
        ALL,
        "2025-09-30",
        0.40,
        1.5,
    ),
    (
        "Example agent: frugal router",
        "Open source & closed weights",
        "Standard",
        [("openai/gpt-5-mini", 1.0)],
        ALL,
        "2025-11-12",
        0.42,
        0.7,
    ),
    (
        "Example agent: deep planner",
        "Closed source & API available",
        "Custom interface",
        [("openai/o3", 1.0)],
        ALL,
        "2026-01-20",
        0.55,
        1.8,
    ),
    (
        "Example agent: ReAct (gpt-5)",
        "Open source & closed weights",
        "Standard",
        [("openai/gpt-5", 1.0)],
        ALL,
        "2026-03-05",
        0.52,
        1.1,
    ),
    (
        "Example agent: table builder",
        "Open source & closed weights",
        "Custom interface",
        [("google/gemini-2.5-pro", 1.0)],
        LIT,
        "2026-05-14",
        0.58,
        1.0,
    ),
    (
        "Example agent: budget coder",
        "Open source & open weights",
        "Standard",
        [("openai/gpt-4.1-nano", 1.0)],
        CODE,
        "2026-07-02",
        0.28,
        0.5,
    ),
    (
        "Example agent: Claude explorer",
        "Closed source & API available",
        "Fully custom",
        [("anthropic/claude-sonnet-4-20250514", 0.7), ("anthropic/claude-3-5-haiku-20241022", 0.3)],
        ALL,
        "2026-09-18",
        0.62,
        1.3,
    ),
)
# Mean input tokens of one problem, by category: end-to-end discovery runs are long.
BASE_INPUT_TOKENS = {"lit": 40_000, "code": 90_000, "data": 60_000, "discovery": 400_000}


def call_record(model: str, tokens: int, rng: random.Random) -> dict:
    """One model's usage on one problem, counted the way its provider counts."""
    output = int(tokens * rng.uniform(0.03, 0.12))
    cached = int(tokens * rng.uniform(0.0, 0.5))
    usage = {"input_tokens": tokens, "output_tokens": output, "total_tokens": tokens + output}
    if model.startswith("anthropic/"):  # input excludes cache reads and writes
        written = int(tokens * rng.uniform(0.0, 0.1))
        usage.update(
            input_tokens=tokens - cached - written,
            input_tokens_cache_read=cached,
            input_tokens_cache_write=written,
        )
    elif model.startswith("google/"):  # output excludes reasoning
        reasoning = int(output * rng.uniform(0.5, 2.0))
        usage.update(
            input_tokens_cache_read=cached, reasoning_tokens=reasoning, total_tokens=tokens + output + reasoning
        )
    else:  # input includes cache reads; output includes reasoning
        usage.update(input_tokens_cache_read=cached, reasoning_tokens=int(output * rng.uniform(0.0, 0.6)))
    return {"model": model, "usage": usage}


def example_usage(models: list[tuple[str, float]], display: str, n: int, scale: float, rng: random.Random):
    """(model_usages, model_costs) of one synthetic task result."""
    if not models:
        return None, None
    if all(share == 0 for _, share in models):  # costs without token counts
        mean = round(rng.uniform(0.01, 0.9), 4)
        return usages_for([m for m, _ in models], n), per_problem_costs(mean, mean * rng.uniform(0.05, 0.25), n, rng)
    usages, costs = [], []
    for _ in range(n):
        tokens = BASE_INPUT_TOKENS[CATEGORY_OF[display]] * scale * rng.lognormvariate(0, 0.6)
        problem = [call_record(model, max(int(tokens * share), 1), rng) for model, share in models]
        usages.append(problem)
        costs.append(problem_cost(msgspec.convert(problem, list[ModelUsage])))
    return usages, costs


def validation_rows(suite: dict) -> dict[str, dict]:
    spec = {t["name"]: t for t in next(s for s in suite["splits"] if s["name"] == "validation")["tasks"]}
    out: dict[str, dict] = {}
    for index, (agent, openness, tooling, models, attempted, date, skill, scale) in enumerate(EXAMPLES):
        rng = random.Random(agent)
        results = []
        for display in attempted:
            task = spec[SUITE_TASK[display]]
            primary = task["primary_metric"]
            n = PROBLEMS[display][1]
            score = round(min(max(skill + rng.gauss(0, 0.12), 0.02), 0.95), 4)
            usages, costs = example_usage(models, display, n, scale, rng)
            eval_spec = {
                "model": models[0][0] if models else None,
                "solver": "example_solver",
                "revision": {
                    "type": "git",
                    "origin": "git@github.com:example/example-agent.git",
                    "commit": f"{index + 1:02d}" + "ab12cd34ef" * 3,
                    "dirty": False,
                },
            }
            results.append(
                {
                    "task_name": task["name"],
                    "eval_spec": eval_spec if models else None,
                    "metrics": [
                        {"name": primary, "value": score},
                        {
                            "name": f"{primary.rpartition('/')[0]}/stderr",
                            "value": round(score * rng.uniform(0.05, 0.15), 5),
                        },
                    ],
                    "model_usages": usages,
                    "model_costs": costs,
                }
            )
        description = "Synthetic example row for the validation split; not a real agent or result."
        out[slug(agent)] = {
            "suite_config": suite_config(suite),
            "split": "validation",
            "results": results,
            "submission": submission(
                agent,
                description,
                openness,
                tooling,
                index,
                submit_time=f"{date}T12:00:{index:02d}+00:00",
                username="example-user",
                agent_url="https://example.com/agents/" + slug(agent),
                logs_url_public=f"https://example.com/logs/{slug(agent)}",
                logs_url=f"https://example.com/internal-logs/{slug(agent)}",
            ),
        }
    return out


README_TEXT = """# AstaBench results: embedded sample

Results dataset in agent-eval's Hub layout, generated by `scripts/make_sample.py`.

- `{config}/test/`: the 57 agents published in the AstaBench paper (Bragg et al., arXiv
  2510.21652, appendix tables 12-17), built so that agent-eval's statistics reproduce the
  published per-benchmark scores, confidence intervals and costs, and the category and
  overall values of the paper's table 11. Token counts are not published; they are 0.
- `{config}/validation/`: synthetic "Example agent" rows, not real agents or results; their token
  counts are invented, and their costs are those counts at list prices.
"""


def features():
    """The row schema of a LeaderboardSubmission, declared in the README as results datasets
    do, so that `datasets.load_dataset` reads every file alike (no per-file type guessing)."""
    from datasets import Features, List, Value

    text = Value("string")
    usage = {
        name: Value("int64")
        for name in (
            "input_tokens",
            "output_tokens",
            "total_tokens",
            "input_tokens_cache_write",
            "input_tokens_cache_read",
            "reasoning_tokens",
        )
    }
    usage["total_cost"] = Value("float64")
    task = {"name": text, "path": text, "primary_metric": text, "tags": List(text)}
    split = {
        "name": text,
        "tasks": List(task),
        "macro_average_weight_adjustments": List({"tag": text, "task": text, "weight": Value("float64")}),
    }
    eval_spec = {
        "solver": text,
        "solver_args": text,
        "model": text,
        "model_args": text,
        "task_args": text,
        "revision": {"type": text, "origin": text, "commit": text, "dirty": Value("bool")},
        "packages": text,
    }
    result = {
        "task_name": text,
        "eval_spec": eval_spec,
        "metrics": List({"name": text, "value": Value("float64")}),
        "model_usages": List(List({"model": text, "usage": usage})),
        "model_costs": List(Value("float64")),
    }
    submission = {
        name: text
        for name in (
            "submit_time",
            "username",
            "agent_name",
            "agent_description",
            "agent_url",
            "logs_url",
            "logs_url_public",
            "summary_url",
            "openness",
            "tool_usage",
        )
    }
    return Features(
        {
            "suite_config": {"name": text, "version": text, "splits": List(split)},
            "split": text,
            "results": List(result),
            "submission": submission,
        }
    )


def readme(config: str) -> str:
    front = {
        "configs": [
            {
                "config_name": config,
                "data_files": [{"split": s, "path": f"{config}/{s}/*.json"} for s in ("test", "validation")],
                "features": features()._to_yaml_list(),
            }
        ]
    }
    return f"---\n{yaml.safe_dump(front, sort_keys=False).strip()}\n---\n" + README_TEXT.format(config=config)


def write(out_dir: Path = OUT) -> None:
    suite = load_suite()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for split, rows in (("test", test_rows(suite)), ("validation", validation_rows(suite))):
        folder = out_dir / CONFIG / split
        folder.mkdir(parents=True)
        for name, row in rows.items():
            (folder / f"{name}.json").write_text(
                json.dumps(row, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
            )
    (out_dir / "README.md").write_text(readme(CONFIG), encoding="utf-8")


if __name__ == "__main__":
    import sys

    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {OUT if len(sys.argv) < 2 else sys.argv[1]}")
