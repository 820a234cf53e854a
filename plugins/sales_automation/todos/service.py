"""To-dos as a user may see and change them: shared by the API, the pages, the panels and the Today section.

A to-do is linked to exactly one lead, opportunity or customer (an opportunity's
also stores its customer). Its assignee always sees it; anyone else sees it
through the linked record: the customer's visibility, the opportunity's, or the
lead's. It is changed by its assignee or creator, or by whoever may change the
record it hangs on.
"""
from datetime import date

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import or_, select, update
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    User, can_manage_customer, can_see_customer, customer_record_criterion, db, gettext as _, keyset_page,
    log_customer_activity, utcnow, visible_customer_or_404,
)

from plugins.sales_automation.leads.service import lead_criterion, lead_or_none
from plugins.sales_automation.models import Lead, Opportunity, Todo
from plugins.sales_automation.pipelines.service import opportunity_criterion

LINKS = ("lead_id", "opportunity_id", "customer_id")
"""The records a to-do may hang on; exactly one is given when it is made."""
EDITABLE = ("title", "notes", "due_date", "assignee_id")


def todo_criterion(user):
    """The WHERE clause selecting the to-dos `user` may see: assigned to them, or through the linked record."""
    return or_(customer_record_criterion(user, Todo.customer_id, Todo.assignee_id),
               Todo.opportunity_id.in_(select(Opportunity.id).where(opportunity_criterion(user))),
               Todo.lead_id.in_(select(Lead.id).where(lead_criterion(user))))


def todo_or_404(user, todo_id):
    """The to-do if `user` may see it; otherwise the same 404 as a missing id."""
    todo = db.session.scalar(select(Todo).where(Todo.id == todo_id, todo_criterion(user)))
    if todo is None:
        abort(404)
    return todo


def todo_page(user, args):
    """A cursor page of the to-dos `user` may see, soonest due first, filtered by `args`; (todos, next_cursor)."""
    stmt = select(Todo).where(todo_criterion(user))
    if args.get("mine"):
        stmt = stmt.where(Todo.assignee_id == user.id)
    if args.get("assignee_id") is not None:
        stmt = stmt.where(Todo.assignee_id == args["assignee_id"])
    status = args.get("status", "open")
    if status != "all":
        stmt = stmt.where(Todo.done_at.is_(None) if status == "open" else Todo.done_at.is_not(None))
    for key in LINKS:
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Todo, key) == args[key])
    if args.get("due_to") is not None:
        stmt = stmt.where(Todo.due_date <= args["due_to"])
    return keyset_page(stmt, [Todo.due_date, Todo.id], False, args.get("cursor"), args["limit"], types=[date, int])


def open_todos(user, limit=50, **links):
    """The open to-dos `user` may see on one record (e.g. `customer_id=`), soonest due first."""
    stmt = select(Todo).where(todo_criterion(user), Todo.done_at.is_(None),
                              *(getattr(Todo, key) == value for key, value in links.items()))
    return db.session.scalars(stmt.order_by(Todo.due_date, Todo.created_at, Todo.id).limit(limit)).all()


def due_for(user, until, limit=100):
    """The user's own open to-dos due on or before `until`, soonest first (the Today section)."""
    return db.session.scalars(
        select(Todo).where(Todo.assignee_id == user.id, Todo.done_at.is_(None), Todo.due_date <= until)
        .order_by(Todo.due_date, Todo.created_at, Todo.id).limit(limit)).all()


def active_user_or_error(user_id):
    """The active user `user_id` of the workspace, else a ValidationError on `assignee_id`."""
    found = db.session.scalar(select(User).where(User.id == user_id, User.active.is_(True)))
    if found is None:
        raise ValidationError({"assignee_id": [_("Choose an active user of the workspace.")]})
    return found


def assignees():
    """[(id, name)] of the workspace's active users, for the assignee choice."""
    return db.session.execute(select(User.id, User.name).where(User.active.is_(True))
                              .order_by(User.name, User.id)).all()


