"""The payments pages under /sales/payments: recording and deleting payments, receivables, reminders done.

Forms on other pages (the contract's page, Today) post here with a `next`
path to return to; only a path on this site is followed.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import (
    current_user, field_errors, format_money, gettext as _, local_next, page_login_required, workspace_today,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.payments import ageing, collection, queries, service
from plugins.sales_automation.payments.labels import ageing_labels, group_labels, method_labels
from plugins.sales_automation.payments.schemas import (
    SalesAsOfQuerySchema, SalesPaymentInputSchema, SalesPaymentQuerySchema, SalesReceivablesQuerySchema,
)

bp = page_blueprint("payments", __name__)

PAYMENT_FIELDS = ("amount", "received_on", "method", "reference")
RECEIVABLE_FILTERS = ("group", "as_of", "customer_id", "owner_id", "unit_id")
PAYMENT_FILTERS = ("contract_id", "customer_id", "method", "received_from", "received_to", "limit", "cursor")


def safe_next(fallback):
    """The form's `next` when it is a path on this site (no open redirect); `fallback` otherwise."""
    return local_next(request.values.get("next"), fallback)


@bp.route("/contracts/<int:contract_id>/instalments/<int:instalment_id>/payments", methods=["GET", "POST"])
@page_login_required
def record(contract_id, instalment_id):
    """Record a payment against an instalment (its own page, or the form on the contract's page)."""
    contract, instalment = queries.instalment_or_404(current_user, contract_id, instalment_id)
    back = safe_next(url_for(".contract", contract_id=contract.id))
    values, errors = {"received_on": workspace_today().isoformat(), "method": "bank_transfer"}, {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in PAYMENT_FIELDS}
        try:
            data = SalesPaymentInputSchema().load({name: value for name, value in values.items() if value.strip()})
            payment = service.record_payment(current_user, contract, instalment, data)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("Payment of %(amount)s recorded on %(number)s.", number=contract.number,
                    amount=format_money(payment.amount, contract.currency)), "success")
            return redirect(back)
    page = render_template("sales_automation/payments/record.html", contract=contract, instalment=instalment,
                           values=values, errors=errors, next=back, methods=method_labels(), today=workspace_today(),
                           may_record=service.may_record(current_user, contract))
    return page, 422 if errors else 200


@bp.route("/")
@page_login_required
def index():
    """The payments received on contracts the user may see, latest first, filtered by method and days."""
    raw = {key: request.args[key].strip() for key in PAYMENT_FILTERS if request.args.get(key, "").strip()}
    items, next_cursor, problem = [], None, None
    try:
        items, next_cursor = queries.payment_page(current_user, SalesPaymentQuerySchema().load(raw))
    except ValidationError:
        problem = _("Some filters are not valid.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template("sales_automation/payments/index.html", payments=items, next_cursor=next_cursor,
                           problem=problem, filters={key: value for key, value in raw.items() if key != "cursor"},
                           on_later_page="cursor" in raw, methods=method_labels(),
                           numbers=queries.contract_numbers({payment.contract_id for payment in items}),
                           may_delete=service.may_delete(current_user))
    return page, 400 if problem else 200


@bp.route("/<int:payment_id>/delete", methods=["POST"])
@page_login_required
def delete(payment_id):
    """Delete a mistaken payment (`sales.payments`); the instalment and contract are recomputed."""
    payment = queries.payment_or_404(current_user, payment_id)
    back = safe_next(url_for(".index"))
    service.delete_payment(current_user, payment)
    flash(_("Payment deleted; the instalment was recomputed."), "success")
    return redirect(back)


@bp.route("/receivables")
@page_login_required
def receivables():
    """The receivables ageing of the contracts the user may see, per customer, owner, unit or contract."""
    raw = {key: request.args[key].strip() for key in RECEIVABLE_FILTERS if request.args.get(key, "").strip()}
    try:
        args = SalesReceivablesQuerySchema().load(raw)
    except ValidationError:
        args, problem = SalesReceivablesQuerySchema().load({}), _("Some filters are not valid.")
    else:
        problem = None
    as_of = args["as_of"] or workspace_today()
    view = ageing.ageing(current_user, as_of, args["group"], args)
    groups, labels = group_labels(), ageing_labels()
    headers = [groups[view["group"]], _("Currency"), *((labels[bucket], "num") for bucket in view["buckets"]),
               (_("Total"), "num")]
    page = render_template("sales_automation/payments/receivables.html", view=view, filters=raw, problem=problem,
                           headers=headers, groups=groups)
    return page, 400 if problem else 200


@bp.route("/receivables/contracts/<int:contract_id>")
@page_login_required
def contract(contract_id):
    """One contract's instalments by ageing bucket, with its payments and the forms to record more."""
    found = queries.contract_or_404(current_user, contract_id)
    raw = {"as_of": request.args["as_of"].strip()} if request.args.get("as_of", "").strip() else {}
    try:
        as_of, problem = SalesAsOfQuerySchema().load(raw)["as_of"], None
    except ValidationError:
        as_of, problem = None, _("Some filters are not valid.")
    as_of = as_of or workspace_today()
    page = render_template("sales_automation/payments/contract.html", contract=found, as_of=as_of, problem=problem,
                           rows=ageing.contract_ageing(found, as_of), labels=ageing_labels(),
                           instalments=queries.instalments_of(found.id))
    return page, 400 if problem else 200


@bp.route("/reminders/<int:reminder_id>/done", methods=["POST"])
@page_login_required
def reminder_done(reminder_id):
    """Mark one of the user's collection reminders done."""
    collection.mark_done(collection.reminder_or_404(current_user, reminder_id))
    flash(_("Collection reminder done."), "success")
    return redirect(safe_next(url_for("reminders.today")))



@bp.app_template_global("sales_payments_for")
def payments_for(contract):
    """What the contract page's payments partial needs: who may do what, the payments per instalment, labels."""
    return {"may_record": service.may_record(current_user, contract), "may_delete": service.may_delete(current_user),
            "payments": queries.payments_by_instalment(contract.id), "methods": method_labels(),
            "today": workspace_today()}
