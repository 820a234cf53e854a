"""Property tests of the batch solvers: feasible, never worse than greedy, equal to a brute-force optimum."""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from plugins.task_dispatch.batch import solver

TOLERANCE = 1e-6


@st.composite
def instances(draw, max_tasks=5, max_people=3, equal=True):
    """A small random batch: scores (hundredths), eligibility, priority weights, efforts and capacities."""
    n = draw(st.integers(1, max_tasks))
    m = draw(st.integers(1, max_people))
    scores = np.array(draw(st.lists(st.integers(0, 100), min_size=n * m, max_size=n * m)), dtype=float)
    eligible = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)))
    weights = np.array(draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)))
    if equal:
        efforts = np.full(n, draw(st.integers(1, 3)))
    else:
        efforts = np.array(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    capacities = np.array(draw(st.lists(st.integers(0, 6), min_size=m, max_size=m)))
    return scores.reshape(n, m) / 100, eligible.reshape(n, m), weights, efforts, capacities


def brute_force(values, eligible, efforts, capacities, require_all=False, sense="max"):
    """The best objective over every feasible assignment (None when there is none)."""
    n, m = values.shape
    best = None
    for assignment in itertools.product(range(-1, m), repeat=n):
        if require_all and -1 in assignment:
            continue
        if solver.check(assignment, eligible, efforts, capacities):
            continue
        value = solver.objective(values, assignment)
        if best is None or (value > best if sense == "max" else value < best):
            best = value
    return best


def greedy_order(weights):
    """Priority first (the service adds due order), as the service orders the greedy baseline."""
    return sorted(range(len(weights)), key=lambda t: -weights[t])


@settings(max_examples=150, deadline=None)
@given(instances(equal=True))
def test_equal_efforts_is_feasible_at_least_greedy_and_optimal(instance):
    """The min-cost flow keeps every capacity and eligibility, beats greedy and equals brute force."""
    scores, eligible, weights, efforts, capacities = instance
    values, _ = solver.lexicographic_values(scores, weights)
    solution = solver.solve_equal(values, eligible, capacities // efforts[0])
    assert solution.status == "optimal"
    assert solver.check(solution.assignment, eligible, efforts, capacities) == []
    greedy = solver.solve_greedy(values, eligible, efforts, capacities, greedy_order(weights))
    assert solver.check(greedy.assignment, eligible, efforts, capacities) == []
    assert solution.objective >= greedy.objective - TOLERANCE
    assert solution.objective == pytest.approx(brute_force(values, eligible, efforts, capacities), abs=TOLERANCE)


@settings(max_examples=100, deadline=None)
@given(instances(max_tasks=5, max_people=3, equal=False))
def test_differing_efforts_is_feasible_at_least_greedy_and_optimal(instance):
    """CP-SAT keeps every capacity and eligibility, beats greedy and, proven optimal, equals brute force."""
    scores, eligible, weights, efforts, capacities = instance
    values, _ = solver.lexicographic_values(scores, weights)
    solution = solver.solve_gap(values, eligible, efforts, capacities, time_limit=10, workers=1)
    assert solution.status == "optimal"
    assert solution.gap == 0.0
    assert solver.check(solution.assignment, eligible, efforts, capacities) == []
    greedy = solver.solve_greedy(values, eligible, efforts, capacities, greedy_order(weights))
    assert solution.objective >= greedy.objective - TOLERANCE
    assert solution.objective == pytest.approx(brute_force(values, eligible, efforts, capacities), abs=TOLERANCE)


@settings(max_examples=60, deadline=None)
@given(instances(max_tasks=4, max_people=3, equal=False), st.sampled_from(["max", "min"]))
def test_require_all_matches_brute_force_in_both_senses(instance, sense):
    """With every task required (as in OR-Library's instances), either sense equals brute force or is infeasible."""
    scores, eligible, _, efforts, capacities = instance
    costs = np.rint(scores * 100)
    solution = solver.solve_gap(costs, eligible, efforts, capacities, time_limit=10, require_all=True, sense=sense,
                                workers=1)
    best = brute_force(costs, eligible, efforts, capacities, require_all=True, sense=sense)
    if best is None:
        assert solution.status == "infeasible"
    else:
        assert solution.status == "optimal"
        assert -1 not in solution.assignment
        assert solver.check(solution.assignment, eligible, efforts, capacities) == []
        assert solution.objective == best


@settings(max_examples=100, deadline=None)
@given(instances(equal=True))
def test_priority_count_comes_before_scores(instance):
    """No other feasible assignment gives more priority weight: the optimum is lexicographic."""
    scores, eligible, weights, efforts, capacities = instance
    values, big = solver.lexicographic_values(scores, weights)
    solution = solver.solve_equal(values, eligible, capacities // efforts[0])
    weight_only = brute_force(np.where(eligible, weights[:, None], 0).astype(float), eligible, efforts, capacities)
    assert solution.objective // big == weight_only


def test_big_m_exceeds_any_sum_of_scores():
    """M is larger than the sum of every task's best score."""
    scores = np.array([[0.9, 0.2], [1.0, 0.99], [0.0, 0.0]])
    values, big = solver.lexicographic_values(scores, [1, 2, 3])
    assert big > 1.9
    assert values[1, 0] == pytest.approx(2 * big + 1.0)


def test_nobody_eligible_leaves_every_task_unassigned():
    """A batch with no eligible pair assigns nothing, in every mode."""
    values = np.ones((3, 2))
    eligible = np.zeros((3, 2), dtype=bool)
    assert solver.solve_equal(values, eligible, [2, 2]).assignment == [-1, -1, -1]
    assert solver.solve_gap(values, eligible, [1, 2, 3], [5, 5], time_limit=1).assignment == [-1, -1, -1]
    assert solver.solve_greedy(values, eligible, [1, 1, 1], [5, 5]).assignment == [-1, -1, -1]


def test_time_limit_reports_a_feasible_solution_with_its_gap():
    """A GAP too large to prove in a blink reports status, bound and a gap consistent with them."""
    rng = np.random.default_rng(7)
    costs = rng.integers(1, 120, size=(100, 10)).astype(float)
    efforts = (130 - costs + rng.integers(0, 10, size=costs.shape)).clip(1, 100)
    capacities = np.full(10, int(efforts.sum() / 10 * 0.8))
    solution = solver.solve_gap(costs, np.ones(costs.shape, dtype=bool), efforts, capacities, time_limit=0.2,
                                require_all=True, sense="min", workers=1)
    assert solution.status in ("optimal", "feasible")
    assert solver.check(solution.assignment, np.ones(costs.shape, dtype=bool), efforts, capacities) == []
    assert solution.bound <= solution.objective + TOLERANCE
    assert solution.gap == pytest.approx(abs(solution.objective - solution.bound) / max(1, solution.objective))
