"""The scoring entry points: a context loaded once, one task's ranking, a batch's matrix, assignments' explanations.

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
- explanations(ctx, tasks, user_ids) -> [dict | None]: per task, the same dict as
    explanation(rank(ctx, task), user_id) for the user id at the same position (None where a
    hard rule, capacity included, refuses them), scored in one vectorised pass per block of tasks.
- candidate_order(totals, eligible, load, user_ids) -> int ndarray [task, person]: per task the
    columns in rank order (eligible first, then total, lower load, lower id), as rank() orders them.
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
CHUNK = 256
"""Tasks scored together by matrix(): [task, person] arrays of a few megabytes even for 10,000 people."""


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


def _factor_values(ctx, need):
    """{key: (weight, values [task, person], counted [task])} of the weighed factors.

    A plugin factor that fails for a task is not counted in that task's total
    (its weight leaves the denominator too).
    """
    tasks, people = len(need.tasks), len(ctx.user_ids)
    values = {}
    for key, weight, score in _weighed(ctx):
        if isinstance(score, extensions.PluginFactor):
            found, counted = np.zeros((tasks, people)), np.ones(tasks, dtype=bool)
            for row, task in enumerate(need.tasks):
                answer = extensions.factor_values(score, task, ctx.user_ids)
                if answer is None:
                    counted[row] = False
                else:
                    found[row] = answer
            values[key] = (weight, found, counted)
        else:
            values[key] = (weight, np.broadcast_to(score(ctx, need), (tasks, people)), np.ones(tasks, dtype=bool))
    return values


def _totals(ctx, need, values):
    """sum(w_f * v_f) / sum(w_f) per [task, person] over the factors counted (0 when nothing is weighed)."""
    numerator = np.zeros((len(need.tasks), len(ctx.user_ids)))
    weights = np.zeros(len(need.tasks))
    for weight, found, counted in values.values():
        numerator += weight * (found if counted.all() else found * counted[:, None])
        weights += weight * counted
    return np.divide(numerator, weights[:, None], out=np.zeros_like(numerator), where=weights[:, None] > 0)


def _refusals(ctx, need, capacity, explain):
    """(refused [task, person], [(key, label, mask, detail)]) of every hard rule; plugin rules' texts per person."""
    refused = np.zeros((len(need.tasks), len(ctx.user_ids)), dtype=bool)
    failures = []
    for key, check in CHECKS.items():
        if key == "capacity" and not capacity:
            continue
        for mask, detail in check(ctx, need):
            refused |= mask
            if explain and mask.any():
                failures.append((key, BUILTIN_RULES[key][0], mask, detail))
    for rule in ctx.rules:
        mask = np.zeros_like(refused)
        texts = {}
        for row, task in enumerate(need.tasks):
            for user_id, text in extensions.rule_refusals(rule, task, ctx.user_ids).items():
                if user_id in ctx.index:
                    mask[row, ctx.index[user_id]] = True
                    texts[ctx.index[user_id]] = text
        if mask.any():
            refused |= mask
            failures.append((rule.key, rule.label, mask, texts))
    return refused, failures


def _notes(need):
    """What the ranking should say about how it was computed."""
    missing = need.windows[0].missing_years
    if not missing:
        return []
    return [_("No public holiday data for %(years)s: working hours without public holidays were used.",
              years=", ".join(str(year) for year in sorted(missing)))]


def _why_not(ctx, failures):
    """column -> [{"rule", "text"}] of everyone a rule refuses (the ranking's one task)."""
    reasons = {}
    for key, label, mask, detail in failures:
        columns = np.flatnonzero(mask[0]).tolist()
        if isinstance(detail, dict):  # a plugin rule: its own text per person, else its label
            for column in columns:
                reasons.setdefault(column, []).append(reason(key, label, detail.get(column)))
        else:
            entry = reason(key, label, detail())
            for column in columns:
                reasons.setdefault(column, []).append(entry)
    return reasons


def _scored(ctx, need, capacity, explain=False):
    """(refused [task, person], failures, factor values, totals [task, person]) of a block: one vectorised pass."""
    refused, failures = _refusals(ctx, need, capacity=capacity, explain=explain)
    values = _factor_values(ctx, need)
    return refused, failures, values, _totals(ctx, need, values)


def candidate_order(totals, eligible, load, user_ids):
    """[task, person] columns per task: the eligible first, best total first, then the lower load, then the lower id.

    `load` is [task, person] or [person]; the first `eligible[t].sum()` columns of
    row t are that task's candidates in rank order (the order rank() lists them).
    """
    users = np.broadcast_to(np.asarray(user_ids, dtype=np.int64), totals.shape)
    return np.lexsort((users, np.broadcast_to(load, totals.shape), -np.round(totals, 9), ~eligible), axis=-1)


