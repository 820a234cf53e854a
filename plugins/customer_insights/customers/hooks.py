"""What the customers feature adds to the module's hooks: the panel on the customer page, the core list's filters."""
from flask import render_template
from sqlalchemy import select

from crm_platform.sdk import Customer, CustomerFilter, Markup, Panel, lazy_gettext as _l

from plugins.customer_insights.customers.queries import figures, score_of
from plugins.customer_insights.labels import class_choices, layer_choices, segment_choices
from plugins.customer_insights.models.scores import Score
from plugins.customer_insights.overview.queries import last_run
from plugins.customer_insights.settings import settings
from plugins.customer_insights.visible import RUNS_PAGE, page_url, runs_page_url


def models_left_out():
    """Whether the latest computation could not fit the lifetime value models (the runs page says why)."""
    run = last_run()
    return bool(run and ((run.models or {}).get("left_out") or {}).get("clv"))


def customer_panels(customer, user):
    """"Customer value": the customer's class, RFM, layer and its strategy, CLV, churn risk, CDI, last purchase."""
    rules = settings()
    shown = figures(customer, score_of(customer.id), rules)
    html = render_template("customer_insights/customers/_panel.html", figures=shown, clv_months=rules["clv_months"],
                           runs_url=runs_page_url(user), no_models=shown["clv"] is None and models_left_out(),
                           computations_url=page_url(RUNS_PAGE))
    return [Panel(_l("Customer value"), Markup(html))]


def _scored(column):
    """The criterion "the customer's figures have `column` == value", for the core list's filters."""
    return lambda value: Customer.id.in_(select(Score.customer_id).where(column == value))


def customer_filters(user):
    """The core customer list's filters by ABC class, RFM segment and loyalty layer (keys insights_…)."""
    return [CustomerFilter("insights_class", _l("Value class"), class_choices, _scored(Score.abc_class)),
            CustomerFilter("insights_segment", _l("RFM segment"), lambda: segment_choices(settings()),
                           _scored(Score.segment)),
            CustomerFilter("insights_layer", _l("Loyalty layer"), layer_choices, _scored(Score.layer))]
