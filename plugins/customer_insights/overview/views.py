"""Pages of the overview feature, under /insights/overview: the insights page.

It renders what the overview API answers (the same functions), so each chart,
which fetches that API, and the table beside it show the same numbers.
"""
from flask import render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, field_errors, page_login_required, query_input

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.customers.queries import customers_page, figures
from plugins.customer_insights.overview.figures import overview
from plugins.customer_insights.overview.pareto import pareto
from plugins.customer_insights.overview.schemas import InsightsTransitionsQuerySchema
from plugins.customer_insights.overview.transitions import transitions
from plugins.customer_insights.visible import RULES_PAGE, RUNS_PAGE, page_url, runs_page_url

bp = page_blueprint("overview", __name__)

ACT_ON_ROWS = 10
"""The page lists this many of the customers to act on, largest revenue first; a link leads to all of them."""
ACT_ON = {"abc_class": "A", "layer": "leaving"}
"""The customers to act on: class A customers on the edge of leaving."""


def moves_asked():
    """The transitions between the months the query string asks for, and its field errors ({} when it is fine)."""
    raw = query_input(request.args, ("from", "to"))
    try:
        args = InsightsTransitionsQuerySchema().load(raw)
        return transitions(current_user, args.get("first"), args.get("second")), {}, raw
    except ValidationError as err:
        return transitions(current_user), field_errors(err), raw


@bp.route("/")
@page_login_required
def index():
    """The insights page: the pyramid, classes, Pareto curve, segments, transitions and the customers to act on."""
    moves, errors, raw = moves_asked()
    found = overview(current_user)
    act_on, _cursor = customers_page(current_user, {**ACT_ON, "sort": "-revenue", "limit": ACT_ON_ROWS})
    picked = {key: value for key, value in (("from", moves["from"]), ("to", moves["to"])) if value}
    page = render_template(
        "customer_insights/overview/index.html", found=found, curve=pareto(current_user), moves=moves,
        act_on=[figures(customer, score) for customer, score in act_on], act_on_filters=ACT_ON,
        overview_url=url_for("insights_overview_api.get_overview"),
        pareto_url=url_for("insights_overview_api.get_pareto"),
        transitions_url=url_for("insights_overview_api.get_transitions", **picked),
        month_options=[(month, month) for month in moves["months"]], errors=errors,
        months={**picked, **{key: raw[key] for key in raw if key in errors}}, runs_url=runs_page_url(current_user),
        how_made={"rules": page_url(RULES_PAGE), "runs": page_url(RUNS_PAGE)})
    return page, 400 if errors else 200
