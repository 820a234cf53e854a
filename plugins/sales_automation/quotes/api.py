"""The quotes API under /api/v1/sales/quotes: quotes, their lines, versions and status (documented in OpenAPI).

A change to a sent quote answers the new version (a new id, the same number).
"""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user, db, visible_customer_or_404

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.quotes import service
from plugins.sales_automation.quotes.schemas import (
    SalesQuoteLineSchema, SalesQuotePageSchema, SalesQuoteQuerySchema, SalesQuoteSchema, SalesQuoteUpdateSchema,
)

blp = api_blueprint("quotes", __name__, "Sales automation: quotes with lines, totals, versions and status")


def committed(quote):
    """Commit and answer the quote with its lines and versions."""
    db.session.commit()
    return service.with_details(quote)


@blp.route("/sales/quotes")
class Quotes(MethodView):
    """The quotes the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesQuoteQuerySchema, location="query")
    @blp.response(200, SalesQuotePageSchema)
    def get(self, args):
        """List the latest versions, newest first (lines only on one quote's own answer)."""
        items, next_cursor = service.quote_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(SalesQuoteSchema)
    @blp.response(201, SalesQuoteSchema)
    def post(self, data):
        """Make a draft quote for a customer the caller may see; the caller owns it."""
        customer = visible_customer_or_404(current_user, data["customer_id"])
        return committed(service.create_quote(current_user, customer, data))


@blp.route("/sales/quotes/<int:quote_id>")
class QuoteItem(MethodView):
    """One version of a quote."""

    decorators = [api_login_required]

    @blp.response(200, SalesQuoteSchema)
    def get(self, quote_id):
        """Read a quote with its lines and every version of its number."""
        return service.with_details(service.quote_or_404(current_user, quote_id))

    @blp.arguments(SalesQuoteUpdateSchema(partial=True))
    @blp.response(200, SalesQuoteSchema)
    def patch(self, data, quote_id):
        """Change the header, or replace the lines with `lines`; a sent quote answers its new version."""
        return committed(service.update_quote(current_user, service.quote_or_404(current_user, quote_id), data))


@blp.route("/sales/quotes/<int:quote_id>/lines")
class QuoteLines(MethodView):
    """The lines of a quote."""

    decorators = [api_login_required]

    @blp.arguments(SalesQuoteLineSchema)
    @blp.response(201, SalesQuoteSchema)
    def post(self, data, quote_id):
        """Add a line (at the end, or at `position`); answers the quote (its new version if it was sent)."""
        version, _line = service.add_line(current_user, service.quote_or_404(current_user, quote_id), data)
        return committed(version)


@blp.route("/sales/quotes/<int:quote_id>/lines/<int:line_id>")
class QuoteLineItem(MethodView):
    """One line of a quote."""

    decorators = [api_login_required]

    @blp.arguments(SalesQuoteLineSchema(partial=True))
    @blp.response(200, SalesQuoteSchema)
    def patch(self, data, quote_id, line_id):
        """Change a line, or move it with `position`; answers the quote."""
        quote = service.quote_or_404(current_user, quote_id)
        version, _line = service.update_line(current_user, quote, service.line_or_404(quote, line_id), data)
        return committed(version)

    @blp.response(200, SalesQuoteSchema)
    def delete(self, quote_id, line_id):
        """Remove a line; answers the quote."""
        quote = service.quote_or_404(current_user, quote_id)
        return committed(service.remove_line(current_user, quote, service.line_or_404(quote, line_id)))


def status_route(change, doc):
    """POST /sales/quotes/<id>/<change>: send, accept or reject the latest version."""

    def view(quote_id):
        return committed(service.change_status(current_user, service.quote_or_404(current_user, quote_id), change))

    view.__name__, view.__doc__ = f"{change}_quote", doc
    blp.route(f"/sales/quotes/<int:quote_id>/{change}", methods=["POST"], endpoint=f"{change}_quote")(
        blp.response(200, SalesQuoteSchema)(api_login_required(view)))


status_route("send", "Send a draft to the customer: from now on a change makes a new version.")
status_route("accept", "Record that the customer accepted the latest version of a sent quote.")
status_route("reject", "Record that the customer rejected the latest version of a sent quote.")
