"""What-if repricing (abl.pricing): hand-computed costs, the published costs given back by the
unchanged prices, agreement with a brute-force recomputation, and what cannot be repriced."""

from __future__ import annotations

import json
import math
from pathlib import Path

import msgspec
import numpy as np
import pytest

import abl
from abl.names import model_display_name, task_display_name
from abl.pricing import (
    DEFAULT_PRICES,
    Price,
    PriceChange,
    changes_text,
    normalise_changes,
    parse_changes,
    price_key,
    problem_cost,
    reprice_row,
    token_counts,
)
from abl.results import Results
from abl.rows import read_row
from abl.schema import ModelUsage, Usage, decode_submission
from abl.settings import SAMPLE_PREFIX
from abl.summary import view_table
from tests.builders import result, submission, write_dataset

SAMPLE = SAMPLE_PREFIX / "asta-bench-results"


def rec(model: str, **usage: int) -> ModelUsage:
    return ModelUsage(model=model, usage=Usage(**usage))


def test_token_counts_follow_each_providers_way_of_counting():
    # OpenAI: input includes the 200 cached tokens; total = input + output.
    assert token_counts(
        Usage(input_tokens=1000, output_tokens=100, total_tokens=1100, input_tokens_cache_read=200)
    ) == (
        800,
        100,
        200,
        0,
    )
    # Anthropic: input excludes cache reads and writes; total counts them.
    anthropic = Usage(
        input_tokens=500, output_tokens=50, total_tokens=950, input_tokens_cache_read=300, input_tokens_cache_write=100
    )
    assert token_counts(anthropic) == (500, 50, 300, 100)
    # Gemini: output excludes the 300 reasoning tokens; total counts them.
    assert token_counts(Usage(input_tokens=1000, output_tokens=100, reasoning_tokens=300, total_tokens=1400)) == (
        1000,
        400,
        0,
        0,
    )
    # OpenAI with reasoning inside output: total = input + output, reasoning not added again.
    assert token_counts(Usage(input_tokens=10, output_tokens=7, reasoning_tokens=5, total_tokens=17)) == (10, 7, 0, 0)
    assert token_counts(Usage()) == (0, 0, 0, 0)


def test_problem_cost_by_hand():
    # gpt-4.1: $2 in, $8 out, $0.5 cached per million: 800*2 + 100*8 + 200*0.5 = 2500 micro-dollars.
    call = rec("openai/gpt-4.1", input_tokens=1000, output_tokens=100, total_tokens=1100, input_tokens_cache_read=200)
    assert problem_cost([call]) == pytest.approx(0.0025, rel=1e-15)
    # A cache price left out costs what input does.
    assert problem_cost([call], {"gpt-4.1": Price(2.0, 8.0)}) == pytest.approx(0.0028, rel=1e-15)
    assert problem_cost([rec("meta-llama/llama-3.3-70b", input_tokens=5, total_tokens=5)]) is None


def test_price_keys_drop_provider_and_date_stamp():
    assert price_key("anthropic/claude-sonnet-4-20250514") == "claude-sonnet-4"
    assert price_key("openai/gpt-4.1-2025-04-14") == "gpt-4.1"
    assert price_key("google/gemini-2.5-flash") == "gemini-2.5-flash"


def _rows(split: str):
    return Results(SAMPLE).split(split)


@pytest.mark.parametrize("split", ["test", "validation"])
def test_unchanged_prices_give_back_every_published_cost(split):
    data = _rows(split)
    models = {m for row in data.rows for m in row.models}
    same_factor = normalise_changes({m: 1.0 for m in models}, models)
    same_prices = normalise_changes(
        {m: DEFAULT_PRICES[price_key(m)] for m in models if price_key(m) in DEFAULT_PRICES}, models
    )
    for changes in (same_factor, same_prices):
        repriced = data.repriced(changes)
        for before, after in zip(data.rows, repriced.rows):
            for task, stat in before.tasks.items():
                got = after.tasks[task]
                assert (got.cost, got.cost_se) == (stat.cost, stat.cost_se) or (
                    math.isnan(stat.cost) and math.isnan(got.cost)
                ), (before.id, task)
        for view in ("overall", "lit", "DS-1000"):
            a, b = view_table(data, view), view_table(repriced, view)
            assert a["cost"].equals(b["cost"]) and a["cost_ci"].equals(b["cost_ci"])
            assert a["frontier"].equals(b["frontier"])


