"""The payments API under /api/v1/sales/ (documented in the OpenAPI document).

Payments against instalments, the receivables ageing, a customer's balance and
the caller's collection reminders. Visibility and permissions come from the
same functions as the pages (queries.py, service.py).
"""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user, visible_customer_or_404, workspace_today

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.payments import ageing, collection, queries, service
from plugins.sales_automation.payments.schemas import (
    SalesAsOfQuerySchema, SalesBalanceSchema, SalesCollectionReminderPageSchema, SalesCollectionReminderQuerySchema,
    SalesContractReceivablesSchema, SalesPaymentInputSchema, SalesPaymentPageSchema, SalesPaymentQuerySchema,
    SalesPaymentSchema, SalesReceivablesQuerySchema, SalesReceivablesSchema,
)

blp = api_blueprint("payments", __name__, "Sales automation: payments, receivables and collection reminders")


@blp.route("/sales/contracts/<int:contract_id>/instalments/<int:instalment_id>/payments")
class InstalmentPayments(MethodView):
    """Payments received against one instalment of a contract the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesPaymentInputSchema)
    @blp.response(201, SalesPaymentSchema)
    def post(self, data, contract_id, instalment_id):
        """Record a payment (the contract's owner, or `sales.payments`); 422 names what is outstanding."""
        contract, instalment = queries.instalment_or_404(current_user, contract_id, instalment_id)
        return service.record_payment(current_user, contract, instalment, data)


@blp.route("/sales/payments")
class Payments(MethodView):
    """The payments on contracts the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesPaymentQuerySchema, location="query")
    @blp.response(200, SalesPaymentPageSchema)
    def get(self, args):
        """List payments, latest received first, filtered by contract, instalment, customer, method or days."""
        items, next_cursor = queries.payment_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/sales/payments/<int:payment_id>")
class PaymentItem(MethodView):
    """One payment, if the caller may see its contract."""

    decorators = [api_login_required]

    @blp.response(200, SalesPaymentSchema)
    def get(self, payment_id):
        """Read a payment."""
        return queries.payment_or_404(current_user, payment_id)

    @blp.response(204)
    def delete(self, payment_id):
        """Delete a mistaken payment (`sales.payments`); its instalment and contract are recomputed."""
        service.delete_payment(current_user, queries.payment_or_404(current_user, payment_id))


@blp.route("/sales/receivables")
class Receivables(MethodView):
    """The receivables ageing of the contracts the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesReceivablesQuerySchema, location="query")
    @blp.response(200, SalesReceivablesSchema)
    def get(self, args):
        """Outstanding amounts per bucket (not due, 1–30, 31–60, 61–90, over 90 days), per group and currency."""
        return ageing.ageing(current_user, args["as_of"] or workspace_today(), args["group"], args)


@blp.route("/sales/receivables/contracts/<int:contract_id>")
class ContractReceivables(MethodView):
    """One contract's instalments, aged."""

    decorators = [api_login_required]

    @blp.arguments(SalesAsOfQuerySchema, location="query")
    @blp.response(200, SalesContractReceivablesSchema)
    def get(self, args, contract_id):
        """Every instalment with what is outstanding, its days overdue and its bucket as of a day."""
        contract = queries.contract_or_404(current_user, contract_id)
        as_of = args["as_of"] or workspace_today()
        return {"contract_id": contract.id, "number": contract.number, "currency": contract.currency,
                "as_of": as_of, "instalments": ageing.contract_ageing(contract, as_of)}


@blp.route("/sales/customers/<int:customer_id>/balance")
class CustomerBalance(MethodView):
    """A visible customer's outstanding balance."""

    decorators = [api_login_required]

    @blp.response(200, SalesBalanceSchema(many=True))
    def get(self, customer_id):
        """What the customer owes on the contracts the caller may see, per currency, and how much is overdue."""
        customer = visible_customer_or_404(current_user, customer_id)
        return ageing.customer_balance(current_user, customer.id, workspace_today())


@blp.route("/sales/collection-reminders")
class CollectionReminders(MethodView):
    """The caller's open collection reminders."""

    decorators = [api_login_required]

    @blp.arguments(SalesCollectionReminderQuerySchema, location="query")
    @blp.response(200, SalesCollectionReminderPageSchema)
    def get(self, args):
        """Open reminders to collect instalments due soon or overdue, most overdue first."""
        items, next_cursor = collection.reminder_page(current_user, workspace_today(), args)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/sales/collection-reminders/<int:reminder_id>/done")
class CollectionReminderDone(MethodView):
    """Close one of the caller's collection reminders."""

    decorators = [api_login_required]

    @blp.response(204)
    def post(self, reminder_id):
        """Mark the reminder done; it leaves the Today page."""
        collection.mark_done(collection.reminder_or_404(current_user, reminder_id))
