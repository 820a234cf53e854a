"""The scoring entry points: a context loaded once, one task's ranking, a batch's matrix, an assignment's explanation.

CONTRACT (other features code against these signatures):

- build_context(policy=None, now=None) -> Context
    The policy in force (or `policy`, for previews), the people who take tasks
    (profiles with takes_tasks of active users), each one's open load (effort of
    their open tasks), effort assigned in the fairness window, continuity history,
    customer preferences and exclusions, time off, the workspace calendar, and the
    enabled plugins' factors and rules (context.py, extensions.py).
    Context.user_ids: the people, in the order of the matrix columns.
    Context.policy: the Policy (policy/defaults.py).
- rank(ctx, task) -> Ranking
    Ranking.candidates: [Scored] best first: Scored.user_id, .name, .total (0..1),
      .rank (1-based), .factors {key: {"value": 0..1, "weight": w}} (factors weighed > 0), .load.
      Ties: the lower open load first, then the lower user id.
    Ranking.ineligible: [Refused] Refused.user_id, .name, .reasons [{"rule": key, "text": str}].
    Ranking.policy_version, Ranking.notes (e.g. a year without holiday data: plain working hours were used).
    Ranking.reasons(user_id): "why not?" for anyone (someone outside the context does not take tasks).
- matrix(ctx, tasks) -> (totals float ndarray [len(tasks), len(ctx.user_ids)], eligible bool ndarray same shape)
    Capacity is NOT folded into `eligible` here (the batch solver spends capacity
    itself); every other hard rule is.
- explanation(ranking, user_id) -> dict with keys policy_version, total, rank, candidates,
    factors, alternatives (the best 3 others [{"user_id", "name", "total"}]), for an Assignment row.
"""
from dataclasses import dataclass, field

import numpy as np

from crm_platform.sdk import gettext as _

from plugins.task_dispatch.scoring import extensions
from plugins.task_dispatch.scoring.context import load_context
from plugins.task_dispatch.scoring.demand import demand
from plugins.task_dispatch.scoring.factors import SCORES
from plugins.task_dispatch.scoring.rules import BUILTIN_RULES, CHECKS, reason

ALTERNATIVES = 3
"""How many of the best other candidates an explanation keeps."""


@dataclass(frozen=True)
class Scored:
    """An eligible person: total 0..1, rank (1 is best), {factor: {"value", "weight"}}, open load."""

    user_id: int
    name: str
    total: float
    rank: int
    factors: dict
    load: float


@dataclass(frozen=True)
class Refused:
    """A person a hard rule refuses, with every failing rule's "why not?"."""

    user_id: int
    name: str
    reasons: list


@dataclass
class Ranking:
    """One task's candidates best first, the people refused and why, under which policy version."""

    task_id: int
    policy_version: int
    candidates: list
    ineligible: list
    notes: list = field(default_factory=list)

    def candidate(self, user_id):
        """The Scored entry of `user_id`, or None when not eligible."""
        return next((scored for scored in self.candidates if scored.user_id == user_id), None)

    def reasons(self, user_id):
        """Why `user_id` may not take the task ([] for a candidate; someone outside the context takes no tasks)."""
        if self.candidate(user_id) is not None:
            return []
        refused = next((entry for entry in self.ineligible if entry.user_id == user_id), None)
        if refused is not None:
            return refused.reasons
        return [reason("takes_tasks", BUILTIN_RULES["takes_tasks"][0], _("no active profile that takes tasks"))]


def build_context(policy=None, now=None):
    """The scoring context: `policy` (default: the one in force) at `now`, with the enabled plugins' factors and rules."""
    if policy is None:
        from plugins.task_dispatch.policy.service import current_policy  # the policy feature builds on scoring
        policy = current_policy()
    ctx = load_context(policy, now)
    ctx.factors = extensions.plugin_factors()
    ctx.rules = extensions.plugin_rules()
    return ctx


def _weighed(ctx):
    """[(key, weight, score or PluginFactor)] of the factors the policy weighs above 0."""
    built_in = [(key, ctx.policy.weight(key), score) for key, score in SCORES.items()]
    added = [(factor.key, ctx.policy.weight(factor.key), factor) for factor in ctx.factors]
    return [(key, weight, score) for key, weight, score in built_in + added if weight > 0]


def _factor_values(ctx, task, need):
    """{key: (weight, values per person)} of the weighed factors (a failing plugin factor is left out)."""
    values = {}
    for key, weight, score in _weighed(ctx):
        if isinstance(score, extensions.PluginFactor):
            found = extensions.factor_values(score, task, ctx.user_ids)
        else:
            found = score(ctx, need)
        if found is not None:
            values[key] = (weight, found)
    return values


