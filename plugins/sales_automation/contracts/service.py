"""Contracts as users may see and change them: shared by the API, the pages, the hooks, payments and the demo.

A contract is visible through its customer or to its owner, made by whoever may
manage its customer or owns the opportunity or quote it comes from, and changed
by its owner or whoever may manage its customer. Its plan always adds up to its
amount, and its status follows the plan (contracts/status.py).
Functions here flush; the caller commits.
"""
from datetime import datetime

from marshmallow import ValidationError
from sqlalchemy import or_, select, update
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    User, can_manage_customer, db, document_number, gettext as _, keyset_page, visible_customer_or_404,
    work_owner_criterion, workspace_currency, workspace_today,
)

from plugins.sales_automation import customer_records as records
from plugins.sales_automation.contracts.instalments import (
    has_payments, instalments_of, replace_plan, resplit, split_rows,
)
from plugins.sales_automation.contracts.plan import PlanError
from plugins.sales_automation.contracts.status import settle_status
from plugins.sales_automation.customer_records import record_criterion, record_or_404
from plugins.sales_automation.models import Contract
from plugins.sales_automation.pipelines.service import opportunity_or_404
from plugins.sales_automation.quotes.service import quote_or_404
from plugins.sales_automation.settings import settings

FIELDS = ("title", "customer_id", "owner_id", "opportunity_id", "quote_id", "amount", "currency", "signed_on",
          "start_date", "end_date", "status", "notes")
EDITABLE = ("title", "owner_id", "amount", "currency", "signed_on", "start_date", "end_date", "status", "notes")


def contract_criterion(user):
    """The WHERE clause selecting the contracts `user` may see: through the customer, or as the owner."""
    return record_criterion(user, Contract)


def contract_or_404(user, contract_id):
    """The contract if `user` may see it; otherwise the same 404 as a missing id."""
    return record_or_404(user, Contract, contract_id)


def require_manage(user, contract):
    """Refuse with 403 unless `user` may change `contract`."""
    records.require_manage(user, contract,
                           _("Only the contract's owner or whoever manages its customer may change it."))


