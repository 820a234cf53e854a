"""The scoring entry points: a context loaded once, one task's ranking, a batch's matrix, an assignment's explanation.

CONTRACT (owned by the scoring helper; other features code against these signatures):

- build_context(policy=None, now=None) -> Context
    The policy in force (or `policy`, for previews), the people who take tasks
    (profiles with takes_tasks of active users), each one's open load (effort of
    their open tasks), effort assigned in the fairness window, continuity history,
    customer preferences and exclusions, time off and the workspace calendar.
    Context.user_ids: the people, in the order of the matrix columns.
    Context.policy: the Policy (policy/service.py).
- rank(ctx, task) -> Ranking
    Ranking.candidates: [Scored] best first: Scored.user_id, .name, .total (0..1),
      .rank (1-based), .factors {key: {"value": 0..1, "weight": w}}.
    Ranking.ineligible: [Refused] Refused.user_id, .name, .reasons [{"rule": key, "text": str}].
    Ranking.policy_version.
- matrix(ctx, tasks) -> (totals float ndarray [len(tasks), len(ctx.user_ids)], eligible bool ndarray same shape)
    Capacity is NOT folded into `eligible` here (the batch solver spends capacity
    itself); every other hard rule is.
- explanation(ranking, user_id) -> dict with keys policy_version, total, rank, candidates,
    factors, alternatives (the best 3 others [{"user_id", "name", "total"}]), for an Assignment row.
"""
