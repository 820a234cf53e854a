"""What the overview feature adds to the module's hooks: the "Customer value" menu entry and the dashboard widget."""
from flask import render_template

from crm_platform.sdk import DashboardWidget, Markup, MenuItem, lazy_gettext as _l

from plugins.customer_insights.layers import layer_label
from plugins.customer_insights.overview.queries import layer_counts
from plugins.customer_insights.visible import LAYERS_TOP_DOWN

# The rules and runs pages are reached from the insights page (a crowded menu has no room for them): same entry.
PAGES = ("insights_overview.index", "insights_customers.index", "insights_rules.index", "insights_runs.index")


def menu_items(user):
    """"Customer value" (the insights page) for everyone: each sees the figures of the customers they may see."""
    return [MenuItem(_l("Customer value"), "insights_overview.index", pages=PAGES)]


def dashboard_widgets(user):
    """"Customer value" on the dashboard: the viewer's pyramid in small, and the class A customers about to leave."""
    def render():
        counts = layer_counts(user)
        layers = [(layer, layer_label(layer), counts.get(layer, (0, 0))[0]) for layer in LAYERS_TOP_DOWN]
        html = render_template("customer_insights/overview/_widget.html", layers=layers,
                               customers=sum(count for count, _class_a in counts.values()),
                               class_a_leaving=counts.get("leaving", (0, 0))[1])
        return Markup(html)
    return [DashboardWidget("insights.pyramid", _l("Customer value"), render,
                            description=_l("Your customers on the loyalty pyramid, and the class A customers on "
                                           "the edge of leaving."))]