def _breakdown(values, row, column):
    """{factor: {"value", "weight"}} of one [task, person] pair over the factors counted in the task's total."""
    return {key: {"value": round(float(found[row, column]), 4), "weight": weight}
            for key, (weight, found, counted) in values.items() if counted[row]}


def _stored(policy_version, chosen, candidates, others):
    """An Assignment row's explanation from the chosen Scored-like entry and the best others' (user_id, name, total)."""
    return {"policy_version": policy_version, "total": chosen["total"], "rank": chosen["rank"],
            "candidates": candidates, "factors": chosen["factors"],
            "alternatives": [{"user_id": user_id, "name": name, "total": total}
                             for user_id, name, total in others[:ALTERNATIVES]]}


def rank(ctx, task):
    """The task's eligible people best first with their breakdown, and the others with their "why not?"."""
    need = demand(ctx, [task])
    refused, failures, values, totals = _scored(ctx, need, capacity=True, explain=True)
    order = candidate_order(totals, ~refused, need.load, ctx.user_ids)[0][:int((~refused[0]).sum())]
    candidates = [Scored(user_id=ctx.user_ids[column], name=ctx.names[column], total=round(float(totals[0, column]), 4),
                         rank=position, load=float(need.load[0, column]), factors=_breakdown(values, 0, column))
                  for position, column in enumerate(order.tolist(), start=1)]
    ineligible = sorted((Refused(ctx.user_ids[column], ctx.names[column], found)
                         for column, found in _why_not(ctx, failures).items()),
                        key=lambda entry: (entry.name.casefold(), entry.user_id))
    return Ranking(task_id=task.id, policy_version=ctx.policy.version, candidates=candidates, ineligible=ineligible,
                   notes=_notes(need))


def matrix(ctx, tasks):
    """(totals, eligible) arrays [task, person] for batch optimisation; capacity is left to the solver."""
    totals = np.zeros((len(tasks), len(ctx.user_ids)), dtype=float)
    eligible = np.zeros((len(tasks), len(ctx.user_ids)), dtype=bool)
    for first in range(0, len(tasks), CHUNK):
        need = demand(ctx, tasks[first:first + CHUNK])
        refused, _failures, _values, block = _scored(ctx, need, capacity=False)
        totals[first:first + len(need.tasks)] = block
        eligible[first:first + len(need.tasks)] = ~refused
    return totals, eligible


def explanation(ranking, user_id):
    """What an Assignment row stores for giving the ranked task to `user_id` (a candidate; LookupError otherwise)."""
    chosen = ranking.candidate(user_id)
    if chosen is None:
        raise LookupError(f"user {user_id} is not a candidate for task {ranking.task_id}")
    others = [(other.user_id, other.name, other.total) for other in ranking.candidates if other.user_id != user_id]
    return _stored(ranking.policy_version, {"total": chosen.total, "rank": chosen.rank, "factors": chosen.factors},
                   len(ranking.candidates), others)


def explanations(ctx, tasks, user_ids):
    """Per task, explanation(rank(ctx, task), user_id) for the user id at its position; None where a rule refuses.

    A batch's explanations come from one vectorised pass per CHUNK tasks, not a
    ranking per task: only the chosen person's breakdown becomes Python objects.
    """
    found = []
    for first in range(0, len(tasks), CHUNK):
        need = demand(ctx, tasks[first:first + CHUNK])
        refused, _failures, values, totals = _scored(ctx, need, capacity=True)
        eligible = ~refused
        columns = np.array([ctx.index.get(user_id, -1) for user_id in user_ids[first:first + len(need.tasks)]],
                           dtype=np.int64)
        order = candidate_order(totals, eligible, need.load, ctx.user_ids)
        ranks = (order == columns[:, None]).argmax(axis=1) + 1
        counts = eligible.sum(axis=1)
        for row, column in enumerate(columns.tolist()):
            if column < 0 or not eligible[row, column]:
                found.append(None)
                continue
            best = order[row, :min(int(counts[row]), ALTERNATIVES + 1)].tolist()
            others = [(ctx.user_ids[c], ctx.names[c], round(float(totals[row, c]), 4)) for c in best if c != column]
            chosen = {"total": round(float(totals[row, column]), 4), "rank": int(ranks[row]),
                      "factors": _breakdown(values, row, column)}
            found.append(_stored(ctx.policy.version, chosen, int(counts[row]), others))
    return found
