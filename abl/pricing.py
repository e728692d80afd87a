"""What-if repricing: agents' costs recomputed from their token usage at other model prices.

A task's published cost is the mean over problems of what each problem cost at run time. Each
problem's cost is linear in the prices of the models it used, so one pass over a row's
`model_usages` keeps, per task, the mean and sample covariance of the problem's *features*: its
published cost, then four token counts per model (uncached input, output, cache read, cache
write). Any change of prices is then a vector `a` of per-token price differences, and

    new cost of a problem  = published cost + sum over changed models of (new - default price) * tokens
    new mean cost          = a . mean          new cost stderr = sqrt(a' cov a / n)

which is exactly agent-eval's mean and stderr of the recomputed per-problem costs. The default
price table only splits a problem's cost between the models that were changed: with unchanged
prices every published cost comes back bit for bit, whatever the table says.

Without token counts (the paper's rows publish none) a *factor* can still apply when every
problem of a task used one and the same model: that model's share of the cost is all of it.
Anything else keeps its published cost, and the row says why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from . import names
from .schema import ModelUsage, TaskResult, Usage

if TYPE_CHECKING:  # rows builds its rows with this module
    from .rows import ResultRow, TaskStat

TOKEN_KINDS = ("input", "output", "cache_read", "cache_write")
PER_MILLION = 1e6
MAX_PRICE = 1e4  # USD per million tokens; far above any list price
MAX_FACTOR = 1e3
MAX_CHANGES = 20


@dataclass(frozen=True)
class Price:
    """List prices in USD per million tokens. A missing cache price costs what input does."""

    input: float
    output: float
    cache_read: float | None = None
    cache_write: float | None = None

    def per_token(self) -> np.ndarray:
        """Dollars per token in TOKEN_KINDS order."""
        read = self.input if self.cache_read is None else self.cache_read
        write = self.input if self.cache_write is None else self.cache_write
        return np.array([self.input, self.output, read, write]) / PER_MILLION

    def scaled(self, factor: float) -> Price:
        def times(value: float | None) -> float | None:
            return None if value is None else value * factor

        return Price(self.input * factor, self.output * factor, times(self.cache_read), times(self.cache_write))


# List prices of the models in the embedded sample, from litellm 1.97.0's model price table (the
# release agent-eval 0.1.55 prices runs with), and Anthropic's price list for claude-3-5-haiku, which
# that table lacks. Keys are model names without provider prefix or date stamp. Open-weight models
# (llama) have no single list price and are left out.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-3.5-turbo": Price(0.5, 1.5),
    "gpt-4o": Price(2.5, 10.0, 1.25),
    "gpt-4o-mini": Price(0.15, 0.6, 0.075),
    "gpt-4.1": Price(2.0, 8.0, 0.5),
    "gpt-4.1-mini": Price(0.4, 1.6, 0.1),
    "gpt-4.1-nano": Price(0.1, 0.4, 0.025),
    "gpt-5": Price(1.25, 10.0, 0.125),
    "gpt-5-mini": Price(0.25, 2.0, 0.025),
    "o3": Price(2.0, 8.0, 0.5),
    "o3-mini": Price(1.1, 4.4, 0.55),
    "o3-deep-research": Price(10.0, 40.0, 2.5),
    "o4-mini-deep-research": Price(2.0, 8.0, 0.5),
    "claude-3-5-haiku": Price(0.8, 4.0, 0.08, 1.0),
    "claude-3-7-sonnet": Price(3.0, 15.0, 0.3, 3.75),
    "claude-sonnet-4": Price(3.0, 15.0, 0.3, 3.75),
    "gemini-2-flash": Price(0.1, 0.4, 0.025),
    "gemini-2.0-flash": Price(0.1, 0.4, 0.025),
    "gemini-2.5-flash": Price(0.3, 2.5, 0.03),
    "gemini-2.5-pro": Price(1.25, 10.0, 0.125),
    "sonar-deep-research": Price(2.0, 8.0),
}

_DATE_STAMP = re.compile(r"-(\d{8}|\d{4}-\d{2}-\d{2})$")


def price_key(model: str) -> str:
    """`anthropic/claude-sonnet-4-20250514` -> `claude-sonnet-4`: the name a price is listed under."""
    return _DATE_STAMP.sub("", names.model_display_name(model))


def default_price(model: str) -> Price | None:
    return DEFAULT_PRICES.get(price_key(model))


def token_counts(usage: Usage) -> tuple[int, int, int, int]:
    """(uncached input, output, cache read, cache write) of one model call record."""
    counts = _token_counts(_usage_fields([usage]))[0]
    return int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3])


_MODEL, _USAGE = attrgetter("model"), attrgetter("usage")
_USAGE_FIELDS = attrgetter(
    "input_tokens",
    "output_tokens",
    "input_tokens_cache_read",
    "input_tokens_cache_write",
    "reasoning_tokens",
    "total_tokens",
)


def _usage_fields(usages: Iterable[Usage]) -> np.ndarray:
    """Raw counts of call records (rows x 6, _USAGE_FIELDS order); a missing count is 0, a missing
    total -1 (so that no provider's way of counting matches it)."""
    raw = np.array(list(map(_USAGE_FIELDS, usages)), dtype=np.float64).reshape(-1, 6)
    raw[:, 5] = np.nan_to_num(raw[:, 5], nan=-1.0)
    return np.nan_to_num(raw, nan=0.0)


def _token_counts(raw: np.ndarray) -> np.ndarray:
    """TOKEN_KINDS counts (rows x 4) of raw call records.

    Providers count differently, and Inspect passes their counts on; the total tells which way
    (the same tests agent-eval's cost code makes): Gemini's output excludes reasoning tokens,
    Anthropic's input excludes cached tokens, OpenAI's input includes cache reads.
    """
    inp, out, read, write, reasoning, total = raw.T
    out = np.where((reasoning > 0) & (total == inp + out + reasoning), out + reasoning, out)
    input_excludes_cache = ((read > 0) | (write > 0)) & (total == inp + out + read + write)
    uncached = np.where(input_excludes_cache, inp, np.maximum(inp - read, 0))
    return np.column_stack([uncached, out, read, write])


def problem_cost(problem: Iterable[ModelUsage], prices: Mapping[str, Price] = DEFAULT_PRICES) -> float | None:
    """One problem's cost at list prices (None if a model has no price). The synthetic sample's
    costs are made with it, so the default table reproduces them by recomputation too."""
    terms: list[float] = []
    for record in problem:
        price = prices.get(price_key(record.model))
        if price is None:
            return None
        terms.extend(count * rate for count, rate in zip(token_counts(record.usage), price.per_token().tolist()))
    # fsum, not a dot product: BLAS sums in a CPU-dependent order, and the sample's stored costs
    # must be reproduced to the last bit on every machine.
    return math.fsum(terms)


@dataclass(frozen=True, slots=True)
class CostBasis:
    """Per-task sufficient statistics of a row's per-problem costs, for repricing."""

    models: tuple[str, ...]  # full model ids of the row, in feature order
    used: frozenset[str]  # those the task's own problems called: a change to any other leaves it as is
    problems: int
    mean: np.ndarray  # features: published cost, then TOKEN_KINDS per model
    cov: np.ndarray | None  # sample covariance (ddof=1); None for a single problem
    sole_model: str | None  # the one model every problem used, if there is one
    has_tokens: bool


def row_usage(results: Sequence[TaskResult], priced: Mapping[str, int]) -> tuple[tuple[str, ...], dict[str, CostBasis]]:
    """A row's models, most tokens first (ties in order of appearance), and the repricing bases of
    the tasks in `priced` ({task: index in results}) whose costs are known.

    One vectorised pass over all call records of the row: a large dataset holds millions."""
    per_result = [r.model_usages or [] for r in results]
    problems = [problem for usages in per_result for problem in usages]
    records = [record for problem in problems for record in problem]
    if not records:
        return (), {}
    sizes = np.fromiter(map(len, problems), dtype=np.intp, count=len(problems))
    model_names = list(map(_MODEL, records))
    models = tuple(dict.fromkeys(model_names))
    model_of = np.fromiter(map({m: i for i, m in enumerate(models)}.__getitem__, model_names), dtype=np.intp)
    raw = _usage_fields(map(_USAGE, records))
    spent = np.bincount(model_of, weights=np.maximum(raw[:, 5], 0), minlength=len(models))
    by_tokens = tuple(models[i] for i in sorted(range(len(models)), key=lambda i: -spent[i]))

    kinds = len(TOKEN_KINDS)
    tokens = np.zeros((len(problems), kinds * len(models)))
    columns = kinds * model_of[:, None] + np.arange(kinds)
    np.add.at(tokens, (np.repeat(np.arange(len(problems)), sizes)[:, None], columns), _token_counts(raw))
    sole = _sole_model_of_problems(model_of, sizes)
    first = np.concatenate([[0], np.cumsum([len(u) for u in per_result])])  # each result's first problem
    first_record = np.concatenate([[0], np.cumsum(sizes)])[first]  # and its first call record
    bases = {}
    for task, index in priced.items():
        costs = results[index].model_costs
        start, stop = first[index], first[index + 1]
        if costs and stop - start == len(costs) and not any(c is None for c in costs):
            features = np.column_stack([np.asarray(costs, dtype=float), tokens[start:stop]])
            used = frozenset(models[i] for i in np.unique(model_of[first_record[index] : first_record[index + 1]]))
            bases[task] = _basis(models, used, features, sole[start:stop])
    return by_tokens, bases


def _basis(models: tuple[str, ...], used: frozenset[str], features: np.ndarray, sole: np.ndarray) -> CostBasis:
    n = len(features)
    mean = features.mean(axis=0)
    centred = features - mean
    one_model = sole[0] >= 0 and (sole == sole[0]).all()
    return CostBasis(
        models=models,
        used=used,
        problems=n,
        mean=mean,
        cov=centred.T @ centred / (n - 1) if n > 1 else None,
        sole_model=models[sole[0]] if one_model else None,
        has_tokens=bool(features[:, 1:].any()),
    )


def _sole_model_of_problems(model_of: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per problem: the index of the one model it used, or -1 (none, or several)."""
    out = np.full(len(sizes), -1, dtype=np.intp)
    has = sizes > 0
    if not has.any():
        return out
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[has]
    lowest, highest = np.minimum.reduceat(model_of, starts), np.maximum.reduceat(model_of, starts)
    out[has] = np.where(lowest == highest, lowest, -1)
    return out


# --- what a reader changes ------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceChange:
    """A new price for one model: a factor on its default price, or list prices."""

    factor: float | None = None
    price: Price | None = None

    def new_price(self, default: Price) -> Price:
        if self.factor is not None:
            return default.scaled(self.factor)
        assert self.price is not None
        ratio = self.price.input / default.input if default.input else 1.0

        def cache(given: float | None, listed: float | None) -> float | None:
            # An unset cache price keeps its ratio to the input price.
            return given if given is not None else (None if listed is None else listed * ratio)

        return Price(
            self.price.input,
            self.price.output,
            cache(self.price.cache_read, default.cache_read),
            cache(self.price.cache_write, default.cache_write),
        )

    def text(self) -> str:
        """The change as written in links and on the command line: `0.5` or `1.25/10`, exactly
        (it is also a cache key: two prices must never read the same)."""
        if self.factor is not None:
            return _exact(self.factor)
        assert self.price is not None
        return f"{_exact(self.price.input)}/{_exact(self.price.output)}"

    def describe(self) -> str:
        if self.factor is not None:
            return f"× {self.factor:g}"
        assert self.price is not None
        return f"${self.price.input:g} in / ${self.price.output:g} out per 1M tokens"


def _exact(value: float) -> str:
    """The shortest text that reads back as `value` (`2`, not `2.0`; `2.0000049`, not `2`)."""
    text = repr(float(value))
    return text.removesuffix(".0")


PriceChanges = tuple[tuple[str, PriceChange], ...]  # (model display name, change), sorted: hashable


def _number(text: str, what: str, limit: float) -> float:
    try:
        value = float(text.strip().lstrip("$"))
    except ValueError:
        raise ValueError(f"{what} '{text[:20]}' is not a number") from None
    if not (math.isfinite(value) and 0 <= value <= limit):
        raise ValueError(f"{what} {text.strip()[:20]} must be between 0 and {limit:g}")
    return value


def parse_change(text: str) -> PriceChange:
    """`0.5` (a factor on the default price) or `1.25/10` (USD per million input / output tokens)."""
    if "/" in text:
        inp, _, out = text.partition("/")
        return PriceChange(price=Price(_number(inp, "input price", MAX_PRICE), _number(out, "output price", MAX_PRICE)))
    return PriceChange(factor=_number(text, "price factor", MAX_FACTOR))


def normalise_changes(
    changes: Mapping[str, float | str | Price | PriceChange], known_models: Iterable[str]
) -> PriceChanges:
    """Changes keyed by the models' display names, checked: ValueError names what is wrong."""
    if len(changes) > MAX_CHANGES:
        raise ValueError(f"at most {MAX_CHANGES} models can be repriced at once")
    known = {names.model_display_name(m) for m in known_models}
    out: dict[str, PriceChange] = {}
    for model, value in changes.items():
        key = names.model_display_name(str(model).strip())
        if key not in known:
            shown = ", ".join(sorted(known)[:12]) or "none"
            raise ValueError(f"no agent of this split used the model '{key[:60]}'; models: {shown}")
        try:
            if isinstance(value, PriceChange):
                change = value
            elif isinstance(value, Price):
                change = PriceChange(price=value)
            elif isinstance(value, str):
                change = parse_change(value)
            else:
                change = PriceChange(factor=_number(str(value), "price factor", MAX_FACTOR))
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None  # which of several changes is wrong
        out[key] = change
    return tuple(sorted(out.items()))


def parse_changes(text: str, known_models: Iterable[str]) -> PriceChanges:
    """`gpt-5=0.5,gpt-4.1=2/8` (a link's or the command line's form) -> checked changes."""
    items: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        model, sep, value = item.partition("=")
        if not sep or not model.strip():
            raise ValueError(f"'{item[:40]}' is not MODEL=FACTOR or MODEL=INPUT/OUTPUT")
        items[model.strip()] = value
    return normalise_changes(items, known_models)


def changes_text(changes: PriceChanges) -> str:
    return ",".join(f"{model}={change.text()}" for model, change in changes)


# --- applying changes ---------------------------------------------------------------------------


def reprice_task(basis: CostBasis, stat: TaskStat, changes: Mapping[str, PriceChange]) -> tuple[float, float] | str:
    """(mean cost, stderr) of a task at the changed prices, or why it keeps its published cost.

    Starts from the published mean and stderr (`stat`), so that prices that do not differ leave
    them exactly as published."""
    coef = np.zeros_like(basis.mean)
    coef[0] = 1.0
    for i, model in enumerate(basis.models):
        change = changes.get(names.model_display_name(model))
        if change is None or model not in basis.used:
            continue
        default = default_price(model)
        if change.factor is not None and basis.sole_model == model:
            # Every problem's cost is this model's: a factor scales it exactly, whatever tier or
            # discount the published cost was billed at.
            coef[0] = change.factor
        elif basis.has_tokens and default is not None:
            start = 1 + len(TOKEN_KINDS) * i
            coef[start : start + len(TOKEN_KINDS)] = change.new_price(default).per_token() - default.per_token()
        elif not basis.has_tokens:
            return f"no token counts for {names.model_display_name(model)}"
        else:
            return f"no list price for {names.model_display_name(model)}"
    if not coef[1:].any():  # a factor on the only model, or no real change: a plain rescaling
        return coef[0] * stat.cost, coef[0] * stat.cost_se
    mean = coef[0] * stat.cost + float(coef[1:] @ basis.mean[1:])
    if mean < 0:
        return "its published cost is below the default list prices' estimate"
    if basis.cov is None:
        return mean, math.nan
    variance = float(coef @ basis.cov @ coef)
    return mean, math.sqrt(max(variance, 0.0) / basis.problems)


def reprice_row(row: ResultRow, changes: Mapping[str, PriceChange]) -> ResultRow:
    """The row with the tasks that used a changed model recosted, and a note for any kept.

    Tasks that used no changed model are left as they are."""
    tasks = dict(row.tasks)
    kept: dict[str, str] = {}
    touched = False
    for display, stat in row.tasks.items():
        basis = row.cost_bases.get(display)
        if basis is None:
            if not math.isnan(stat.cost) and _uses(row.models, changes):
                kept[display] = "no per-problem usage"
            continue
        if not _uses(basis.used, changes):
            continue
        outcome = reprice_task(basis, stat, changes)
        if isinstance(outcome, str):
            kept[display] = outcome
        else:
            tasks[display] = replace(stat, cost=outcome[0], cost_se=outcome[1])
            touched = True
    if not touched and not kept:
        return row
    return replace(row, tasks=tasks, kept_costs=kept)


def cost_note(kept_costs: Mapping[str, str], tasks: Iterable[str]) -> str:
    """Which of `tasks` (a view's) kept their published cost at the reader's prices, and why."""
    reasons = [f"{task}: {kept_costs[task]}" for task in tasks if task in kept_costs]
    return ("published cost kept for " + "; ".join(reasons)) if reasons else ""


def _uses(models: Iterable[str], changes: Mapping[str, PriceChange]) -> bool:
    return any(names.model_display_name(m) in changes for m in models)
