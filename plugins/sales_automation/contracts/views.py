"""The contract pages under /sales/contracts: the list, a contract with its plan, and its form.

Visibility and the plan's rules come from service.py and instalments.py, as for
the API; these views turn them into pages. Every form posts with the CSRF token.
"""
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import or_

from crm_platform.sdk import (
    Customer, User, current_user, db, gettext as _, page_login_required, visible_customer_or_404,
    work_owner_criterion,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.customer_records import may_manage
from plugins.sales_automation.contracts import service
from plugins.sales_automation.contracts.instalments import instalments_of
from plugins.sales_automation.contracts.labels import STATUS_LABELS
from plugins.sales_automation.contracts.plan import PlanError
from plugins.sales_automation.contracts.schemas import (
    SalesContractQuerySchema, SalesContractSchema, SalesContractUpdateSchema,
)
from plugins.sales_automation.quotes.forms import (
    attempt, customer_choices, form_values, list_page, schema_input, user_choices,
)

bp = page_blueprint("contracts", __name__)

HEADER_INPUTS = ("title", "owner_id", "amount", "currency", "signed_on", "start_date", "end_date", "status", "notes")
SOURCES = ("opportunity_id", "quote_id", "customer_id")
FILTERS = ("status", "owner_id", "customer_id", "signed_from", "signed_to", "limit", "cursor")
BLANK_ROWS = 3


@bp.app_template_global("sales_contracts_of_opportunity")
def contracts_of_opportunity(opportunity_id):
    """The contracts made from an opportunity that the signed-in user may see (for the opportunity page)."""
    from plugins.sales_automation.models import Contract

    return service.contracts_where(current_user, Contract.opportunity_id, opportunity_id)


@bp.app_template_global("sales_contract_status")
def contract_status(status):
    """The words for a contract's status."""
    return STATUS_LABELS[status]


@bp.route("/")
@page_login_required
def index():
    """The contracts the user may see, newest first, filtered by status, owner, customer and signing period."""
    users = user_choices()
    return list_page("sales_automation/contracts/index.html", SalesContractQuerySchema(),
                     lambda args: service.contract_page(current_user, args), FILTERS,
                     lambda rows: {"status_labels": STATUS_LABELS, "users": users, "owner_names": dict(users)})


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """A new contract: from a won opportunity or an accepted quote given in the query, or for a customer."""
    sources = {key: int(request.args[key]) for key in SOURCES if request.args.get(key, "").isdigit()}
    errors = {}
    try:
        prefilled = service.from_sources(current_user, sources)
    except PlanError as error:
        flash(str(error), "error")
        return redirect(url_for(".index"))
    values = {key: prefilled.get(key) for key in HEADER_INPUTS if prefilled.get(key) is not None}
    values.setdefault("owner_id", current_user.id)
    rows = []
    if request.method == "POST":
        values, rows, data = _posted(editing=False)
        data.update(sources)
        if not sources and request.form.get("customer_id", "").strip():
            data["customer_id"] = values["customer_id"] = request.form["customer_id"].strip()
        contract, errors = attempt(lambda: service.new_contract(current_user, SalesContractSchema().load(data)),
                                   PlanError, "instalments")
        if not errors:
            db.session.commit()
            flash(_("Contract %(number)s made.", number=contract.number), "success")
            return redirect(url_for(".detail", contract_id=contract.id))
    customer = None
    if set(sources) == {"customer_id"}:
        customer = visible_customer_or_404(current_user, sources["customer_id"])
    elif prefilled.get("customer_id"):
        customer = db.session.get(Customer, prefilled["customer_id"])
    return _form(None, values, rows, errors, customer=customer, sources=sources,
                 owners={prefilled.get("owner_id"), current_user.id})


@bp.route("/<int:contract_id>")
@page_login_required
def detail(contract_id):
    """A contract: its terms, its payment plan and (from the payments feature) what was received."""
    contract = service.contract_or_404(current_user, contract_id)
    return render_template("sales_automation/contracts/detail.html", contract=contract,
                           instalments=instalments_of(contract), can_manage=may_manage(current_user, contract),
                           customer=db.session.get(Customer, contract.customer_id),
                           owner=db.session.get(User, contract.owner_id), status_labels=STATUS_LABELS)


@bp.route("/<int:contract_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(contract_id):
    """Change a contract and its payment plan (instalments with payments stay as they are)."""
    contract = service.contract_or_404(current_user, contract_id)
    service.require_manage(current_user, contract)
    values = {key: getattr(contract, key) for key in HEADER_INPUTS}
    rows = [{"id": i.id, "due_date": i.due_date, "amount": i.amount, "note": i.note, "paid": i.paid}
            for i in instalments_of(contract)]
    errors = {}
    if request.method == "POST":
        values, rows, data = _posted()
        _contract, errors = attempt(
            lambda: service.update_contract(current_user, contract, SalesContractUpdateSchema().load(data)),
            PlanError, "instalments")
        if not errors:
            db.session.commit()
            flash(_("Contract saved."), "success")
            return redirect(url_for(".detail", contract_id=contract.id))
        paid = {i.id: i.paid for i in instalments_of(contract)}
        rows = [{**row, "paid": paid.get(_int(row.get("id")), 0)} for row in rows]
    return _form(contract, values, rows, errors, customer=db.session.get(Customer, contract.customer_id),
                 owners={contract.owner_id})


def _posted(editing=True):
    """The form's (values, plan rows, data for the schema): header, instalment rows and the split helper.

    A new contract with no rows and no split gets the default plan (the whole amount on the start date).
    """
    values = form_values(request.form, HEADER_INPUTS)
    columns = [request.form.getlist(f"instalment_{name}") for name in ("id", "due_date", "amount", "note")]
    rows = [dict(zip(("id", "due_date", "amount", "note"), (cell.strip() for cell in row)))
            for row in zip(*columns)]
    rows = [row for row in rows if row["due_date"] or row["amount"] or row["id"]]
    data = schema_input(values, nullable=("signed_on", "end_date", "notes"))
    split = {key: request.form.get(f"split_{key}", "").strip() for key in ("count", "every_months", "first_due")}
    if split["count"]:
        data["split"] = {key: value for key, value in split.items() if value}
        values.update({f"split_{key}": value for key, value in split.items()})
    elif rows or editing:
        data["instalments"] = [{key: value for key, value in row.items() if value} for row in rows]
    return values, rows, data


def _form(contract, values, rows, errors, customer=None, sources=None, owners=()):
    """The contract form page (new or edit), with at least BLANK_ROWS empty plan rows.

    The owner is chosen among the users within reach (service.check_owner) and `owners`
    (the current one, the source's); a new contract's customer among those the user manages.
    """
    blanks = [{}] * (BLANK_ROWS if not rows else 1)
    reach = or_(work_owner_criterion(current_user, User.id), User.id.in_({owner for owner in owners if owner}))
    page = render_template("sales_automation/contracts/form.html", contract=contract, values=values,
                           rows=list(rows) + blanks, errors=errors, customer=customer, sources=sources or {},
                           status_labels=STATUS_LABELS, users=user_choices(reach),
                           customers=[] if customer else customer_choices(current_user, manage=True))
    return page, 422 if errors else 200


def _int(value):
    """`value` as an int, or None."""
    return int(value) if str(value or "").isdigit() else None