def test_synthetic_validation_costs_are_their_tokens_at_the_default_prices():
    checked = 0
    for path in sorted((SAMPLE / "1.0.0/validation").glob("*.json")):
        sub = decode_submission(path.read_bytes())
        for res in sub.results:
            if res.model_costs and any(u.usage.total_tokens for p in res.model_usages for u in p):
                assert [problem_cost(p) for p in res.model_usages] == res.model_costs
                checked += 1
    assert checked >= 40


def _brute_force(path: Path, task: str, prices: dict[str, Price]) -> tuple[float, float]:
    """Mean and stderr of the task's per-problem costs recomputed at `prices`, problem by problem."""
    sub = decode_submission(path.read_bytes())
    res = next(r for r in sub.results if task_display_name(r.task_name) == task)
    costs = np.array([problem_cost(p, prices) for p in res.model_usages])
    return costs.mean(), costs.std(ddof=1) / math.sqrt(costs.size)


@pytest.mark.parametrize(
    "changes",
    [
        {"gpt-5-mini": 3.0},
        {"gpt-4.1": "1/4"},
        {"gpt-5-mini": 0.1, "gpt-4.1": "0.5/20"},
        {"claude-sonnet-4-20250514": 0.5, "claude-3-5-haiku-20241022": "2/2"},
    ],
)
def test_repricing_equals_recomputing_every_problem(changes):
    data = _rows("validation")
    models = {m for row in data.rows for m in row.models}
    checked = normalise_changes(changes, models)
    prices = dict(DEFAULT_PRICES)
    for model, change in checked:
        prices[price_key(model)] = change.new_price(DEFAULT_PRICES[price_key(model)])
    repriced = {row.id: row for row in data.repriced(checked).rows}
    compared = 0
    for row in data.rows:
        if not any(model_display_name(m) in dict(checked) for m in row.models):
            assert repriced[row.id] is row  # untouched rows are shared, not copied
            continue
        for task in row.tasks:
            mean, stderr = _brute_force(SAMPLE / f"1.0.0/validation/{row.id}.json", task, prices)
            got = repriced[row.id].tasks[task]
            assert got.cost == pytest.approx(mean, rel=1e-12)
            assert got.cost_se == pytest.approx(stderr, rel=1e-9)
            compared += 1
    assert compared >= 3


def test_explicit_prices_keep_cache_prices_in_proportion():
    change = PriceChange(price=Price(1.0, 4.0))
    new = change.new_price(DEFAULT_PRICES["gpt-4.1"])  # $2 in, $0.5 cached: cached stays a quarter
    assert (new.input, new.output, new.cache_read, new.cache_write) == (1.0, 4.0, 0.25, None)


def test_a_factor_reprices_single_model_rows_without_token_counts():
    """The paper's rows publish no token counts: a factor on an agent's only model scales its cost."""
    data = _rows("test")
    changed = data.repriced(normalise_changes({"gpt-5": 0.5}, {m for r in data.rows for m in r.models}))
    react = next(r for r in data.rows if r.id == "react-gpt-5")
    after = next(r for r in changed.rows if r.id == "react-gpt-5")
    for task, stat in react.tasks.items():
        assert after.tasks[task].cost == stat.cost * 0.5
        assert after.tasks[task].cost_se == stat.cost_se * 0.5
    assert after.kept_costs == {}


def test_rows_that_cannot_be_repriced_keep_their_cost_and_say_so():
    data = _rows("test")
    models = {m for r in data.rows for m in r.models}
    # Asta DataVoyager used gpt-5 with gpt-4o on every problem and publishes no token counts.
    changed = {r.id: r for r in data.repriced(normalise_changes({"gpt-5": 0.5}, models)).rows}
    voyager = next(r for r in data.rows if set(map(model_display_name, r.models)) == {"gpt-5", "gpt-4o"})
    kept = changed[voyager.id]
    assert kept.tasks == voyager.tasks
    assert kept.kept_costs == {"DiscoveryBench": "no token counts for gpt-5"}
    # List prices need token counts: the single-model row keeps its cost too.
    listed = {r.id: r for r in data.repriced(normalise_changes({"gpt-5": "1/5"}, models)).rows}
    assert listed["react-gpt-5"].tasks == next(r for r in data.rows if r.id == "react-gpt-5").tasks
    assert set(listed["react-gpt-5"].kept_costs.values()) == {"no token counts for gpt-5"}


def test_a_model_without_list_price_can_only_be_scaled_when_alone():
    problems = [[msgspec.to_builtins(rec("acme/secret-model", input_tokens=100, total_tokens=100))]] * 2
    row = read_row(
        json.dumps(submission([result("PaperFindingBench", 0.5, 0.1, costs=[0.2, 0.4], usages=problems)])).encode(),
        "r",
        "test",
    )
    (basis,) = row.cost_bases.values()
    assert basis.sole_model == "acme/secret-model" and basis.has_tokens
    scaled = reprice_row(row, dict(normalise_changes({"acme/secret-model": 2}, row.models)))
    assert scaled.tasks["PaperFindingBench"].cost == pytest.approx(0.6)
    priced = reprice_row(row, dict(normalise_changes({"acme/secret-model": "1/1"}, row.models)))
    assert priced.kept_costs == {"PaperFindingBench": "no list price for acme/secret-model"}


