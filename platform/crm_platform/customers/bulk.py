"""Bulk actions on customers: reassign, tag, untag, share, change status or level, move to the pool.

A selection is either `ids` (rows picked on one page) or `filters` (every
customer of the list matching them). Up to `page_size` customers run at once;
more run as the `customer_bulk` job, which reports progress per chunk.

Each customer is re-checked with the visibility policy as the job reaches it:
only customers the user may still see in the list (pooled ones are not) and
may manage are touched, and those they may not are reported as skipped, never
changed. Every change goes through the ORM, so the audit recorder writes one
entry per customer; plugins hear of each change after its chunk is committed.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.customers.queries import count_customers, visible_customers
from crm_platform.customers.service import active_user, apply_customer_changes, may_assign_to
from crm_platform.extensions import db
from crm_platform.jobs.kinds import register_kind
from crm_platform.models import Customer, CustomerShare
from crm_platform.modules.events import emit
# The module, not its function: pool.service imports customers.service, so either may load first.
from crm_platform.pool import service as pool_service
from crm_platform.roles import has_permission, require_permission
from crm_platform.visibility import can_manage_customer

KIND = "customer_bulk"
ACTIONS = ("reassign", "add_tag", "remove_tag", "share", "status", "level", "to_pool")
# Actions that move or share customers need the reassign permission for customers the user does not own.
NEEDS_REASSIGN = ("reassign", "to_pool")
CHUNK = 100
SKIPPED_LISTED = 100  # the result names this many skipped customers; the count covers them all


def check_request(actor, action, value):
    """Refuse a bulk request that could change nothing for anyone (403 or a field error) before it runs."""
    if action in NEEDS_REASSIGN:
        require_permission(actor, "customers.reassign")
    if action == "reassign" and not may_assign_to(actor, active_user(value, "owner_id")):
        raise ValidationError({"owner_id": [_("You may not assign customers to this user.")]})
    if action == "share":
        active_user(value)


def selection(actor, params):
    """A SELECT of the customers a request names that `actor` may see in the list, by id."""
    stmt = visible_customers(actor, params.get("filters") or {})
    if params.get("ids") is not None:
        stmt = stmt.where(Customer.id.in_(params["ids"]))
    return stmt.order_by(Customer.id)


def selection_count(actor, params):
    """How many customers a request names: the ids given, or those matching its filters."""
    if params.get("ids") is not None:
        return len(set(params["ids"]))
    return count_customers(actor, params.get("filters") or {})


def _skip_reason(actor, customer, action):
    """Why `actor` may not apply `action` to `customer`, or None when they may."""
    if not can_manage_customer(actor, customer.id):
        return "not_managed"
    if action == "share" and customer.owner_id != actor.id and not has_permission(actor, "customers.reassign"):
        return "not_owner"
    return None


def _apply(actor, customer, action, value):
    """Apply one action to one customer in the session; returns the event to emit after commit, or None."""
    if action in ("reassign", "status", "level"):
        field = "owner_id" if action == "reassign" else action
        changes = apply_customer_changes(actor, customer, {field: value})
        return ("changes", changes) if changes else None
    if action in ("add_tag", "remove_tag"):
        tags = customer.tags + [value] if action == "add_tag" else [t for t in customer.tags if t != value]
        before = customer.tags
        customer.tags = tags
        return ("changes", {"tags": [before, customer.tags]}) if customer.tags != before else None
    if action == "share":
        exists = db.session.scalar(select(CustomerShare.id).where(CustomerShare.customer_id == customer.id,
                                                                  CustomerShare.user_id == value))
        if exists or customer.owner_id == value:
            return None
        db.session.add(CustomerShare(customer_id=customer.id, user_id=value))
        return ("shared", None)
    old_owner = pool_service.put_in_pool(customer, "manual", actor.id)
    return ("pooled", old_owner)


def _emit(customer, event):
    """Tell plugins what changed on `customer` (after the commit)."""
    kind, detail = event
    if kind == "changes":
        emit("crm_customer_updated", customer=customer, changes=detail)
        if "owner_id" in detail:
            emit("crm_customer_owner_changed", customer=customer, old_owner_id=detail["owner_id"][0],
                 new_owner_id=detail["owner_id"][1])
    elif kind == "pooled":
        emit("crm_customer_owner_changed", customer=customer, old_owner_id=detail, new_owner_id=None)


def run_bulk(actor, params, progress=None):
    """Apply `params` ({action, value, ids or filters}) to the selection, chunk by chunk; returns a summary.

    `progress(done, total)` commits each chunk (the job's); without it each chunk is committed here.
    """
    action, value = params["action"], params.get("value")
    check_request(actor, action, value)
    total = selection_count(actor, params)
    summary = {"action": action, "selected": total, "changed": 0, "unchanged": 0, "skipped": 0, "skipped_ids": []}
    if progress:
        progress(0, total)
    last_id, done = 0, 0
    while True:
        chunk = db.session.scalars(selection(actor, params).where(Customer.id > last_id).limit(CHUNK)).all()
        if not chunk:
            break
        events = []
        for customer in chunk:
            reason = _skip_reason(actor, customer, action)
            if reason:
                summary["skipped"] += 1
                if len(summary["skipped_ids"]) < SKIPPED_LISTED:
                    summary["skipped_ids"].append({"id": customer.id, "reason": reason})
                continue
            event = _apply(actor, customer, action, value)
            summary["changed" if event else "unchanged"] += 1
            if event:
                events.append((customer, event))
        last_id, done = chunk[-1].id, done + len(chunk)
        if progress:
            progress(done, max(total, done))
        else:
            db.session.commit()
        for customer, event in events:
            _emit(customer, event)
    # Ids asked for that the user may not see (or that do not exist) are skipped without saying which is which.
    if params.get("ids") is not None:
        unseen = total - done
        summary["skipped"] += unseen
    return summary


def bulk_job(ctx):
    """The customer_bulk job: run the bulk action as its user, with progress per chunk."""
    if ctx.user is None:
        raise Forbidden("a bulk action needs a user")
    return run_bulk(ctx.user, ctx.params, ctx.progress)


register_kind(KIND, bulk_job, _l("Bulk change of customers"), timeout=3600, idempotent=True)
