"""One leaderboard row per results file: validation and per-task statistics.

`read_row` turns the bytes of one `LeaderboardSubmission` file into a `ResultRow` holding
only what the leaderboard needs (task score, stderr, cost and cost stderr, models, metadata),
or raises `RowRejected` with a reason a person can act on. Aggregation over tasks lives in
`abl.stats`; this module only applies agent-eval's per-task rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import msgspec
import numpy as np

from . import names
from .links import clean_text, git_source_url, safe_http_url
from .schema import LeaderboardSubmission, SchemaError, SplitDef, TaskResult, decode_submission

MAX_AGENT_NAME = 200
MAX_DESCRIPTION = 5000
NAN = math.nan


class RowRejected(ValueError):
    """A results file that cannot be shown; str(exc) is the human-readable reason."""


@dataclass(frozen=True)
class SuiteLayout:
    """The tasks, category tags and macro-average weights of one suite split."""

    tasks: tuple[str, ...]  # display names, in the suite's order
    primary_metrics: tuple[str, ...]
    task_tags: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[str, str, float], ...]  # (tag, task display name, weight) adjustments

    @property
    def tags(self) -> tuple[str, ...]:
        seen = {tag for tags in self.task_tags for tag in tags}
        return tuple(sorted(seen, key=names.category_sort_key))

    def tasks_in(self, tag: str) -> tuple[str, ...]:
        members = [t for t, tags in zip(self.tasks, self.task_tags) if tag in tags]
        return tuple(sorted(members, key=names.task_sort_key))

    def weight(self, tag: str, task: str) -> float:
        for adj_tag, adj_task, weight in self.weights:
            if adj_tag == tag and adj_task == task:
                return weight
        return 1.0


@lru_cache(maxsize=64)
def _layout_from_json(split_json: bytes) -> SuiteLayout:
    split = msgspec.json.decode(split_json, type=SplitDef)
    displays: list[str] = []
    for task in split.tasks:
        display = names.task_display_name(task.name)
        displays.append(display if display not in displays else task.name)
    by_name = {t.name: d for t, d in zip(split.tasks, displays)}
    by_key = {names.task_match_key(t.name): d for t, d in zip(split.tasks, displays)}
    weights = tuple(
        (adj.tag, by_name.get(adj.task) or by_key.get(names.task_match_key(adj.task), adj.task), adj.weight)
        for adj in (split.macro_average_weight_adjustments or [])
    )
    return SuiteLayout(
        tasks=tuple(displays),
        primary_metrics=tuple(t.primary_metric for t in split.tasks),
        task_tags=tuple(tuple(t.tags or ()) for t in split.tasks),
        weights=weights,
    )


def layout_for(split: SplitDef) -> SuiteLayout:
    # Suites repeat verbatim across thousands of rows: build each layout once.
    return _layout_from_json(msgspec.json.encode(split))


@dataclass(frozen=True, slots=True)
class TaskStat:
    """agent-eval's per-task statistics; NaN stands for agent-eval's None."""

    score: float
    score_se: float
    cost: float
    cost_se: float


@dataclass(slots=True)
class ResultRow:
    id: str
    agent_name: str
    description: str
    submitter: str
    openness: str
    tooling: str
    submit_time: datetime | None
    agent_url: str | None
    logs_url: str | None
    logs_url_public: str | None
    source_url: str | None
    models: tuple[str, ...]  # full model names, most tokens first
    layout: SuiteLayout
    tasks: dict[str, TaskStat]  # by display name; only tasks with a primary-metric score
    notes: tuple[str, ...] = field(default=())


def task_cost(model_costs: list[float | None] | None) -> tuple[float, float]:
    """Mean cost per problem and its standard error, NaN where agent-eval gives None."""
    if not model_costs:
        return NAN, NAN
    costs = np.asarray(model_costs, dtype=float)  # None -> nan
    if np.isnan(costs).any():
        return NAN, NAN
    mean = float(costs.mean())
    stderr = float(costs.std(ddof=1) / math.sqrt(costs.size)) if costs.size > 1 else NAN
    return mean, stderr


def _models_by_tokens(results: list[TaskResult]) -> tuple[str, ...]:
    tokens: dict[str, int] = {}
    for result in results:
        for problem in result.model_usages or ():
            for usage in problem:
                tokens[usage.model] = tokens.get(usage.model, 0) + (usage.usage.total_tokens or 0)
    # sorted() is stable, so equal token counts keep their order of first appearance.
    return tuple(sorted(tokens, key=lambda m: -tokens[m]))


def _source_url(results: list[TaskResult]) -> str | None:
    for result in results:
        revision = result.eval_spec.revision if result.eval_spec else None
        if revision is not None:
            url = git_source_url(revision.origin, revision.commit)
            if url:
                return url
    return None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _task_stats(
    sub: LeaderboardSubmission, layout: SuiteLayout, split: SplitDef, notes: list[str]
) -> dict[str, TaskStat]:
    exact = {t.name: i for i, t in enumerate(split.tasks)}
    by_key = {names.task_match_key(t.name): i for i, t in enumerate(split.tasks)}
    results = list(sub.results or ())
    # Results named exactly as in the suite come first: agent-eval matches names exactly, so
    # another spelling of the same task must not take a task's place before its exact match.
    results.sort(key=lambda r: r.task_name not in exact)
    stats: dict[str, TaskStat] = {}
    seen: set[int] = set()
    for result in results:
        index = exact.get(result.task_name)
        if index is None:
            index = by_key.get(names.task_match_key(result.task_name))
        if index is None:
            notes.append(f"result for task '{result.task_name}' ignored: the suite's {sub.split} split does not list it")
            continue
        display = layout.tasks[index]
        if index in seen:
            notes.append(f"second result for {display} ignored")
            continue
        seen.add(index)
        primary = layout.primary_metrics[index]
        metrics = {m.name: m.value for m in result.metrics}
        score = metrics.get(primary)
        if score is None or not math.isfinite(score):
            notes.append(f"{display} has no value for its primary metric '{primary}'; counted as not attempted")
            continue
        stderr = metrics.get(f"{primary.rpartition('/')[0]}/stderr")
        cost, cost_se = task_cost(result.model_costs)
        stats[display] = TaskStat(
            score=float(score),
            score_se=float(stderr) if stderr is not None and math.isfinite(stderr) else NAN,
            cost=cost,
            cost_se=cost_se,
        )
    return stats


def read_row(data: bytes, row_id: str, expected_split: str) -> ResultRow:
    """Validate one results file and reduce it to a `ResultRow`."""
    try:
        sub = decode_submission(data)
    except SchemaError as exc:
        raise RowRejected(str(exc)) from None
    if sub.split != expected_split:
        raise RowRejected(f"its split is '{sub.split}', but it is stored under '{expected_split}'")
    split = sub.suite_config.split(sub.split)
    if split is None:
        raise RowRejected(f"its suite_config has no '{sub.split}' split")
    if not sub.results:
        raise RowRejected("it holds no results")
    meta = sub.submission
    agent_name = clean_text(meta.agent_name, MAX_AGENT_NAME)
    if not agent_name:
        raise RowRejected("submission.agent_name is missing")
    layout = layout_for(split)
    notes: list[str] = []
    tasks = _task_stats(sub, layout, split, notes)
    if not tasks:
        raise RowRejected("none of its results has a score for a task of its suite")
    submit_time = _parse_time(meta.submit_time)
    if meta.submit_time and submit_time is None:
        notes.append(f"submit_time '{meta.submit_time[:40]}' is not an ISO date; shown as unknown")
    return ResultRow(
        id=row_id,
        agent_name=agent_name,
        description=clean_text(meta.agent_description, MAX_DESCRIPTION),
        submitter=clean_text(meta.username, MAX_AGENT_NAME),
        openness=names.canonical_openness(meta.openness),
        tooling=names.canonical_tooling(meta.tool_usage),
        submit_time=submit_time,
        agent_url=safe_http_url(meta.agent_url),
        logs_url=safe_http_url(meta.logs_url),
        logs_url_public=safe_http_url(meta.logs_url_public),
        source_url=_source_url(sub.results),
        models=_models_by_tokens(sub.results),
        layout=layout,
        tasks=tasks,
        notes=tuple(notes),
    )
