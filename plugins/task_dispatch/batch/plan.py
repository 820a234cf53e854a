"""The batch's numbers: ordering the tasks, solving, and the plan and summary a preview shows (no writes)."""
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from plugins.task_dispatch.batch import solver
from plugins.task_dispatch.fairness import gini

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
    """(best, greedy) Solutions of `matrix`: the exact flow when all efforts are equal, else CP-SAT."""
    weights = [PRIORITY_WEIGHTS[task.priority] for task in matrix.tasks]
    values, _ = solver.lexicographic_values(np.where(matrix.eligible, matrix.totals, 0.0), weights)
    if len(set(matrix.efforts.tolist())) <= 1:
        effort = int(matrix.efforts[0]) if len(matrix.efforts) else 1
        best = solver.solve_equal(values, matrix.eligible, matrix.left // effort)
    else:
        best = solver.solve_gap(values, matrix.eligible, matrix.efforts, matrix.left, time_limit=time_limit)
    greedy = solver.solve_greedy(values, matrix.eligible, matrix.efforts, matrix.left)
    return best, greedy


def plan_rows(matrix, solution, names):
    """Per task: its number and title, the chosen person (or None), the score and its rank among its candidates."""
    rows = []
    for t, task in enumerate(matrix.tasks):
        chosen = solution.assignment[t]
        candidates = matrix.totals[t][matrix.eligible[t]]
        row = {"task_id": task.id, "number": task.number, "title": task.title, "priority": task.priority,
               "effort": int(task.effort), "candidates": int(len(candidates)), "user_id": None, "name": None,
               "score": None, "rank": None}
        if chosen >= 0:
            score = float(matrix.totals[t, chosen])
            user_id = matrix.user_ids[chosen]
            row.update(user_id=user_id, name=names.get(user_id), score=round(score, 6),
                       rank=int((candidates > score).sum()) + 1)
        rows.append(row)
    return rows


def summary(matrix, best, greedy, names, skipped):
    """Totals against greedy, the solver's mode, status and gap, load per person and fairness before and after."""
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
        "fairness_before": round(_fairness(matrix.before, matrix.capacity, involved), 4),
        "fairness_after": round(_fairness(after, matrix.capacity, involved), 4),
    }


def _weighted(solution, weights):
    """The priority-weighted number of tasks a solution assigns."""
    return int(sum(weights[t] for t, p in enumerate(solution.assignment) if p >= 0))


def _score(matrix, solution):
    """The sum of the scores of the pairs a solution chooses."""
    return round(float(sum(matrix.totals[t, p] for t, p in enumerate(solution.assignment) if p >= 0)), 6)


def _fairness(load, capacity, people):
    """Gini of open load relative to capacity over `people` (those the batch could go to)."""
    return gini([load[p] / capacity[p] for p in people if capacity[p] > 0])
