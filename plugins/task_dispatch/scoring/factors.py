"""The built-in soft factors: how well each eligible person fits a task, each normalised to 0..1.

Every factor takes the context and a block of tasks' Demand and returns its
values as a [task, person] array (or one that broadcasts to it: [1, person]
for factors that do not depend on the task); docs/dispatch.md gives each
formula. The total is sum(w_f * v_f) / sum(w_f) over the factors weighed > 0.
"""
import math

import numpy as np

from crm_platform.sdk import lazy_gettext as _l

from plugins.task_dispatch.scoring.demand import NO_REGION

CONTINUITY_FULL = 3
"""Finished tasks for the customer within the window that make continuity 1 (n / 3, capped)."""


def skill_fit(ctx, demand):
    """Per required skill 1 - penalty * (level - min) / (5 - min) (1 when min is 5), averaged; no skills: 1."""
    penalty = float(ctx.policy.parameter("overqualification_penalty"))
    counts = (demand.skill_need > 0).sum(axis=1)
    fits = np.zeros((len(demand.tasks), len(ctx.user_ids)))
    for column in range(len(demand.skill_keys)):
        # Only the tasks asking for this skill: a batch costs one row operation per required skill.
        rows = np.flatnonzero((demand.skill_need[:, column] > 0) & (demand.skill_need[:, column] < 5))
        fits[np.flatnonzero(demand.skill_need[:, column] == 5)] += 1.0
        if len(rows):
            minimum = demand.skill_need[rows, column].astype(float)[:, None]
            above = np.maximum(demand.skill_held[:, column].astype(float)[None, :] - minimum, 0)
            fits[rows] += 1 - penalty * above / (5 - minimum)
    fits[counts == 0] = 1.0
    return fits / np.maximum(counts, 1)[:, None]


def spare_capacity(ctx, demand):
    """(capacity - open load - effort) / capacity: the share of capacity still free after taking the task."""
    return np.clip((ctx.capacity[None, :] - demand.load - demand.effort[:, None]) / ctx.capacity[None, :], 0, 1)


def _diminishing(years, cap):
    """log(1 + min(years, cap)) / log(1 + cap); 0 where unknown (a row for every task)."""
    cap = float(cap)
    if cap <= 0:
        return np.zeros((1, len(years)))
    return np.nan_to_num(np.log1p(np.clip(years, 0, cap)) / math.log1p(cap), nan=0.0)[None, :]


def tenure(ctx, demand):
    """Years since the hire date, capped at tenure_cap_years, with diminishing returns; no hire date: 0."""
    return _diminishing(ctx.tenure_years, ctx.policy.parameter("tenure_cap_years"))


def time_in_post(ctx, demand):
    """Years since the post date, capped at post_cap_years, with diminishing returns; no post date: 0."""
    return _diminishing(ctx.post_years, ctx.policy.parameter("post_cap_years"))


def performance(ctx, demand):
    """min(performance, cap) / cap of the derived figure; no figure yet: 0.5 (neutral)."""
    cap = float(ctx.policy.parameter("performance_cap")) or 1.0
    return np.clip(np.nan_to_num(np.minimum(ctx.performance, cap) / cap, nan=0.5), 0, 1)[None, :]


def _customer_rows(ctx, demand, per_customer):
    """[task, person] of `per_customer(customer) -> values or None` for each task's customer (0 without)."""
    values = np.zeros((len(demand.tasks), len(ctx.user_ids)))
    for row, customer in enumerate(demand.customers):
        found = per_customer(customer) if customer is not None else None
        if found is not None:
            values[row] = found
    return values


def continuity(ctx, demand):
    """min(1, n / 3) for n tasks finished for the task's customer within continuity_days; no customer: 0."""
    return _customer_rows(ctx, demand, lambda customer: (
        np.minimum(ctx.served[customer] / CONTINUITY_FULL, 1.0) if customer in ctx.served else None))


def preferred(ctx, demand):
    """1 for the customer's preferred employee(s), else 0."""
    def marked(customer):
        if customer not in ctx.preferred:
            return None
        values = np.zeros(len(ctx.user_ids))
        values[list(ctx.preferred[customer])] = 1.0
        return values
    return _customer_rows(ctx, demand, marked)


def region(ctx, demand):
    """1 for the task's region, 0.5 when the task or the person has none, 0 for another region."""
    task, person = demand.regions[:, None], ctx.region_of[None, :]
    return np.where((task == NO_REGION) | (person == NO_REGION), 0.5, (task == person).astype(float))


def urgency(ctx, demand):
    """The share of the window's working time the person is on duty (time off taken out); 0 when there is none."""
    minutes = demand.window_minutes[:, None]
    return np.clip(np.divide(demand.duty, minutes, out=np.zeros_like(demand.duty), where=minutes > 0), 0, 1)


def fairness(ctx, demand):
    """1 - r / max(r), r = effort assigned within fairness_window_days / capacity; everyone 1 when nobody had any."""
    share = ctx.assigned_recently / ctx.capacity
    top = share.max() if len(share) else 0.0
    if top <= 0:
        return np.ones((1, len(ctx.user_ids)))
    return (1 - share / top)[None, :]


BUILTIN_FACTORS = {
    "skill_fit": (_l("Skill fit"), _l("How closely the person's levels match the required ones; levels above the "
                                      "minimum count less (over-qualification penalty).")),
    "spare_capacity": (_l("Spare capacity"), _l("The share of the person's capacity still free after taking the "
                                                "task: balances the workload.")),
    "tenure": (_l("Tenure"), _l("Time with the company, capped, with diminishing returns.")),
    "time_in_post": (_l("Time in post"), _l("Time in the current post, capped, with diminishing returns.")),
    "performance": (_l("Performance"), _l("The figure derived from the person's finished tasks (on-time rate, "
                                          "ratings), capped; neutral without one.")),
    "continuity": (_l("Continuity"), _l("Tasks the person finished for this customer recently.")),
    "preferred": (_l("Preferred by the customer"), _l("The customer's preferred employee.")),
    "region": (_l("Region"), _l("Same region as the task; neutral when either has none.")),
    "urgency": (_l("Urgency fit"), _l("How much of the working time before the task is due the person is on duty.")),
    "fairness": (_l("Fairness"), _l("Less work given to the person recently, relative to capacity.")),
}
"""key -> (label, description) of every built-in soft factor (DEFAULT_WEIGHTS names the same keys)."""

SCORES = {"skill_fit": skill_fit, "spare_capacity": spare_capacity, "tenure": tenure, "time_in_post": time_in_post,
          "performance": performance, "continuity": continuity, "preferred": preferred, "region": region,
          "urgency": urgency, "fairness": fairness}
"""key -> score(ctx, demand) -> values 0..1 [task, person] (or broadcasting to it)."""
