"""agent-eval's aggregation rules, checked against values computed by hand.

Suite (tests/builders.py): category lit = PaperFindingBench (weight 1) + ScholarQA-CS2 (weight 0.5);
category code = DS-1000.
"""

import json
import math

import numpy as np
import pytest

from abl.rows import read_row, task_cost
from abl.stats import Mode, SplitStats
from tests.builders import result, submission


def row(results, row_id="r"):
    return read_row(json.dumps(submission(results)).encode(), row_id, "test")


def stats_of(*rows):
    return SplitStats(list(rows))


# Row X: everything present.
#   PaperFindingBench 0.6 ± 0.05, costs [1, 3]  -> cost 2, cost se stdev([1,3])/sqrt(2) = sqrt(2)/sqrt(2) = 1
#   ScholarQA-CS2     0.3 ± 0.02, costs [.5]*4  -> cost 0.5, cost se 0
#   DS-1000           0.9 ± 0.1,  costs [4]     -> cost 4, cost se unknown (one problem)
X = [
    result("PaperFindingBench", 0.6, 0.05, [1.0, 3.0]),
    result("ScholarQA_CS2", 0.3, 0.02, [0.5, 0.5, 0.5, 0.5]),
    result("DS_1000", 0.9, 0.1, [4.0], metric="score/accuracy"),
]
# Row Y: ScholarQA-CS2 missing, DS-1000 without stderr and with unknown cost.
Y = [
    result("PaperFindingBench", 0.4, 0.1, [0.2, 0.4]),
    result("DS_1000", 0.5, None, None, metric="score/accuracy"),
]


def test_task_cost_rules():
    assert task_cost([1.0, 3.0]) == (2.0, 1.0)
    mean, se = task_cost([5.0])
    assert mean == 5.0 and math.isnan(se)  # one problem: no standard error
    for unknown in (None, [], [1.0, None]):
        assert all(math.isnan(v) for v in task_cost(unknown))


def test_task_values_and_stderr_metric():
    r = row(X)
    assert r.tasks["PaperFindingBench"].score == 0.6
    assert r.tasks["PaperFindingBench"].score_se == 0.05
    assert r.tasks["DS-1000"].score_se == 0.1  # found as score/stderr for primary score/accuracy
    assert (r.tasks["ScholarQA-CS2"].cost, r.tasks["ScholarQA-CS2"].cost_se) == (0.5, 0.0)


def test_category_weighted_mean_and_propagated_stderr():
    stat = stats_of(row(X)).tag("lit")
    assert stat.score[0] == pytest.approx((0.6 * 1 + 0.3 * 0.5) / 1.5, abs=1e-15)  # 0.5
    assert stat.score_se[0] == pytest.approx(math.sqrt(0.05**2 + (0.5 * 0.02) ** 2) / 1.5, rel=1e-12)
    assert stat.cost[0] == pytest.approx((2.0 + 0.5 * 0.5) / 1.5, rel=1e-15)  # 1.5
    assert stat.cost_se[0] == pytest.approx(1.0 / 1.5, rel=1e-12)
    assert stat.score_ci[0] == pytest.approx(1.96 * stat.score_se[0], rel=1e-15)


def test_overall_is_unweighted_mean_of_categories():
    s = stats_of(row(X))
    overall = s.overall()
    assert overall.score[0] == pytest.approx((0.5 + 0.9) / 2, rel=1e-15)
    a_se = math.sqrt(0.05**2 + 0.01**2) / 1.5
    assert overall.score_se[0] == pytest.approx(math.sqrt(a_se**2 + 0.1**2) / 2, rel=1e-12)
    assert overall.cost[0] == pytest.approx((1.5 + 4.0) / 2, rel=1e-15)
    assert math.isnan(overall.cost_se[0])  # DS-1000's cost se is unknown


def test_leaderboard_mode_counts_missing_task_as_zero():
    s = stats_of(row(Y))
    a = s.tag("lit", Mode.LEADERBOARD)
    assert a.score[0] == pytest.approx(0.4 / 1.5, rel=1e-15)
    assert a.score_se[0] == pytest.approx(0.1 / 1.5, rel=1e-12)  # the missing task is a sure 0
    assert math.isnan(a.cost[0]) and math.isnan(a.cost_se[0])  # a missing cost is never 0
    b = s.tag("code", Mode.LEADERBOARD)
    assert b.score[0] == 0.5 and math.isnan(b.score_se[0])  # present score without stderr
    overall = s.overall(Mode.LEADERBOARD)
    assert overall.score[0] == pytest.approx((0.4 / 1.5 + 0.5) / 2, rel=1e-15)
    assert math.isnan(overall.score_se[0]) and math.isnan(overall.cost[0])


def test_paper_mode_leaves_incomplete_aggregates_unknown():
    s = stats_of(row(Y))
    a = s.tag("lit", Mode.PAPER)
    assert math.isnan(a.score[0]) and math.isnan(a.score_se[0])
    assert s.tag("code", Mode.PAPER).score[0] == 0.5
    assert math.isnan(s.overall(Mode.PAPER).score[0])
    # A complete row has identical values in both modes.
    full = stats_of(row(X))
    assert full.overall(Mode.PAPER).score[0] == full.overall(Mode.LEADERBOARD).score[0]


def test_coverage_counts():
    s = stats_of(row(X, "x"), row(Y, "y"), row([result("DS_1000", 0.2, metric="score/accuracy")], "z"))
    attempted, total = s.coverage(None)
    assert attempted.tolist() == [2, 2, 1] and total.tolist() == [2, 2, 2]
    attempted, total = s.coverage("lit")
    assert attempted.tolist() == [2, 1, 0] and total.tolist() == [2, 2, 2]


def test_rows_with_different_suites_use_their_own_tasks_and_weights():
    suite = json.loads(json.dumps(submission([])["suite_config"]))
    suite["splits"][0]["macro_average_weight_adjustments"] = []  # ScholarQA-CS2 weighs 1 here
    other = read_row(json.dumps(submission(X, suite=suite)).encode(), "o", "test")
    s = stats_of(row(X), other)
    assert s.tag("lit").score.tolist() == pytest.approx([0.5, (0.6 + 0.3) / 2], rel=1e-15)


def test_vectorised_values_match_a_row_by_row_computation():
    rng = np.random.default_rng(7)
    rows = []
    for i in range(50):
        results = []
        tasks = (("PaperFindingBench", "acc/mean"), ("ScholarQA_CS2", "acc/mean"), ("DS_1000", "score/accuracy"))
        for task, metric in tasks:
            if rng.random() < 0.8:
                costs = rng.random(5).tolist() if rng.random() < 0.8 else None
                results.append(result(task, float(rng.random()), float(rng.random() / 10), costs, metric=metric))
        if results:
            rows.append(row(results, f"r{i}"))
    s = stats_of(*rows)
    for i, r in enumerate(rows):
        single = stats_of(r)
        for mode in Mode:
            for got, want in ((s.overall(mode), single.overall(mode)), (s.tag("lit", mode), single.tag("lit", mode))):
                np.testing.assert_array_equal(got.score[i], want.score[0])
                np.testing.assert_array_equal(got.cost[i], want.cost[0])
