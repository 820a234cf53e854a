"""The batch's numbers: ordering the tasks, solving, and the plan and summary a preview shows (no writes)."""
from dataclasses import dataclass, replace
from datetime import datetime, timezone

import numpy as np

from plugins.task_dispatch.batch import solver
from plugins.task_dispatch.scoring import engine

PRIORITY_WEIGHTS = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
"""How much assigning a task of each priority counts, before any score (docs/dispatch.md, the objective)."""

TIME_LIMIT_SECONDS = 5.0
"""CP-SAT's time limit when efforts differ: a preview answers within a page load."""

_FAR = datetime.max.replace(tzinfo=timezone.utc)


@dataclass
class Matrix:
    """What the solver works on: the tasks in greedy order, the people, totals, eligibility, efforts, capacity left."""

    tasks: list
    user_ids: list
    totals: np.ndarray
    eligible: np.ndarray
    efforts: np.ndarray
    left: np.ndarray
    before: np.ndarray
    capacity: np.ndarray


def greedy_order(tasks):
    """Tasks most urgent first: priority, then due (none last), then age; the order a one-by-one dispatcher takes."""
    return sorted(tasks, key=lambda task: (-PRIORITY_WEIGHTS[task.priority], task.due is None,
                                           task.due or _FAR, task.created_at, task.id))


def solve(matrix, time_limit=TIME_LIMIT_SECONDS):
    """(best, greedy) Solutions of `matrix`: the exact flow when all efforts are equal, else CP-SAT (greedy's
    assignment, status "greedy", when CP-SAT found none within its time limit)."""
    weights = [PRIORITY_WEIGHTS[task.priority] for task in matrix.tasks]
    values, _ = solver.lexicographic_values(np.where(matrix.eligible, matrix.totals, 0.0), weights)
    if len(set(matrix.efforts.tolist())) <= 1:
        effort = int(matrix.efforts[0]) if len(matrix.efforts) else 1
        best = solver.solve_equal(values, matrix.eligible, matrix.left // effort)
    else:
        best = solver.solve_gap(values, matrix.eligible, matrix.efforts, matrix.left, time_limit=time_limit)
    greedy = solver.solve_greedy(values, matrix.eligible, matrix.efforts, matrix.left)
    if best.status not in ("optimal", "feasible"):
        # The limit struck before CP-SAT's first solution (a very large batch): offer the one-by-one plan, said so.
        best = replace(greedy, mode=best.mode, status="greedy", seconds=best.seconds + greedy.seconds)
    return best, greedy


def plan_rows(matrix, solution, names):
    """Per task: its number and title, the chosen person (or None), the score and its rank among its candidates.

    The candidates are the people every hard rule allows, capacity left
    included, ranked as the stored explanation will rank them at commit.
    """
    fits = matrix.eligible & (matrix.efforts[:, None] <= matrix.left[None, :])
    ranks = _ranks(matrix, fits, np.asarray(solution.assignment, dtype=np.int64))
    counts = fits.sum(axis=1)
    rows = []
    for t, task in enumerate(matrix.tasks):
        chosen = solution.assignment[t]
        row = {"task_id": task.id, "number": task.number, "title": task.title, "priority": task.priority,
               "effort": int(task.effort), "candidates": int(counts[t]), "user_id": None, "name": None,
               "score": None, "rank": None}
        if chosen >= 0:
            user_id = matrix.user_ids[chosen]
            row.update(user_id=user_id, name=names.get(user_id), score=round(float(matrix.totals[t, chosen]), 6),
                       rank=int(ranks[t]))
        rows.append(row)
    return rows


def _ranks(matrix, fits, chosen):
    """[task] the 1-based position of the chosen column in the task's candidate order (meaningless where -1)."""
    ranks = np.zeros(len(chosen), dtype=np.int64)
    for first in range(0, len(chosen), engine.CHUNK):  # a block at a time: [task, person] sorts stay small
        block = slice(first, first + engine.CHUNK)
        order = engine.candidate_order(matrix.totals[block], fits[block], matrix.before, matrix.user_ids)
        ranks[block] = (order == chosen[block, None]).argmax(axis=1) + 1
    return ranks


def planned_effort(matrix, solution):
    """{user id: effort} the solution gives each person."""
    given = {}
    for t, p in enumerate(solution.assignment):
        if p >= 0:
            given[matrix.user_ids[p]] = given.get(matrix.user_ids[p], 0) + int(matrix.efforts[t])
    return given


def summary(matrix, best, greedy, names, skipped, fairness):
    """Totals against greedy, the solver's mode, status and gap, load per person and `fairness` (before, after)."""
    involved = np.nonzero(matrix.eligible.any(axis=0))[0]
    after = matrix.before.copy()
    for t, p in enumerate(best.assignment):
        if p >= 0:
            after[p] += matrix.efforts[t]
    weights = np.array([PRIORITY_WEIGHTS[task.priority] for task in matrix.tasks])
    gap_points = None if best.bound is None else round(max(0.0, best.bound - best.objective), 6)
    return {
        "tasks": len(matrix.tasks), "skipped": skipped,
        "mode": "equal" if best.mode == "flow" else "differing", "solver": best.mode, "status": best.status,
        "gap": best.gap, "gap_points": gap_points, "seconds": round(best.seconds, 3),
        "time_limit": None if best.mode == "flow" else TIME_LIMIT_SECONDS,
        "assigned": best.assigned, "greedy_assigned": greedy.assigned,
        "weighted": _weighted(best, weights), "greedy_weighted": _weighted(greedy, weights),
        "score": _score(matrix, best), "greedy_score": _score(matrix, greedy),
        "load": [{"user_id": matrix.user_ids[p], "name": names.get(matrix.user_ids[p]),
                  "capacity": int(matrix.capacity[p]), "before": int(matrix.before[p]), "after": int(after[p])}
                 for p in involved],
        "fairness_before": fairness[0], "fairness_after": fairness[1],
    }


def _weighted(solution, weights):
    """The priority-weighted number of tasks a solution assigns."""
    return int(sum(weights[t] for t, p in enumerate(solution.assignment) if p >= 0))


def _score(matrix, solution):
    """The sum of the scores of the pairs a solution chooses."""
    return round(float(sum(matrix.totals[t, p] for t, p in enumerate(solution.assignment) if p >= 0)), 6)