def _two_tasks(tokens: bool) -> bytes:
    """A row whose PaperFindingBench called only gpt-5 and whose DS-1000 called only gpt-4.1."""

    def calls(model: str) -> list:
        counts = {"input_tokens": 1000, "output_tokens": 100, "total_tokens": 1100} if tokens else {}
        return [[msgspec.to_builtins(rec(model, **counts))]] * 2

    return json.dumps(
        submission(
            [
                result("PaperFindingBench", 0.5, 0.1, costs=[0.2, 0.4], usages=calls("openai/gpt-5")),
                result("DS_1000", 0.5, 0.1, costs=[1.0, 3.0], metric="score/accuracy", usages=calls("openai/gpt-4.1")),
            ]
        )
    ).encode()


def test_a_task_is_repriced_by_the_models_it_called_not_the_rows():
    row = read_row(_two_tasks(tokens=False), "r", "test")
    assert {t: b.used for t, b in row.cost_bases.items()} == {
        "PaperFindingBench": {"openai/gpt-5"},
        "DS-1000": {"openai/gpt-4.1"},
    }
    # No token counts, but each task called one model: a factor scales each, and only its own.
    halved = reprice_row(row, dict(normalise_changes({"gpt-5": 0.5}, row.models)))
    published = {task: stat.cost for task, stat in row.tasks.items()}  # means of [0.2, 0.4] and [1, 3]
    assert published == pytest.approx({"PaperFindingBench": 0.3, "DS-1000": 2.0}, rel=1e-15)
    assert halved.tasks["PaperFindingBench"].cost == published["PaperFindingBench"] * 0.5
    assert halved.tasks["DS-1000"] == row.tasks["DS-1000"]
    both = reprice_row(row, dict(normalise_changes({"gpt-5": 0.5, "gpt-4.1": 2}, row.models)))
    assert both.tasks["PaperFindingBench"].cost == published["PaperFindingBench"] * 0.5
    assert both.tasks["DS-1000"].cost == published["DS-1000"] * 2
    assert both.kept_costs == {}
    # With token counts, a task that did not call the changed model stays exactly as published.
    row = read_row(_two_tasks(tokens=True), "r", "test")
    listed = reprice_row(row, dict(normalise_changes({"gpt-5": "1/4"}, row.models)))
    assert listed.tasks["DS-1000"] is row.tasks["DS-1000"]
    assert listed.tasks["PaperFindingBench"].cost != row.tasks["PaperFindingBench"].cost


def test_a_factor_scales_a_one_model_task_whatever_its_published_price():
    # Billed at twice gpt-5's list price (a higher tier, say): a factor still scales what was paid.
    call = rec("openai/gpt-5", input_tokens=1000, output_tokens=100, total_tokens=1100)
    listed = problem_cost([call])
    problems = [[msgspec.to_builtins(call)]] * 2
    row = read_row(
        json.dumps(
            submission([result("DS_1000", 0.5, 0.1, costs=[2 * listed] * 2, metric="score/accuracy", usages=problems)])
        ).encode(),
        "r",
        "test",
    )
    for factor in (0.0, 0.5, 3.0):
        scaled = reprice_row(row, dict(normalise_changes({"gpt-5": factor}, row.models)))
        assert scaled.tasks["DS-1000"].cost == factor * row.tasks["DS-1000"].cost


def test_a_views_cost_note_names_only_its_own_benchmarks(tmp_path):
    from abl.pricing import cost_note
    from abl.stats import Mode

    assert cost_note({"DS-1000": "no token counts for gpt-5"}, ["PaperFindingBench"]) == ""
    assert cost_note({"A": "x", "B": "y"}, ["B", "A"]) == "published cost kept for B: y; A: x"
    # PaperFindingBench can be repriced; DS-1000 publishes its costs without per-problem usage.
    calls = [[msgspec.to_builtins(rec("openai/gpt-5", input_tokens=1000, output_tokens=100, total_tokens=1100))]] * 2
    row = submission(
        [
            result("PaperFindingBench", 0.5, 0.1, costs=[0.2, 0.4], usages=calls),
            result("DS_1000", 0.5, 0.1, costs=[1.0, 3.0], metric="score/accuracy"),
        ]
    )
    data = Results(write_dataset(tmp_path, {"r": row})).split("test")
    changed = data.repriced(normalise_changes({"gpt-5": 0.5}, ["openai/gpt-5"]))
    kept = "published cost kept for DS-1000: no per-problem usage"
    notes = {v: view_table(changed, v, Mode.LEADERBOARD)["cost_note"].iloc[0] for v in ("overall", "lit", "code")}
    assert notes == {"overall": kept, "lit": "", "code": kept}
    assert view_table(changed, "PaperFindingBench", Mode.LEADERBOARD)["cost_note"].iloc[0] == ""
    assert view_table(changed, "DS-1000", Mode.LEADERBOARD)["cost_note"].iloc[0] == kept


