import numpy as np

from abl.frontier import dominating_frontier_row, pareto_frontier

nan = np.nan


def front(score, cost):
    return pareto_frontier(np.array(score, dtype=float), np.array(cost, dtype=float)).tolist()


def test_basic_staircase():
    #          A     B     C     D     E
    score = [0.2, 0.5, 0.4, 0.7, 0.6]
    cost = [0.1, 0.3, 0.5, 1.0, 2.0]
    assert front(score, cost) == [True, True, False, True, False]


def test_equal_cost_and_score_are_both_kept():
    assert front([0.5, 0.5], [1.0, 1.0]) == [True, True]


def test_same_score_at_higher_cost_is_dropped():
    assert front([0.5, 0.5], [1.0, 2.0]) == [True, False]


def test_same_cost_lower_score_is_dropped():
    assert front([0.5, 0.4], [1.0, 1.0]) == [True, False]


def test_missing_cost_or_score_is_never_on_the_frontier():
    assert front([0.9, 0.5, nan], [nan, 1.0, 0.1]) == [False, True, False]


def test_rounding_look_alikes_compare_unrounded():
    # 0.1 + 0.2 is a hair above 0.3: it beats 0.3 at a higher cost, and two
    # costs that print alike are still different costs.
    assert front([0.3, 0.1 + 0.2], [1.0, 1.0000000001]) == [True, True]
    assert front([0.1 + 0.2, 0.3], [1.0, 1.0000000001]) == [True, False]


def test_one_row_and_no_rows():
    assert front([0.3], [2.0]) == [True]
    assert front([], []) == []


def test_unsorted_input_and_zero_cost():
    assert front([0.7, 0.1, 0.5], [3.0, 0.0, 1.0]) == [True, True, True]


def test_dominating_row_is_best_affordable_frontier_row():
    score = np.array([0.2, 0.5, 0.4, 0.7, 0.6, 0.9, 0.1])
    cost = np.array([0.1, 0.3, 0.5, 1.0, 2.0, nan, 0.3])
    on = pareto_frontier(score, cost)
    beaten = dominating_frontier_row(score, cost, on)
    assert on.tolist() == [True, True, False, True, False, False, False]
    # C (0.4 at 0.5) is beaten by B (0.5 at 0.3); E (0.6 at 2.0) by D (0.7 at 1.0);
    # G (0.1 at 0.3) by B, which costs the same and scores higher.
    assert beaten.tolist() == [-1, -1, 1, -1, 3, -1, 1]
