"""How the customers the viewer may see moved between the pyramid's layers from one month's snapshot to another's.

A snapshot holds each customer's layer as of a month's last day. The table
counts, for every customer in the second month's snapshot, the pair (layer in
the first, layer in the second); customers the first snapshot does not hold
(not yet customers then) form a row of their own. By default the last two
snapshots are compared.
"""
from marshmallow import ValidationError

from crm_platform.sdk import gettext as _

from plugins.customer_insights.layers import layer_label
from plugins.customer_insights.overview.queries import snapshot_months, transition_counts
from plugins.customer_insights.visible import LAYERS_TOP_DOWN

ABSENT = "absent"
"""The key of the row of customers the first month's snapshot does not hold."""


def month_text(month):
    """A month as the API and the picker write it: 2026-03."""
    return month.strftime("%Y-%m")


def months_to_compare(months, first=None, second=None):
    """(first, second): the months asked for, or the last two snapshots; a ValidationError on `from`/`to` otherwise.

    `months` are the snapshot months, newest first. Given one month only, the
    other is the snapshot next to it (the one before `to`, the one after `from`).
    """
    for name, month in (("from", first), ("to", second)):
        if month is not None and month not in months:
            raise ValidationError({name: [_("There is no snapshot of %(month)s.", month=month_text(month))]})
    if first is None and second is None:
        return (months[1], months[0]) if len(months) > 1 else (None, None)
    if first is None:
        earlier = [month for month in months if month < second]
        if not earlier:
            raise ValidationError({"to": [_("There is no snapshot before %(month)s.", month=month_text(second))]})
        return earlier[0], second
    if second is None:
        later = [month for month in months if month > first]
        if not later:
            raise ValidationError({"from": [_("There is no snapshot after %(month)s.", month=month_text(first))]})
        return first, later[-1]
    if first >= second:
        raise ValidationError({"from": [_("Choose a first month before the second.")]})
    return first, second


def transitions(user, first=None, second=None):
    """The from-layer × to-layer counts of the customers `user` may see between two snapshots, and the chart."""
    months = snapshot_months()
    first, second = months_to_compare(months, first, second)
    counts = transition_counts(user, first, second) if second else {}
    sources = list(LAYERS_TOP_DOWN) + ([None] if any(old is None for old, _new in counts) else [])
    rows = []
    for source in sources:
        moved = {layer: counts.get((source, layer), 0) for layer in LAYERS_TOP_DOWN}
        rows.append({"from_layer": source or ABSENT,
                     "label": str(layer_label(source)) if source else _("Not in the first month"),
                     "counts": moved, "customers": sum(moved.values())})
    chart = {"categories": [row["label"] for row in rows], "keys": [row["from_layer"] for row in rows],
             "series": [{"key": layer, "name": str(layer_label(layer)),
                         "data": [row["counts"][layer] for row in rows]} for layer in LAYERS_TOP_DOWN]}
    stayed = sum(count for (old, new), count in counts.items() if old == new)
    entered = sum(count for (old, _new), count in counts.items() if old is None)
    return {"months": [month_text(month) for month in months],
            "from": month_text(first) if first else None, "to": month_text(second) if second else None,
            "customers": sum(counts.values()), "stayed": stayed, "entered": entered,
            "moved": sum(counts.values()) - stayed - entered, "rows": rows, "chart": chart}
