"""abl's statistics against agent-eval's own `compute_summary_statistics`, on randomized rows.

Each row's suite is AstaBench 1.0.0's test split, spelled one of the three ways datasets spell it,
with random macro-average weights and sometimes a task left out. Its results miss tasks, miss
primary metrics, standard errors and costs (a null list, an empty list, a null entry), repeat a
task, name tasks the suite does not list, and name tasks in another spelling than the suite.
All rows go through one `SplitStats`, so rows of many different suites are aggregated together.

agent-eval matches results to tasks by exact name only; the project also matches the other
spellings of a task, exact names first (DESIGN.md section 4). agent-eval's reference therefore gets
each row with the result the project uses for a task renamed to the suite's exact name.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
import yaml
from agenteval.config import SuiteConfig as ReferenceSuite
from agenteval.score import TaskResult as ReferenceResult
from agenteval.summary import compute_summary_statistics

from abl.rows import RowRejected, read_row
from abl.settings import SAMPLE_PREFIX
from abl.stats import Mode, SplitStats
from tests.builders import submission
from tests.support.summary_compare import differences

pytestmark = pytest.mark.agent_eval

ROWS = 400
TEST_TASKS: list[dict[str, Any]] = next(
    s for s in yaml.safe_load((SAMPLE_PREFIX / "suite-1.0.0.yml").read_text())["splits"] if s["name"] == "test"
)["tasks"]


def spellings(task: dict[str, Any]) -> tuple[str, str, str]:
    """The latest suite's name, the published 1.0.0 results' name, the 1.0.0-dev1 name."""
    return task["name"], f"{task['name']}_test", task["path"].rsplit("/", 1)[-1]


def random_costs(rng: random.Random) -> list[float | None] | None:
    kind = rng.random()
    if kind < 0.12:
        return None
    if kind < 0.17:
        return []
    costs: list[float | None] = [round(rng.uniform(0, 5), rng.choice((2, 6, 12))) for _ in range(rng.randint(1, 9))]
    if kind < 0.27:
        costs[rng.randrange(len(costs))] = None
    if kind > 0.9:
        costs = [0.0] * len(costs)
    return costs


def random_result(rng: random.Random, name: str, primary: str) -> dict[str, Any]:
    metrics = []
    if rng.random() > 0.06:  # sometimes the primary metric is missing
        metrics.append({"name": primary, "value": rng.choice((0.0, 1.0, rng.random(), rng.random()))})
    if rng.random() > 0.2:
        metrics.append({"name": f"{primary.rpartition('/')[0]}/stderr", "value": rng.uniform(0, 0.2)})
    metrics.append({"name": "other/metric", "value": rng.random()})
    rng.shuffle(metrics)
    return {"task_name": name, "metrics": metrics, "model_costs": random_costs(rng)}


def random_row(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """(row, its suite, the results agent-eval gets: what the project uses, under exact names)."""
    form = rng.randrange(3)
    tasks = [t for t in TEST_TASKS if rng.random() > 0.1]
    suite_tasks = [{**t, "name": spellings(t)[form]} for t in tasks]
    adjustments = [
        {"tag": t["tags"][0], "task": t["name"], "weight": rng.choice((0.25, 0.5, 2.0, rng.uniform(0.1, 3)))}
        for t in suite_tasks
        if rng.random() < 0.3
    ]
    suite = {
        "name": "asta-bench",
        "version": "1.0.0",
        "splits": [{"name": "test", "tasks": suite_tasks, "macro_average_weight_adjustments": adjustments}],
    }

    groups: list[list[dict[str, Any]]] = []  # the results of one task, in the order the row lists them
    used = []
    for task, listed in zip(tasks, suite_tasks, strict=True):
        if rng.random() < 0.15:
            continue  # not run
        other = [s for s in spellings(task) if s != listed["name"]]
        chosen = random_result(
            rng, listed["name"] if rng.random() > 0.2 else rng.choice(other), listed["primary_metric"]
        )
        group = [chosen]
        if rng.random() < 0.1:
            # A second result for the task, never the one used: in another spelling when the first is
            # exact (exact names win), else in the same spelling, after it (the first one wins).
            group.append(
                random_result(
                    rng,
                    rng.choice(other) if chosen["task_name"] == listed["name"] else chosen["task_name"],
                    listed["primary_metric"],
                )
            )
            if chosen["task_name"] == listed["name"]:
                rng.shuffle(group)
        groups.append(group)
        used.append({**chosen, "task_name": listed["name"]})
    for task in TEST_TASKS:
        if task not in tasks and rng.random() < 0.3:  # a result for a task the suite does not list
            groups.append([random_result(rng, spellings(task)[form], task["primary_metric"])])
    rng.shuffle(groups)
    results = [r for group in groups for r in group]
    return submission(results, agent=f"agent{rng.random()}", suite=suite), suite, used


def test_abl_matches_agent_eval_on_randomized_rows():
    rng = random.Random(20261203)
    cases, rows = [], []
    for i in range(ROWS):
        row, suite, used = random_row(rng)
        try:
            rows.append(read_row(json.dumps(row).encode(), f"r{i}", "test"))
        except RowRejected:
            continue  # no scored task: the project rejects the row (tested in test_rows.py)
        cases.append((suite, used))
    assert len(cases) > ROWS * 0.9
    stats = SplitStats(rows)
    for mode, preserve_none in ((Mode.LEADERBOARD, False), (Mode.PAPER, True)):
        for index, (suite, used) in enumerate(cases):
            reference = compute_summary_statistics(
                ReferenceSuite.model_validate(suite),
                "test",
                [ReferenceResult.model_validate(r) for r in used],
                preserve_none_scores=preserve_none,
            ).model_dump()
            assert differences(stats, index, reference, mode) == [], (mode, suite, used)
