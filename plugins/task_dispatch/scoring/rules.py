"""The built-in hard rules: who may take a task at all (docs/dispatch.md, Hard rules).

Each rule looks at a task's Demand over all the context's people at once and
returns its failures as [(mask, detail)]: `mask` is True for the people it
refuses, `detail()` the translated "why not?" (made only when someone asks).
"""
from datetime import date

import numpy as np

from crm_platform.sdk import format_date, format_datetime, gettext as _, lazy_gettext as _l


def _skills(ctx, demand):
    """Each required skill held at or above its minimum level."""
    return [(levels < minimum, lambda key=key, minimum=minimum: _(
        "“%(skill)s” below level %(level)s", skill=ctx.catalogue_names.get(("skill", key), key), level=minimum))
        for key, minimum, levels in demand.skills]


def _certification(ctx, demand):
    """A certified skill counts only with a certification for it still valid on the due date (or today)."""
    failures = []
    for key, _minimum, _levels in demand.skills:
        if key in ctx.certified:
            expiries = ctx.certificates[key]
            failures.append((expiries < demand.certificate_day, lambda key=key: _(
                "no valid certification for “%(skill)s” on %(day)s",
                skill=ctx.catalogue_names.get(("skill", key), key),
                day=format_date(date.fromordinal(demand.certificate_day)))))
    return failures


def _resources(ctx, demand):
    """Each required resource held."""
    return [(~held, lambda key=key: _("does not hold “%(resource)s”",
                                      resource=ctx.catalogue_names.get(("resource", key), key)))
            for key, held in demand.resources]


def _on_duty(ctx, demand):
    """Some working time in the task's window: workspace hours, holidays, company days, less the person's time off."""
    return [(demand.duty <= 0, lambda: _("no working time between %(start)s and %(end)s",
                                         start=format_datetime(demand.window.start, "short"),
                                         end=format_datetime(demand.window.end, "short")))]


def _capacity(ctx, demand):
    """Capacity left (capacity less the open load) covers the task's effort."""
    return [(ctx.capacity - demand.load < demand.effort, lambda: _(
        "not enough capacity left for %(effort)s points", effort=int(demand.effort)))]


def _region(ctx, demand):
    """With region_mode "strict", the home region is the task's region (when the task has one)."""
    region = (demand.task.region or "").strip()
    if ctx.policy.parameter("region_mode") != "strict" or not region:
        return []
    return [(np.array([held != region for held in ctx.regions], dtype=bool),
             lambda: _("home region is not %(region)s", region=region))]


def _excluded(ctx, demand):
    """Not excluded from the task's customer's work."""
    columns = ctx.excluded.get(demand.task.customer_id)
    if not columns:
        return []
    mask = np.zeros(len(ctx.user_ids), dtype=bool)
    mask[list(columns)] = True
    return [(mask, lambda: _("excluded from this customer's work"))]


def _takes_tasks(ctx, demand):
    """Everyone in the context takes tasks and is active; the rule refuses only people outside it (why_not)."""
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
"""key -> check(ctx, demand) -> [(refused mask, detail())] of every built-in hard rule."""


def reason(key, label, detail):
    """A "why not?" entry naming the rule: {"rule": key, "text": "<rule>: <detail>"}."""
    return {"rule": key, "text": _("%(rule)s: %(detail)s", rule=label, detail=detail) if detail else str(label)}
