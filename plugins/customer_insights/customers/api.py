"""API of the customers feature, under /api/v1/insights/: customers with their figures, within the caller's sight."""
from crm_platform.sdk import api_login_required, current_user, lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.customers.queries import customers_page, figures, visible_figures
from plugins.customer_insights.customers.schemas import (
    InsightsCustomerDetailSchema, InsightsCustomerPageSchema, InsightsCustomersQuerySchema,
)
from plugins.customer_insights.settings import settings

blp = api_blueprint("customers", __name__, _l("Customer insights: customers"))


@blp.route("/insights/customers")
@api_login_required
@blp.arguments(InsightsCustomersQuerySchema, location="query")
@blp.response(200, InsightsCustomerPageSchema)
def list_customers(args):
    """Customers the caller may see with their figures: filters abc_class, segment, layer; sort by clv, revenue, cdi."""
    rows, next_cursor = customers_page(current_user, args)
    return {"items": [figures(customer, score) for customer, score in rows], "next_cursor": next_cursor}


@blp.route("/insights/customers/<int:customer_id>")
@api_login_required
@blp.response(200, InsightsCustomerDetailSchema)
def get_customer(customer_id):
    """One customer's figures and its layer's strategy; 404 when the caller may not see it."""
    return visible_figures(current_user, customer_id, settings())
