"""Leads as users may see and change them: every way in (pages, API, import, the web form) goes through here.

A lead belongs to a person, not a customer: it is seen through its owner in the
core's scopes (`work_owner_criterion`), and an unassigned lead is seen by those
who hand leads out (unit and all scopes). Its status moves new -> working ->
qualified -> converted; disqualified, with a reason, from any open status.
"""
from datetime import datetime

from flask import abort
from sqlalchemy import and_, or_, select, update

from crm_platform.sdk import User, db, keyset_page, lazy_gettext as _l, role_scope, work_owner_criterion

from plugins.sales_automation.leads.assignment import choose_owner
from plugins.sales_automation.models import Lead, Todo
from plugins.sales_automation.models.leads import OPEN_LEAD_STATUSES

LEAD_FIELDS = ("name", "company", "title", "email", "phone", "region", "source", "notes", "owner_id")
"""The fields a new lead takes from its creator (validated by the caller's schema)."""
SEARCHED = (Lead.name, Lead.company, Lead.email, Lead.phone)
# Which action moves a lead from which statuses (converting is conversion.py's).
MOVES = {"working": ("new",), "qualified": ("new", "working"), "disqualified": OPEN_LEAD_STATUSES}


class LeadError(ValueError):
    """A change the lead's rules refuse (a status move from the wrong status, an owner out of reach)."""


def lead_criterion(user):
    """The WHERE clause selecting the leads `user` may see: by owner in the core's scopes; unassigned for unit and all."""
    if role_scope(user) in ("unit", "all"):
        return or_(work_owner_criterion(user, Lead.owner_id), Lead.owner_id.is_(None))
    return work_owner_criterion(user, Lead.owner_id)


def create_lead(data, actor_id=None, fallback_owner_id=None):
    """A new lead from validated `data` (LEAD_FIELDS), added to the session and flushed, not committed.

    A lead with no owner is given one by the workspace's assignment rule
    (assignment.py), else `fallback_owner_id` (the creator on the pages and the
    API, the web form's default owner), else it stays unassigned.
    """
    lead = Lead(**{key: data.get(key) for key in LEAD_FIELDS}, status="new", created_by_id=actor_id)
    db.session.add(lead)
    db.session.flush()
    if lead.owner_id is None:
        lead.owner_id = choose_owner(lead) or fallback_owner_id
        db.session.flush()
    return lead


def lead_or_none(user, lead_id):
    """The lead if `user` may see it, else None."""
    return db.session.scalar(select(Lead).where(Lead.id == lead_id, lead_criterion(user)))


def lead_or_404(user, lead_id):
    """The lead if `user` may see it; otherwise the same 404 as a missing id."""
    lead = lead_or_none(user, lead_id)
    if lead is None:
        abort(404)
    return lead


def check_owner(user, owner_id):
    """Refuse (LeadError) an owner who is not an active user within `user`'s remit (their own scope).

    No owner (unassigned) is for those who see unassigned leads, so nobody loses sight of their own lead.
    """
    if owner_id is None:
        if role_scope(user) in ("unit", "all"):
            return
        raise LeadError(_l("Choose who owns the lead."))
    found = db.session.scalar(select(User.id).where(User.id == owner_id, User.active.is_(True),
                                                    work_owner_criterion(user, User.id)))
    if found is None:
        raise LeadError(_l("You may not give leads to this user."))


def lead_page(user, args):
    """A cursor page of the leads `user` may see, newest first, filtered by `args`; (leads, next_cursor)."""
    stmt = select(Lead).where(lead_criterion(user))
    for key in ("status", "owner_id", "source", "region"):
        if args.get(key) not in (None, ""):
            stmt = stmt.where(getattr(Lead, key) == args[key])
    if args.get("unassigned"):
        stmt = stmt.where(Lead.owner_id.is_(None))
    if args.get("q"):
        words = args["q"].split()
        stmt = stmt.where(and_(*(or_(*(column.ilike(f"%{word}%") for column in SEARCHED)) for word in words)))
    # Ids are random: creation time orders, the id breaks ties.
    return keyset_page(stmt, [Lead.created_at, Lead.id], True, args.get("cursor"), args.get("limit", 50),
                       types=[datetime, int])


def update_lead(user, lead, data):
    """Change a lead's fields from validated, partial `data` (not its status); not committed."""
    if lead.status == "converted":
        raise LeadError(_l("A converted lead cannot be changed."))
    if "owner_id" in data and data["owner_id"] != lead.owner_id:
        check_owner(user, data["owner_id"])
    for key in LEAD_FIELDS:
        if key in data:
            setattr(lead, key, data[key])
    return lead


def move_lead(lead, status, reason=None):
    """Start working on, qualify or disqualify (with a reason) a lead; not committed."""
    if lead.status not in MOVES[status]:
        raise LeadError(_l("A lead that is %(status)s cannot be moved there.", status=status_label(lead.status)))
    if status == "disqualified":
        if not (reason or "").strip():
            raise LeadError(_l("Say why the lead is disqualified."))
        lead.disqualify_reason = reason.strip()
    lead.status = status
    return lead


def delete_lead(lead):
    """Delete a lead; what a converted one became (customer, contact, opportunity, to-dos) stays; not committed."""
    # A converted lead's to-dos also live on its customer (todos.service.lead_converted). Unlinked first, they
    # survive the ON DELETE CASCADE of Todo.lead_id, which still takes the to-dos that were only on the lead.
    db.session.execute(update(Todo).where(Todo.lead_id == lead.id, Todo.customer_id.is_not(None)).values(lead_id=None),
                       execution_options={"synchronize_session": False})
    db.session.delete(lead)


STATUS_LABELS = {"new": _l("New"), "working": _l("Working"), "qualified": _l("Qualified"),
                 "disqualified": _l("Disqualified"), "converted": _l("Converted")}


def status_label(status):
    """The status as people read it."""
    return str(STATUS_LABELS.get(status, status))