def _totals(ctx, values):
    """sum(w_f * v_f) / sum(w_f) per person (0 when nothing is weighed)."""
    weights = sum(weight for weight, _values in values.values())
    if weights <= 0:
        return np.zeros(len(ctx.user_ids))
    return sum(weight * found for weight, found in values.values()) / weights


def _refusals(ctx, task, need, capacity, explain):
    """(refused mask, [(key, label, mask, detail)]) of every hard rule; plugin rules' texts per person."""
    refused = np.zeros(len(ctx.user_ids), dtype=bool)
    failures = []
    for key, check in CHECKS.items():
        if key == "capacity" and not capacity:
            continue
        for mask, detail in check(ctx, need):
            refused |= mask
            if explain and mask.any():
                failures.append((key, BUILTIN_RULES[key][0], mask, detail))
    for rule in ctx.rules:
        refusals = extensions.rule_refusals(rule, task, ctx.user_ids)
        columns = [ctx.index[user_id] for user_id in refusals if user_id in ctx.index]
        if columns:
            mask = np.zeros(len(ctx.user_ids), dtype=bool)
            mask[columns] = True
            refused |= mask
            texts = {ctx.index[user_id]: text for user_id, text in refusals.items() if user_id in ctx.index}
            failures.append((rule.key, rule.label, mask, texts))
    return refused, failures


def _notes(need):
    """What the ranking should say about how it was computed."""
    if not need.window.missing_years:
        return []
    years = ", ".join(str(year) for year in sorted(need.window.missing_years))
    return [_("No public holiday data for %(years)s: working hours without public holidays were used.",
              years=years)]


def rank(ctx, task):
    """The task's eligible people best first with their breakdown, and the others with their "why not?"."""
    need = demand(ctx, task)
    refused, failures = _refusals(ctx, task, need, capacity=True, explain=True)
    values = _factor_values(ctx, task, need)
    totals = _totals(ctx, values)
    users = np.asarray(ctx.user_ids, dtype=np.int64)
    eligible = np.flatnonzero(~refused)
    order = eligible[np.lexsort((users[eligible], need.load[eligible], -np.round(totals[eligible], 9)))]
    candidates = [Scored(user_id=ctx.user_ids[column], name=ctx.names[column], total=round(float(totals[column]), 4),
                         rank=position, load=float(need.load[column]),
                         factors={key: {"value": round(float(found[column]), 4), "weight": weight}
                                  for key, (weight, found) in values.items()})
                  for position, column in enumerate(order.tolist(), start=1)]
    reasons = {}
    for key, label, mask, detail in failures:
        columns = np.flatnonzero(mask).tolist()
        if isinstance(detail, dict):  # a plugin rule: its own text per person, else its label
            for column in columns:
                reasons.setdefault(column, []).append(reason(key, label, detail.get(column)))
        else:
            entry = reason(key, label, detail())
            for column in columns:
                reasons.setdefault(column, []).append(entry)
    ineligible = sorted((Refused(ctx.user_ids[column], ctx.names[column], found) for column, found in reasons.items()),
                        key=lambda entry: (entry.name.casefold(), entry.user_id))
    return Ranking(task_id=task.id, policy_version=ctx.policy.version, candidates=candidates, ineligible=ineligible,
                   notes=_notes(need))


def matrix(ctx, tasks):
    """(totals, eligible) arrays [task, person] for batch optimisation; capacity is left to the solver."""
    totals = np.zeros((len(tasks), len(ctx.user_ids)), dtype=float)
    eligible = np.zeros((len(tasks), len(ctx.user_ids)), dtype=bool)
    for row, task in enumerate(tasks):
        need = demand(ctx, task)
        refused, _failures = _refusals(ctx, task, need, capacity=False, explain=False)
        totals[row] = _totals(ctx, _factor_values(ctx, task, need))
        eligible[row] = ~refused
    return totals, eligible


def explanation(ranking, user_id):
    """What an Assignment row stores for giving the ranked task to `user_id` (a candidate; LookupError otherwise)."""
    chosen = ranking.candidate(user_id)
    if chosen is None:
        raise LookupError(f"user {user_id} is not a candidate for task {ranking.task_id}")
    others = [scored for scored in ranking.candidates if scored.user_id != user_id][:ALTERNATIVES]
    return {"policy_version": ranking.policy_version, "total": chosen.total, "rank": chosen.rank,
            "candidates": len(ranking.candidates), "factors": chosen.factors,
            "alternatives": [{"user_id": other.user_id, "name": other.name, "total": other.total} for other in others]}
