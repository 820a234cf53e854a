"""The board's answers, shared by its pages and API: workload, fairness and the load chart of a chosen unit."""
from marshmallow import ValidationError

from crm_platform.sdk import gettext as _, lazy_gettext as _l

from plugins.task_dispatch.board.workload import fairness_window, gini_of, unit_choices, unit_workload, workload


def chosen_unit(user, args):
    """The unit id of loaded query `args` when `user` may see it (None for none); else a field error (422)."""
    unit_id = args.get("unit_id")
    if unit_id is not None and unit_id not in {choice[0] for choice in unit_choices(user)}:
        # Missing, another workspace's and out of reach read the same.
        raise ValidationError({"unit_id": [str(_l("Choose one of your org units."))]})
    return unit_id


def workload_figures(user, unit_id=None):
    """{"window_days", "people", "units"}: PersonLoad and UnitLoad rows `user` may see, in `unit_id`'s subtree."""
    days = fairness_window()
    people = workload(user, unit_id, days=days)
    return {"window_days": days, "people": people, "units": unit_workload(user, people, within=unit_id)}


def fairness_figures(figures):
    """{"window_days", "people", "gini", "per_unit": [{unit_id, name, people, gini}]} of `workload_figures`.

    Units without people who take tasks have no fairness to speak of and are left out.
    """
    per_unit = [{"unit_id": unit.unit_id, "name": unit.name, "people": unit.people, "gini": unit.gini}
                for unit in figures["units"] if unit.people]
    return {"window_days": figures["window_days"], "people": len(figures["people"]),
            "gini": gini_of(figures["people"]), "per_unit": per_unit}


def load_chart(figures, group):
    """The ChartSchema of load against capacity, a bar per person (`group` "person") or per unit with people."""
    rows = figures["people"] if group == "person" else [unit for unit in figures["units"] if unit.people]
    keys = [row.user_id if group == "person" else row.unit_id for row in rows]
    return {
        "categories": [row.name for row in rows],
        "keys": keys,
        "series": [
            _series("capacity", _("Capacity (points)"), [row.capacity for row in rows]),
            _series("open_effort", _("Open effort (points)"), [row.open_effort for row in rows]),
            _series("assigned_effort", _("Assigned in the window (points)"), [row.assigned_effort for row in rows]),
            _series("load", _("Load (open / capacity)"), [row.load for row in rows], table_only=True),
        ],
    }


def _series(key, name, data, table_only=False):
    """One ChartSchema series."""
    return {"key": key, "name": name, "data": data, "stack": None, "axis": 0, "table_only": table_only}
