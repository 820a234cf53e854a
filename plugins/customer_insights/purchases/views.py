"""Pages of the purchases feature, under /insights/purchases: the purchase list, adding and deleting a purchase,
and a customer's external number (the forms of the customer page's panel post here and come back)."""
from flask import abort, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import (
    current_user, db, field_errors, format_money, gettext as _, has_permission, list_page, local_next,
    page_login_required, query_input, require_permission, visible_customer_or_404, workspace_currency,
    workspace_today,
)

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.permissions import RECORD
from plugins.customer_insights.purchases import numbers, queries, service
from plugins.customer_insights.purchases.labels import source_labels
from plugins.customer_insights.purchases.import_kind import PurchaseImport
from plugins.customer_insights.purchases.schemas import (
    InsightsCustomerNumberInputSchema, InsightsPurchaseInputSchema, InsightsPurchaseQuerySchema,
)

bp = page_blueprint("purchases", __name__)

FILTERS = ("customer_id", "from", "to", "limit", "cursor")
PURCHASE_FIELDS = ("purchased_on", "amount", "currency", "quantity", "product", "order_number")


def back_to(customer_id, anchor="insights-purchases"):
    """The form's `next` when it is a path on this site, else the customer's page at the panel."""
    return local_next(request.values.get("next"), url_for("customers.detail", customer_id=customer_id,
                                                          _anchor=anchor))


@bp.route("/")
@page_login_required
def index():
    """The purchases of the customers the user may see, latest first, filtered by customer and days."""
    raw = query_input(request.args, FILTERS)
    items, next_cursor, problem = list_page(InsightsPurchaseQuerySchema(), raw,
                                            lambda args: queries.purchase_page(current_user, args))
    customer = queries.visible_customer(current_user, raw.get("customer_id"))
    page = render_template("customer_insights/purchases/index.html", purchases=items, next_cursor=next_cursor,
                           problem=problem, filters={key: value for key, value in raw.items() if key != "cursor"},
                           on_later_page="cursor" in raw, customer=customer,
                           names=queries.customer_names({purchase.customer_id for purchase in items}),
                           may_record=has_permission(current_user, RECORD), import_kind=PurchaseImport.key,
                           sources=source_labels())
    return page, 400 if problem else 200


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Record a purchase of a customer the user may see (`insights.record`); the panel's form posts here."""
    customer_id = queries.customer_id_of(request.values.get("customer_id"))
    if customer_id is None:
        abort(404)
    customer = visible_customer_or_404(current_user, customer_id)
    require_permission(current_user, RECORD)
    back = back_to(customer.id)
    values, errors = {"purchased_on": workspace_today().isoformat(), "currency": workspace_currency()}, {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in PURCHASE_FIELDS}
        try:
            data = InsightsPurchaseInputSchema().load({**values, "customer_id": customer.id})
            purchase = service.add_purchase(current_user, data)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("Purchase of %(amount)s recorded for %(name)s.", name=customer.name,
                    amount=format_money(purchase.amount, purchase.currency)), "success")
            return redirect(back)
    page = render_template("customer_insights/purchases/new.html", customer=customer, values=values, errors=errors,
                           next=back, today=workspace_today())
    return page, 422 if errors else 200


@bp.route("/<int:purchase_id>/delete", methods=["POST"])
@page_login_required
def delete(purchase_id):
    """Delete a purchase recorded by hand or imported (`insights.record`); a payment's stays (deleted in sales)."""
    purchase = service.purchase_or_404(current_user, purchase_id)
    back = local_next(request.values.get("next"), url_for(".index", customer_id=purchase.customer_id))
    try:
        service.delete_purchase(current_user, purchase)
    except Conflict as err:
        flash(err.description, "error")
    else:
        flash(_("Purchase deleted."), "success")
    return redirect(back)


@bp.route("/customers/<int:customer_id>/number", methods=["POST"])
@page_login_required
def set_number(customer_id):
    """Set the customer's external number (who may manage the customer); a clash is said, nothing changes."""
    customer = visible_customer_or_404(current_user, customer_id)
    try:
        data = InsightsCustomerNumberInputSchema().load({"number": request.form.get("number", "")})
        number = numbers.set_number(current_user, customer, data["number"])
    except ValidationError as err:
        flash(" ".join(field_errors(err).values()), "error")
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
    else:
        flash(_("Customer number set to %(number)s.", number=number), "success")
    return redirect(back_to(customer.id))


@bp.route("/customers/<int:customer_id>/number/delete", methods=["POST"])
@page_login_required
def remove_number(customer_id):
    """Remove the customer's external number (who may manage the customer)."""
    customer = visible_customer_or_404(current_user, customer_id)
    numbers.remove_number(current_user, customer)
    flash(_("Customer number removed."), "success")
    return redirect(back_to(customer.id))