def contract_page(user, args):
    """A cursor page of the contracts `user` may see, newest first, filtered; (contracts, next_cursor)."""
    stmt = select(Contract).where(contract_criterion(user))
    for key in ("status", "owner_id", "customer_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Contract, key) == args[key])
    if args.get("signed_from"):
        stmt = stmt.where(Contract.signed_on >= args["signed_from"])
    if args.get("signed_to"):
        stmt = stmt.where(Contract.signed_on <= args["signed_to"])
    return keyset_page(stmt, [Contract.created_at, Contract.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])


def contracts_where(user, column, value, limit=None):
    """The contracts `user` may see with `column` == `value` (a customer's, an opportunity's), newest first."""
    return db.session.scalars(select(Contract).where(column == value, contract_criterion(user))
                              .order_by(Contract.created_at.desc(), Contract.id.desc()).limit(limit)).all()


def from_sources(user, data):
    """`data` with what a won opportunity or an accepted quote gives filled in where missing; refuses others."""
    return _from_sources(user, data)[0]


def _from_sources(user, data):
    """(`data` filled in from its sources, the sources seen [quote and/or opportunity]); refuses unfit sources."""
    filled, sources = dict(data), []
    if data.get("quote_id") is not None:
        quote = quote_or_404(user, data["quote_id"])
        if quote.status != "accepted":
            raise PlanError(_("Only an accepted quote makes a contract."))
        sources.append(quote)
        if filled.get("opportunity_id") is None:
            filled["opportunity_id"] = quote.opportunity_id
        for key, value in (("customer_id", quote.customer_id), ("title", quote.title), ("amount", quote.total),
                           ("currency", quote.currency), ("owner_id", quote.owner_id)):
            filled.setdefault(key, value)
        if filled["customer_id"] != quote.customer_id:
            raise ValidationError({"quote_id": [_("The quote is another customer's.")]})
    if filled.get("opportunity_id") is not None:
        opportunity = opportunity_or_404(user, filled["opportunity_id"])
        # An accepted quote is enough on its own; a contract straight from an opportunity needs it won.
        if data.get("quote_id") is None and opportunity.status != "won":
            raise PlanError(_("Only a won opportunity makes a contract."))
        sources.append(opportunity)
        for key, value in (("customer_id", opportunity.customer_id), ("title", opportunity.name),
                           ("amount", opportunity.amount), ("currency", opportunity.currency),
                           ("owner_id", opportunity.owner_id)):
            filled.setdefault(key, value)
        if filled["customer_id"] != opportunity.customer_id:
            raise ValidationError({"opportunity_id": [_("The opportunity is another customer's.")]})
    return filled, sources


def new_contract(user, data):
    """A contract (flushed) made by `user` from validated `data`, from its sources or for a customer.

    Making one needs the right to manage the customer (a share only lets one
    look), or owning the opportunity or quote it comes from; its owner is someone
    within the user's reach (see `check_owner`) or the owner of that source.
    """
    data, sources = _from_sources(user, data)
    missing = {key: [_("Missing data for required field.")] for key in ("customer_id", "title", "amount")
               if data.get(key) is None}
    if missing:
        raise ValidationError(missing)
    if data["amount"] <= 0:
        # A won opportunity (or a quote) may carry no amount; the contract's must be given then.
        raise ValidationError({"amount": [_("A contract's amount must be more than 0: give the amount agreed.")]})
    if not sources:
        visible_customer_or_404(user, data["customer_id"])
        if not can_manage_customer(user, data["customer_id"]):
            raise ValidationError({"customer_id": [_("Choose a customer you manage: a shared customer's contracts "
                                                     "are made by whoever manages it.")]})
    elif not (can_manage_customer(user, data["customer_id"])
              or any(source.owner_id == user.id for source in sources)):
        raise Forbidden(_("Only the owner of the opportunity or quote, or whoever manages its customer, may make a "
                          "contract from it."))
    data.setdefault("owner_id", user.id)
    check_owner(user, data["owner_id"], also={source.owner_id for source in sources})
    return create_contract(data)


def create_contract(data):
    """A new numbered contract (flushed, not committed) with its plan, from checked `data`; raises PlanError.

    `data` holds customer_id, owner_id, title and amount (a Decimal), and may hold
    currency, signed_on, start_date, end_date, status, notes, opportunity_id, quote_id,
    and the plan: `instalments` ([{due_date, amount, note?}]) or `split`
    ({count, every_months, first_due?}); without either, one instalment of the
    whole amount on the start date. This is the call for the demo and for tests
    of other features; pages and the API go through `new_contract`.
    """
    values = {key: data.get(key) for key in FIELDS}
    values["currency"] = values["currency"] or workspace_currency()
    values["status"] = values["status"] or "active"
    values["start_date"] = values["start_date"] or values["signed_on"] or workspace_today()
    if values["end_date"] and values["end_date"] < values["start_date"]:
        raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
    contract = Contract(number=document_number("contract", settings()["contract_prefix"]), **values)
    db.session.add(contract)
    db.session.flush()
    replace_plan(contract, plan_rows(contract, data))
    return contract


def plan_rows(contract, data):
    """The plan rows `data` asks for: its instalments, its split, or the whole amount on the start date."""
    if data.get("instalments") is not None:
        return data["instalments"]
    if data.get("split") is not None:
        return split_rows(contract, data["split"])
    return [{"due_date": contract.start_date, "amount": contract.amount}]


def update_contract(user, contract, data):
    """Change a contract (and its plan when `instalments` or `split` is given); the plan must still add up.

    The currency stays once a payment is recorded, a new owner must be within the
    user's reach, and the status follows the plan as payments make it (`settle_status`).
    """
    require_manage(user, contract)
    if data.get("owner_id") is not None and data["owner_id"] != contract.owner_id:
        check_owner(user, data["owner_id"])
    if data.get("currency") is not None and data["currency"] != contract.currency and has_payments(contract):
        raise ValidationError({"currency": [_("Payments are recorded in %(currency)s on this contract: its currency "
                                              "cannot change.", currency=contract.currency)]})
    for key in EDITABLE:
        if key in data and (data[key] is not None or key in ("signed_on", "end_date", "notes")):
            setattr(contract, key, data[key])
    if contract.end_date and contract.end_date < contract.start_date:
        raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
    db.session.flush()
    if data.get("split") is not None:
        resplit(contract, data["split"])
    elif data.get("instalments") is not None:
        replace_plan(contract, data["instalments"])
    else:
        replace_plan(contract, [{"id": i.id, "due_date": i.due_date, "amount": i.amount, "note": i.note}
                                for i in instalments_of(contract)])
    settle_status(contract)
    return contract


def check_owner(user, owner_id, also=()):
    """Refuse (422) an owner who is not an active user within `user`'s reach, nor one of `also`.

    As for opportunities: a rep only themselves, a manager their unit subtree's
    users, an all-scope role anyone; `also` are the sources' owners a contract may follow.
    """
    reach = work_owner_criterion(user, User.id)
    if also:
        reach = or_(reach, User.id.in_(also))
    if db.session.scalar(select(User.id).where(User.id == owner_id, User.active.is_(True), reach)) is None:
        raise ValidationError({"owner_id": [_("Choose yourself or an active user you manage.")]})


def customers_merged(kept, merged_id):
    """Give the duplicate customer's contracts to the customer kept (in the merge's transaction)."""
    db.session.execute(update(Contract).where(Contract.customer_id == merged_id).values(customer_id=kept.id),
                       execution_options={"synchronize_session": False})
