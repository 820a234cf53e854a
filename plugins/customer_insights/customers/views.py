"""Pages of the customers feature, under /insights/customers: the customers the user may see, with their figures."""
from flask import render_template, request

from crm_platform.sdk import current_user, list_page, page_login_required, query_input

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.customers.queries import customers_page, figures
from plugins.customer_insights.customers.schemas import InsightsCustomersQuerySchema
from plugins.customer_insights.labels import class_choices, layer_choices, segment_choices
from plugins.customer_insights.settings import settings

bp = page_blueprint("customers", __name__)

FILTERS = ("abc_class", "segment", "layer", "sort", "limit")


@bp.route("/")
@page_login_required
def index():
    """Customers with their class, segment, layer, revenue, lifetime value and churn risk; filters, sort, pages."""
    raw = query_input(request.args, FILTERS + ("cursor",))
    rows, next_cursor, problem = list_page(InsightsCustomersQuerySchema(), raw,
                                           lambda args: customers_page(current_user, args))
    page = render_template(
        "customer_insights/customers/index.html", rows=[figures(customer, score) for customer, score in rows],
        next_cursor=next_cursor, problem=problem, on_later_page="cursor" in raw,
        filters={key: value for key, value in raw.items() if key != "cursor"},
        choices={"abc_class": class_choices(), "segment": segment_choices(settings()), "layer": layer_choices()})
    return page, 400 if problem else 200
