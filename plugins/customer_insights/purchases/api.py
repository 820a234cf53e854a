"""API of the purchases feature, under /api/v1/insights/: purchase history and customers' external numbers.

Visibility and permissions come from the same functions as the pages
(service.py, queries.py, numbers.py): a purchase of a customer the caller may
not see answers the same 404 as a missing one.
"""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, lazy_gettext as _l, visible_customer_or_404

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.permissions import RECORD
from plugins.customer_insights.purchases import numbers, queries, service
from plugins.customer_insights.purchases.schemas import (
    InsightsCustomerNumberInputSchema, InsightsCustomerNumberSchema, InsightsPurchaseInputSchema,
    InsightsPurchasePageSchema, InsightsPurchaseQuerySchema, InsightsPurchaseSchema,
)

blp = api_blueprint("purchases", __name__, _l("Customer insights: purchases"))


@blp.route("/insights/purchases")
class Purchases(MethodView):
    """The purchases of customers the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(InsightsPurchaseQuerySchema, location="query")
    @blp.response(200, InsightsPurchasePageSchema)
    def get(self, args):
        """List purchases, latest day first, filtered by customer and days (`from`, `to`)."""
        items, next_cursor = queries.purchase_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @api_permission_required(RECORD)
    @blp.arguments(InsightsPurchaseInputSchema)
    @blp.response(201, InsightsPurchaseSchema)
    def post(self, data):
        """Record a purchase of a customer the caller may see (`insights.record`)."""
        return service.add_purchase(current_user, data)


@blp.route("/insights/purchases/<int:purchase_id>")
class PurchaseItem(MethodView):
    """One purchase, if the caller may see its customer."""

    decorators = [api_login_required]

    @blp.response(200, InsightsPurchaseSchema)
    def get(self, purchase_id):
        """Read a purchase."""
        return service.purchase_or_404(current_user, purchase_id)

    @blp.response(204)
    def delete(self, purchase_id):
        """Delete a purchase recorded by hand or imported (`insights.record`); a payment's is 409."""
        service.delete_purchase(current_user, service.purchase_or_404(current_user, purchase_id))


@blp.route("/insights/customers/<int:customer_id>/number")
class CustomerNumberItem(MethodView):
    """A visible customer's number in another system, by which imported purchases find it."""

    decorators = [api_login_required]

    @blp.response(200, InsightsCustomerNumberSchema)
    def get(self, customer_id):
        """Read the customer's external number (null when it has none)."""
        customer = visible_customer_or_404(current_user, customer_id)
        return {"customer_id": customer.id, "number": numbers.number_of(customer.id)}

    @blp.arguments(InsightsCustomerNumberInputSchema)
    @blp.response(200, InsightsCustomerNumberSchema)
    def put(self, data, customer_id):
        """Set the number (who may manage the customer); 409 when another customer holds it."""
        customer = visible_customer_or_404(current_user, customer_id)
        return {"customer_id": customer.id, "number": numbers.set_number(current_user, customer, data["number"])}

    @blp.response(204)
    def delete(self, customer_id):
        """Remove the number (who may manage the customer); removing none is no error."""
        numbers.remove_number(current_user, visible_customer_or_404(current_user, customer_id))