def linked_record(user, data):
    """{lead_id, opportunity_id, customer_id} of the one record in `data` that `user` may see (else 422)."""
    given = [key for key in LINKS if data.get(key) is not None]
    if len(given) != 1:
        raise ValidationError({"_schema": [_("Link the to-do to exactly one lead, opportunity or customer.")]})
    key = given[0]
    link = dict.fromkeys(LINKS)
    if key == "lead_id" and lead_or_none(user, data[key]) is not None:
        link["lead_id"] = data[key]
    elif key == "opportunity_id":
        deal = db.session.scalar(select(Opportunity).where(Opportunity.id == data[key], opportunity_criterion(user)))
        if deal is not None:
            link.update(opportunity_id=deal.id, customer_id=deal.customer_id)
    elif key == "customer_id" and can_see_customer(user, data[key]):
        link["customer_id"] = data[key]
    if link[key] is None:
        raise ValidationError({key: [_("There is no such record, or you may not see it.")]})
    return link


def create_todo(user, data):
    """A new to-do by `user` from validated `data` (its assignee defaults to `user`); committed."""
    link = linked_record(user, data)
    assignee = active_user_or_error(data.get("assignee_id") or user.id)
    todo = Todo(title=data["title"], notes=data.get("notes"), due_date=data["due_date"], assignee_id=assignee.id,
                created_by_id=user.id, **link)
    db.session.add(todo)
    db.session.commit()
    return todo


def may_change(user, todo):
    """Its assignee or creator, or whoever may change the linked record (its customer, opportunity or lead)."""
    if user.id in (todo.assignee_id, todo.created_by_id):
        return True
    if todo.customer_id is not None and can_manage_customer(user, todo.customer_id):
        return True
    if todo.opportunity_id is not None:
        return db.session.scalar(select(Opportunity.owner_id).where(Opportunity.id == todo.opportunity_id)) == user.id
    return todo.lead_id is not None and lead_or_none(user, todo.lead_id) is not None


def require_change(user, todo):
    """Refuse (403) a user who may see the to-do but not change it."""
    if not may_change(user, todo):
        raise Forbidden(_("You may see this to-do but not change it."))


def update_todo(user, todo, data):
    """Change the title, notes, due date or assignee of `todo`; the link stays. Committed."""
    require_change(user, todo)
    if data.get("assignee_id") is not None:
        active_user_or_error(data["assignee_id"])
    for key in EDITABLE:
        if key in data and not (key == "assignee_id" and data[key] is None):
            setattr(todo, key, data[key])
    db.session.commit()
    return todo


def delete_todo(user, todo):
    """Delete a to-do; committed."""
    require_change(user, todo)
    db.session.delete(todo)
    db.session.commit()


def may_log_activity(user, todo):
    """True when finishing `todo` may log an activity: it has a customer that `user` may see."""
    return todo.customer_id is not None and can_see_customer(user, todo.customer_id)


def finish_todo(user, todo, activity=None):
    """Mark `todo` done (once); with `activity` ({kind, outcome}), log it on the customer's timeline. Committed.

    The activity goes through the core's service (its checks, the customer's
    last-contact date); a to-do without a customer the user may see cannot log one.
    """
    require_change(user, todo)
    if todo.done_at is not None:
        return todo
    if activity is not None and not may_log_activity(user, todo):
        raise ValidationError({"log_activity": [_("This to-do has no customer you may log an activity on.")]})
    todo.done_at = utcnow()
    if activity is None:
        db.session.commit()
        return todo
    customer = visible_customer_or_404(user, todo.customer_id)
    # The core commits the activity together with the to-do's new state; its id is linked just after.
    logged = log_customer_activity(user, customer, activity["kind"], outcome=activity.get("outcome"),
                                   subject=todo.title)
    todo.activity_id = logged.id
    db.session.commit()
    return todo


def move_to_customer(kept_id, merged_id):
    """Give a merged duplicate's to-dos to the customer kept (in the merge's transaction, not committed)."""
    db.session.execute(update(Todo).where(Todo.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})


def lead_converted(lead_id, customer_id):
    """Show a converted lead's to-dos on the customer it became (they keep the lead); for the lead conversion.

    In the caller's transaction, not committed.
    """
    db.session.execute(update(Todo).where(Todo.lead_id == lead_id, Todo.customer_id.is_(None))
                       .values(customer_id=customer_id), execution_options={"synchronize_session": False})

