"""One leaderboard row per results file: validation and per-task statistics.

`read_row` turns the bytes of one `LeaderboardSubmission` file into a `ResultRow` holding
only what the leaderboard needs (task score, stderr, cost and cost stderr, models, metadata),
or raises `RowRejected` with a reason a person can act on. Aggregation over tasks lives in
`abl.stats`; this module only applies agent-eval's per-task rules.

A row's `suite_config` is untrusted: it decides nothing the leaderboard shows on its own. Its
tasks and categories are checked against the registry in `abl.names`; unknown ones are dropped
with a note, so they never become pages or columns, and oversized suites are rejected. Numbers
that could overflow an aggregate reject the row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import msgspec
import numpy as np

from . import names
from .links import clean_text, git_source_url, link_url, safe_http_url
from .pricing import CostBasis, row_usage
from .schema import LeaderboardSubmission, SchemaError, SplitDef, TaskResult, decode_submission

MAX_AGENT_NAME = 200
MAX_DESCRIPTION = 5000
NAN = math.nan
# What one suite split may declare before the row is rejected: beyond this it is not a suite.
MAX_SUITE_TASKS = 64
MAX_SUITE_TAGS = 16
MAX_WEIGHT_ADJUSTMENTS = 64
MAX_WEIGHT = 1e6
# Untrusted names quoted in a note: at most this many, each cut to this length.
MAX_QUOTED_NAMES = 5
MAX_QUOTED_NAME = 60
# Largest magnitudes accepted: sums and squares over tasks and categories then stay finite.
MAX_ABS_SCORE = 1e12  # scores and their standard errors
MAX_PROBLEM_COST = 1e6  # dollars for one problem


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


def _quoted(values: Iterable[str]) -> str:
    """ "'a', 'b' and 3 more": distinct untrusted names, bounded in number and length."""
    distinct = list(dict.fromkeys(values))
    shown = ", ".join(f"'{clean_text(v, MAX_QUOTED_NAME)}'" for v in distinct[:MAX_QUOTED_NAMES])
    more = len(distinct) - MAX_QUOTED_NAMES
    return f"{shown} and {more} more" if more > 0 else shown


def _check_suite_size(split: SplitDef) -> None:
    for what, count, limit in (
        ("tasks", len(split.tasks), MAX_SUITE_TASKS),
        ("categories (tags)", len({tag for task in split.tasks for tag in task.tags or ()}), MAX_SUITE_TAGS),
        ("weight adjustments", len(split.macro_average_weight_adjustments or ()), MAX_WEIGHT_ADJUSTMENTS),
    ):
        if count > limit:
            raise RowRejected(f"its suite's {split.name} split declares {count} {what}; at most {limit} are accepted")


@lru_cache(maxsize=64)
def _layout_from_json(split_json: bytes) -> tuple[SuiteLayout, tuple[str, ...]]:
    """The layout of the suite's known tasks and categories, and notes on what was dropped."""
    split = msgspec.json.decode(split_json, type=SplitDef)
    displays: list[str] = []
    metrics: list[str] = []
    task_tags: list[tuple[str, ...]] = []
    unknown_tasks: list[str] = []
    repeated: list[str] = []
    for task in split.tasks:
        bench = names.benchmark_for(task.name)
        if bench is None:
            unknown_tasks.append(task.name)
        elif bench.display in displays:
            repeated.append(task.name)
        else:
            displays.append(bench.display)
            metrics.append(task.primary_metric)
            task_tags.append(tuple(dict.fromkeys(t for t in task.tags or () if t in names.CATEGORIES)))
    weights: list[tuple[str, str, float]] = []
    for adj in split.macro_average_weight_adjustments or ():
        bench = names.benchmark_for(adj.task)
        if adj.tag not in names.CATEGORIES or bench is None or bench.display not in displays:
            continue  # it weighs a dropped task or category: no effect on what is shown
        if not 0 <= adj.weight <= MAX_WEIGHT:  # also false for NaN
            raise RowRejected(
                f"its suite weighs {bench.display} in category '{adj.tag}' by {adj.weight:.6g}; "
                f"weights must be between 0 and {MAX_WEIGHT:g}"
            )
        weights.append((adj.tag, bench.display, adj.weight))
    unknown_tags = [t for task in split.tasks for t in task.tags or () if t not in names.CATEGORIES]
    notes = [
        f"{what} ignored: {_quoted(values)}"
        for what, values in (
            ("tasks of its suite that are not AstaBench benchmarks", unknown_tasks),
            ("tasks its suite lists twice", repeated),
            ("categories of its suite that are not AstaBench categories", unknown_tags),
        )
        if values
    ]
    layout = SuiteLayout(
        tasks=tuple(displays), primary_metrics=tuple(metrics), task_tags=tuple(task_tags), weights=tuple(weights)
    )
    return layout, tuple(notes)


