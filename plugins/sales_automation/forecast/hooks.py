"""What the forecast feature adds through the module's hooks (plugin.py gathers these functions)."""
from flask import render_template

from crm_platform.sdk import DashboardWidget, Markup, MenuItem, lazy_gettext as _l, workspace_today

from plugins.sales_automation.forecast.labels import basis_label
from plugins.sales_automation.forecast.service import forecast
from plugins.sales_automation.quotas.service import month_start


def menu_items(user):
    """Forecast: the weighted pipeline the user may see, rolled up their part of the org tree."""
    return [MenuItem(_l("Forecast"), "sales_forecast.index",
                     pages=("sales_forecast.adjust_user", "sales_forecast.adjust_unit", "sales_quotas.index"))]


def render_forecast_widget(user):
    """The widget's HTML: this month's weighted and commit figures against the quota of the user's remit."""
    month = month_start(workspace_today())
    view = forecast(user, month, month)
    html = render_template("sales_automation/forecast/_widget.html", total=view["totals"][0], month=month,
                           basis=basis_label(view["basis"]))
    return Markup(html)


def dashboard_widgets(user):
    """Forecast against quota: this month's weighted and commit figures and the attainment of the user's remit."""
    return [DashboardWidget("sales.forecast", _l("Forecast against quota"), lambda: render_forecast_widget(user),
                            description=_l("This month's weighted pipeline and commit against the quota of the "
                                           "people you see, and how much of it is achieved."))]
