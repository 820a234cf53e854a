"""The built-in hard rules: who may take a task at all (docs/dispatch.md, Hard rules).

Each rule looks at a block of tasks' Demand over all the context's people at
once and returns its failures as [(mask, detail)]: `mask` [task, person] is
True where it refuses, `detail()` the translated "why not?" of the block's
first task (a ranking's only task; made only when someone asks).
"""
from datetime import date

import numpy as np

from crm_platform.sdk import format_date, format_datetime, gettext as _, lazy_gettext as _l

from plugins.task_dispatch.scoring.demand import NO_REGION


def _skill_name(ctx, key):
    """A skill's catalogue name (its key when the catalogue has none)."""
    return ctx.catalogue_names.get(("skill", key), key)


def _skills(ctx, demand):
    """Each required skill held at or above its minimum level."""
    return [(demand.skill_held[None, :, column] < demand.skill_need[:, column, None],
             lambda key=key, column=column: _("“%(skill)s” below level %(level)s", skill=_skill_name(ctx, key),
                                              level=int(demand.skill_need[0, column])))
            for column, key in enumerate(demand.skill_keys)]


def _certification(ctx, demand):
    """A certified skill counts only with a certification for it still valid on the due date (or today)."""
    return [((demand.skill_need[:, column, None] > 0)
             & (ctx.certificates[key][None, :] < demand.certificate_day[:, None]),
             lambda key=key: _("no valid certification for “%(skill)s” on %(day)s", skill=_skill_name(ctx, key),
                               day=format_date(date.fromordinal(int(demand.certificate_day[0])))))
            for column, key in enumerate(demand.skill_keys) if key in ctx.certified]


def _resources(ctx, demand):
    """Each required resource held."""
    return [(demand.resource_need[:, column, None] & ~demand.resource_held[None, :, column],
             lambda key=key: _("does not hold “%(resource)s”",
                               resource=ctx.catalogue_names.get(("resource", key), key)))
            for column, key in enumerate(demand.resource_keys)]


def _on_duty(ctx, demand):
    """Some working time in the task's window: workspace hours, holidays, company days, less the person's time off."""
    return [(demand.duty <= 0, lambda: _("no working time between %(start)s and %(end)s",
                                         start=format_datetime(demand.windows[0].start, "short"),
                                         end=format_datetime(demand.windows[0].end, "short")))]


def _capacity(ctx, demand):
    """Capacity left (capacity less the open load) covers the task's effort."""
    return [(ctx.capacity[None, :] - demand.load < demand.effort[:, None], lambda: _(
        "not enough capacity left for %(effort)s points", effort=int(demand.effort[0])))]


def _region(ctx, demand):
    """With region_mode "strict", the home region is the task's region (when the task has one)."""
    if ctx.policy.parameter("region_mode") != "strict" or not (demand.regions != NO_REGION).any():
        return []
    return [((demand.regions[:, None] != NO_REGION) & (ctx.region_of[None, :] != demand.regions[:, None]),
             lambda: _("home region is not %(region)s", region=demand.tasks[0].region.strip()))]


def _excluded(ctx, demand):
    """Not excluded from the task's customer's work."""
    rows = [(row, ctx.excluded[customer]) for row, customer in enumerate(demand.customers) if customer in ctx.excluded]
    if not rows:
        return []
    mask = np.zeros((len(demand.tasks), len(ctx.user_ids)), dtype=bool)
    for row, columns in rows:
        mask[row, list(columns)] = True
    return [(mask, lambda: _("excluded from this customer's work"))]


def _takes_tasks(ctx, demand):
    """Everyone in the context takes tasks and is active; the rule refuses only people outside it (Ranking.reasons)."""
    return []


BUILTIN_RULES = {
    "takes_tasks": (_l("Takes tasks"), _l("The person has a profile that takes tasks and is an active user.")),
    "skills": (_l("Required skills"), _l("Each required skill is held at or above its minimum level.")),
    "certification": (_l("Certification"),
                      _l("A skill the catalogue marks certified counts only with a certification for it that is "
                         "still valid on the task's due date (today when it has none).")),
    "resources": (_l("Required resources"), _l("Each required resource (vehicle, tool, licence) is held.")),
    "on_duty": (_l("On duty"), _l("The person has working time in the task's window: the workspace's working hours, "
                                  "public holidays and make-up working days, company days off, less their time off.")),
    "capacity": (_l("Capacity"), _l("Capacity left (capacity less the effort of open tasks held) covers the task's "
                                    "effort.")),
    "region": (_l("Region"), _l("With the strict region mode, the person's home region is the task's region.")),
    "excluded": (_l("Not excluded"), _l("The task's customer has not excluded the person.")),
}
"""key -> (label, description) of every built-in hard rule."""

CHECKS = {"takes_tasks": _takes_tasks, "skills": _skills, "certification": _certification, "resources": _resources,
          "on_duty": _on_duty, "capacity": _capacity, "region": _region, "excluded": _excluded}
"""key -> check(ctx, demand) -> [(refused mask [task, person], detail())] of every built-in hard rule."""


def reason(key, label, detail):
    """A "why not?" entry naming the rule: {"rule": key, "text": "<rule>: <detail>"}."""
    return {"rule": key, "text": _("%(rule)s: %(detail)s", rule=label, detail=detail) if detail else str(label)}