def layout_for(split: SplitDef) -> tuple[SuiteLayout, tuple[str, ...]]:
    """The layout of a row's suite split, and notes on the parts dropped from it.

    Raises `RowRejected` for a suite too large to be a real one, or with unusable weights.
    """
    _check_suite_size(split)
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
    cost_bases: dict[str, CostBasis] = field(default_factory=dict)  # by display name, for repricing
    kept_costs: dict[str, str] = field(default_factory=dict)  # after repricing: task -> why it kept its cost


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


def _check_values(
    display: str, primary: str, score: float, stderr: float | None, model_costs: list[float | None] | None
) -> None:
    """Reject values that are not finite or so large that an aggregate could overflow."""
    for what, value in ((f"primary metric '{primary}'", score), ("stderr", stderr)):
        if value is not None and not abs(value) <= MAX_ABS_SCORE:  # also catches NaN
            raise RowRejected(
                f"the {what} of {display} is {value:.6g}; it must be a finite number "
                f"between -{MAX_ABS_SCORE:g} and {MAX_ABS_SCORE:g}"
            )
    for cost in model_costs or ():
        if cost is not None and not 0 <= cost <= MAX_PROBLEM_COST:
            raise RowRejected(
                f"a problem of {display} costs {cost:.6g} dollars; costs must be between "
                f"0 and {MAX_PROBLEM_COST:g} dollars per problem"
            )


def _task_stats(
    sub: LeaderboardSubmission, layout: SuiteLayout, split: SplitDef, notes: list[str]
) -> tuple[dict[str, TaskStat], dict[str, int]]:
    """Per-task statistics by display name, and the index in `sub.results` of each one's result."""
    exact = {t.name for t in split.tasks}
    listed = {names.task_match_key(t.name) for t in split.tasks}
    column = {display: i for i, display in enumerate(layout.tasks)}
    results = list(enumerate(sub.results or ()))
    # Results named exactly as in the suite come first: agent-eval matches names exactly, so
    # another spelling of the same task must not take a task's place before its exact match.
    results.sort(key=lambda item: item[1].task_name not in exact)
    stats: dict[str, TaskStat] = {}
    source: dict[str, int] = {}
    unlisted: list[str] = []
    seen: dict[str, int] = {}  # display -> results for it; only the first counts
    for position, result in results:
        bench = names.benchmark_for(result.task_name)
        index = column.get(bench.display) if bench else None
        if index is None:
            # A task the suite lists but the layout dropped already has the layout's note.
            if names.task_match_key(result.task_name) not in listed:
                unlisted.append(result.task_name)
            continue
        display = layout.tasks[index]
        seen[display] = seen.get(display, 0) + 1
        if seen[display] > 1:
            continue
        primary = layout.primary_metrics[index]
        metrics = {m.name: m.value for m in result.metrics}
        score = metrics.get(primary)
        if score is None:
            notes.append(f"{display} has no value for its primary metric '{primary}'; counted as not attempted")
            continue
        stderr = metrics.get(f"{primary.rpartition('/')[0]}/stderr")
        _check_values(display, primary, score, stderr, result.model_costs)
        cost, cost_se = task_cost(result.model_costs)
        stats[display] = TaskStat(
            score=float(score),
            score_se=NAN if stderr is None else float(stderr),
            cost=cost,
            cost_se=cost_se,
        )
        source[display] = position
    if unlisted:
        plural = "s" if len(set(unlisted)) > 1 else ""
        notes.append(
            f"result{plural} for task{plural} {_quoted(unlisted)} ignored: "
            f"the suite's {sub.split} split does not list {'them' if plural else 'it'}"
        )
    notes.extend(
        f"second result for {display} ignored" + (f" (and {count - 2} more)" if count > 2 else "")
        for display, count in seen.items()
        if count > 1
    )
    return stats, source


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
    layout, suite_notes = layout_for(split)
    if not layout.tasks:
        raise RowRejected("; ".join((f"its suite's {sub.split} split lists no AstaBench benchmark", *suite_notes)))
    notes = list(suite_notes)
    tasks, source = _task_stats(sub, layout, split, notes)
    if not tasks:
        raise RowRejected("none of its results has a score for a task of its suite")
    models, cost_bases = row_usage(sub.results, source)
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
        logs_url=link_url(meta.logs_url),
        logs_url_public=link_url(meta.logs_url_public),
        source_url=_source_url(sub.results),
        models=models,
        layout=layout,
        tasks=tasks,
        notes=tuple(notes),
        cost_bases=cost_bases,
    )
