"""Scoring: who may take a task (hard rules) and how well each of them fits (soft factors), with explanations.

No routes. The other features use it through `engine`:

    ctx = build_context()                   # the policy in force, the people, their loads: loaded once
    ranking = rank(ctx, task)               # candidates best first, each with total and per-factor breakdown,
                                            # and for everyone else the hard rules they fail ("why not?")
    totals, eligible = matrix(ctx, tasks)   # arrays [task, person] for batch optimisation (ctx.user_ids)
    explanation(ranking, user_id)           # what an Assignment row stores
    explanations(ctx, tasks, user_ids)      # the same for a whole batch, from one vectorised pass

context.py loads the people in a few set-based queries; demand.py turns a block
of tasks into arrays; duty.py counts working time in a task's window. Built-in
rules are in rules.py, built-in factors in factors.py, each documented with its
formula in docs/dispatch.md; plugins add theirs through the hooks
`task_dispatch_factors` and `task_dispatch_rules` (extensions.py).
"""