def test_prices_are_written_exactly_so_different_prices_never_share_a_key():
    models = ["openai/gpt-5"]
    a, b = parse_changes("gpt-5=2", models), parse_changes("gpt-5=2.0000049", models)
    assert (changes_text(a), changes_text(b)) == ("gpt-5=2", "gpt-5=2.0000049")
    assert changes_text(parse_changes("gpt-5=0.1/1e-7", models)) == "gpt-5=0.1/1e-07"
    for text in ("gpt-5=0.30000000000000004", "gpt-5=1.25/10", "gpt-5=0.5"):
        assert parse_changes(changes_text(parse_changes(text, models)), models) == parse_changes(text, models)


def test_price_changes_are_checked():
    models = ["openai/gpt-5", "openai/gpt-4.1"]
    assert parse_changes("gpt-5=0.5, gpt-4.1=2/8", models) == (
        ("gpt-4.1", PriceChange(price=Price(2.0, 8.0))),
        ("gpt-5", PriceChange(factor=0.5)),
    )
    assert parse_changes("", models) == ()
    for text, message in (
        ("gpt-9=1", "no agent of this split used the model 'gpt-9'"),
        ("gpt-5=-1", "^gpt-5: price factor -1 must be between 0 and 1000$"),
        ("gpt-5=nan", "^gpt-5: price factor nan must be between 0 and 1000$"),
        ("gpt-5=abc", "^gpt-5: price factor 'abc' is not a number$"),
        ("gpt-4.1=2/8, gpt-5=1/inf", "^gpt-5: output price inf must be between 0 and 10000$"),
        ("gpt-5", "is not MODEL=FACTOR or MODEL=INPUT/OUTPUT"),
        (",".join(f"m{i}=1" for i in range(21)), "at most 20 models"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_changes(text, models)


def test_notebook_reprice_and_frontier_change():
    board = abl.Leaderboard(str(SAMPLE), split="validation", view="lit")
    published = board.frame.set_index("id")["cost"]
    board.reprice({"gpt-5-mini": 3, "claude-sonnet-4-20250514": "1/5", "llama-3.3-70b": 0.5})
    after = board.frame.set_index("id")["cost"]
    assert after["example-agent-frugal-router"] == pytest.approx(published["example-agent-frugal-router"] * 3)
    assert after["example-agent-literature-specialist"] == published["example-agent-literature-specialist"] * 0.5
    assert board.frontier_change() == {
        "joined": ["Example agent: ReAct baseline (gpt-4.1-mini +1)"],
        "left": ["Example agent: ReAct (gpt-5)"],
    }
    assert board.published_table()["cost"].equals(board.published_table()["cost"])
    assert board.to_query()["prices"] == "claude-sonnet-4-20250514=1/5,gpt-5-mini=3,llama-3.3-70b=0.5"
    with pytest.raises(ValueError, match="no agent of this split used"):
        board.reprice({"gpt-9": 2})
    board.reprice()
    assert board.frame.set_index("id")["cost"].equals(published)


def test_only_a_few_price_scenarios_are_kept():
    """Each scenario holds rows, statistics and tables of its own: readers trying many prices must
    not grow the server without bound."""
    from abl.loading import REPRICED_LIMIT

    data = _rows("validation")
    models = {m for row in data.rows for m in row.models}
    scenarios = [normalise_changes({"gpt-5": 1 + i / 10}, models) for i in range(REPRICED_LIMIT + 2)]
    first = data.repriced(scenarios[0])
    assert data.repriced(scenarios[0]) is first  # shared while it is recent
    for scenario in scenarios[1:]:
        data.repriced(scenario)
    assert data.repriced(scenarios[0]) is not first  # pushed out by newer ones, built again
    assert data.repriced(scenarios[-1]) is data.repriced(scenarios[-1])
    view_table(data, "overall")  # the split's own tables are unaffected
    assert data.recent(("probe",), lambda: 1) == 1
