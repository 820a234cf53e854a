"""The overview's answer: the pyramid, the classes and the segments of the customers the viewer may see.

One function gives what the API answers and the page shows, charts and tables
alike (docs/plugins.md, Charts), so a chart and the table beside it cannot disagree.
"""
from decimal import ROUND_HALF_UP, Decimal

from crm_platform.sdk import gettext as _, workspace_currency

from plugins.customer_insights.engine.segments import OTHER, segment_label
from plugins.customer_insights.labels import class_label, segment_names
from plugins.customer_insights.layers import layer_label, strategy
from plugins.customer_insights.models.scores import ABC_CLASSES
from plugins.customer_insights.overview.queries import class_figures, last_run, layer_counts, segment_counts
from plugins.customer_insights.settings import settings
from plugins.customer_insights.visible import LAYERS_TOP_DOWN

ZERO = Decimal("0.00")


def percent(part, whole):
    """`part` of `whole` in percent with one decimal (half up), None when `whole` is nothing."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def run_summary():
    """When the figures were computed: {as_of, computed_at} of the latest finished run, or None before the first."""
    run = last_run()
    return {"as_of": run.as_of, "computed_at": run.finished_at} if run else None


def pyramid(user, rules):
    """The layers from the top down: customers, share of the viewer's customers, class A among them, strategy."""
    counts = layer_counts(user)
    total = sum(count for count, _class_a in counts.values())
    layers = []
    for layer in LAYERS_TOP_DOWN:
        count, class_a = counts.get(layer, (0, 0))
        layers.append({"layer": layer, "label": str(layer_label(layer)), "customers": count,
                       "share": percent(count, total), "class_a": class_a, "strategy": str(strategy(layer, rules))})
    chart = {"categories": [row["label"] for row in layers], "keys": list(LAYERS_TOP_DOWN),
             "series": [{"key": "customers", "name": _("Customers"), "data": [row["customers"] for row in layers]}]}
    return {"customers": total, "layers": layers, "chart": chart}


def classes(user):
    """Classes A, B and C: customers and revenue, each a share of the viewer's; those without a class counted apart."""
    found = class_figures(user)
    customers = sum(count for count, _revenue in found.values())
    revenue = sum((amount or ZERO for _count, amount in found.values()), ZERO)
    rows = []
    for name in ABC_CLASSES:
        count, amount = found.get(name, (0, ZERO))
        rows.append({"abc_class": name, "label": str(class_label(name)), "customers": count,
                     "customer_share": percent(count, customers), "revenue": amount or ZERO,
                     "revenue_share": percent(amount or ZERO, revenue)})
    chart = {"categories": [row["label"] for row in rows], "keys": list(ABC_CLASSES), "series": [
        {"key": "customers", "name": _("Customers"), "data": [row["customers"] for row in rows]},
        {"key": "revenue_share", "name": _("Share of revenue (%)"), "axis": 1,
         "data": [row["revenue_share"] for row in rows]}]}
    return {"classes": rows, "unclassified": found.get(None, (0, ZERO))[0], "revenue": revenue, "chart": chart}


def segments(user, rules):
    """Customers per RFM segment, in the order of the workspace's rules (then any a rule change left behind)."""
    counts = segment_counts(user)
    names = [name for name in segment_names(rules) if name != OTHER or counts.get(name)]
    names += sorted(name for name in counts if name not in names)
    rows = [{"segment": name, "label": str(segment_label(name)), "customers": counts.get(name, 0)} for name in names]
    chart = {"categories": [row["label"] for row in rows], "keys": names,
             "series": [{"key": "customers", "name": _("Customers"), "data": [row["customers"] for row in rows]}]}
    return {"segments": rows, "chart": chart}


def overview(user):
    """Everything the overview shows of the customers `user` may see, from the latest computation."""
    rules = settings()
    shown = pyramid(user, rules)
    leaving = next(row for row in shown["layers"] if row["layer"] == "leaving")
    return {"run": run_summary(), "currency": workspace_currency(), "customers": shown["customers"],
            "pyramid": shown, "classes": classes(user), "segments": segments(user, rules),
            "class_a_leaving": leaving["class_a"]}
