"""Requirements as a user may see and change them: shared by the API, the pages, the panel and the review list.

Who sees a requirement: its responsible person and its creator (and, as for any
work, whoever has them in their remit: their unit's managers, executives and
admins), plus whoever may see at least one customer who asked for it. Its votes
are shown only for the customers the reader may see; `vote_count` counts them all.
Who changes it (title, description, status, responsible person): the same people
less those who see it only through a customer. Anyone who sees it may answer it
and add a vote of a customer they may see.
"""
from datetime import datetime

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import delete, or_, select, update
from werkzeug.exceptions import Forbidden, NotFound

from crm_platform.sdk import (
    Customer, User, can_see_customer, customer_criterion, db, gettext as _, keyset_page, utcnow,
    work_owner_criterion,
)

from plugins.service_support.models import Requirement, RequirementAnswer, RequirementVote
from plugins.service_support.tickets.visibility import ticket_or_404

EDITABLE = ("title", "description", "responsible_id")


def requirement_criterion(user):
    """The WHERE clause selecting the requirements `user` may see."""
    asked_by_visible = select(RequirementVote.requirement_id).join(
        Customer, Customer.id == RequirementVote.customer_id).where(customer_criterion(user))
    return or_(change_criterion(user), Requirement.id.in_(asked_by_visible))


def change_criterion(user):
    """The WHERE clause selecting the requirements `user` may change: theirs, or their remit's people's."""
    return or_(work_owner_criterion(user, Requirement.responsible_id),
               work_owner_criterion(user, Requirement.created_by_id))


def requirement_or_404(user, requirement_id):
    """The requirement if `user` may see it; otherwise the same 404 as a missing id."""
    found = db.session.scalar(select(Requirement).where(Requirement.id == requirement_id,
                                                        requirement_criterion(user)))
    if found is None:
        abort(404)
    return found


def may_change(user, requirement):
    """Whether `user` may edit `requirement`, move its status or give it to someone else."""
    return db.session.scalar(select(Requirement.id).where(Requirement.id == requirement.id,
                                                          change_criterion(user))) is not None


def require_change(user, requirement):
    """Refuse (403) unless `user` may change `requirement`."""
    if not may_change(user, requirement):
        raise Forbidden(_("Only the person responsible, its creator or their managers may change this requirement."))


def requirement_page(user, args):
    """A cursor page of the requirements `user` may see, filtered and sorted by `args`; (rows, next_cursor)."""
    stmt = select(Requirement).where(requirement_criterion(user))
    for key in ("status", "responsible_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Requirement, key) == args[key])
    if args.get("customer_id") is not None:
        # Only a customer the reader may see filters: an unseen one must not reveal what it asked for.
        customer_id = args["customer_id"] if can_see_customer(user, args["customer_id"]) else None
        stmt = stmt.where(Requirement.id.in_(select(RequirementVote.requirement_id)
                                             .where(RequirementVote.customer_id == customer_id)))
    if args.get("q"):
        pattern = f"%{args['q']}%"
        stmt = stmt.where(or_(Requirement.title.ilike(pattern), Requirement.description.ilike(pattern)))
    if args.get("sort") == "votes":
        return keyset_page(stmt, [Requirement.vote_count, Requirement.created_at, Requirement.id], True,
                           args.get("cursor"), args["limit"], types=[int, datetime, int])
    return keyset_page(stmt, [Requirement.created_at, Requirement.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])


def of_customer(user, customer_id, limit=50):
    """The requirements `customer_id` asked for that `user` may see, most asked for first (the customer panel)."""
    asked = select(RequirementVote.requirement_id).where(RequirementVote.customer_id == customer_id)
    return db.session.scalars(select(Requirement).where(Requirement.id.in_(asked), requirement_criterion(user))
                              .order_by(Requirement.vote_count.desc(), Requirement.created_at.desc(),
                                        Requirement.id.desc()).limit(limit)).all()


def active_user_or_error(user_id, field="responsible_id"):
    """The active user `user_id` of the workspace, else a ValidationError on `field`."""
    found = db.session.scalar(select(User).where(User.id == user_id, User.active.is_(True)))
    if found is None:
        raise ValidationError({field: [_("Choose an active user of the workspace.")]})
    return found


def _vote_source(user, data):
    """(customer id, ticket id) of a new vote from `data`: a customer `user` may see, or a ticket's customer."""
    ticket_id, customer_id = data.get("ticket_id"), data.get("customer_id")
    if ticket_id is not None:
        ticket = visible_ticket(user, ticket_id)
        if ticket is None:
            raise ValidationError({"ticket_id": [_("There is no such ticket, or you may not see it.")]})
        if customer_id is not None and customer_id != ticket.customer_id:
            raise ValidationError({"customer_id": [_("The ticket is of another customer.")]})
        return ticket.customer_id, ticket.id
    if customer_id is None:
        raise ValidationError({"customer_id": [_("Choose the customer who asks for it.")]})
    if not can_see_customer(user, customer_id):
        raise ValidationError({"customer_id": [_("There is no such customer, or you may not see it.")]})
    return customer_id, None


def visible_ticket(user, ticket_id):
    """The ticket `ticket_id` if `user` may see it, else None."""
    try:
        return ticket_or_404(user, ticket_id)
    except NotFound:
        return None


def create_requirement(user, data):
    """A new requirement by `user` with its first vote (a customer, or a ticket's); committed.

    The responsible person defaults to `user`.
    """
    customer_id, ticket_id = _vote_source(user, data)
    responsible = active_user_or_error(data.get("responsible_id") or user.id)
    requirement = Requirement(title=data["title"], description=data.get("description"), status="new",
                              responsible_id=responsible.id, created_by_id=user.id)
    db.session.add(requirement)
    db.session.flush()
    db.session.add(RequirementVote(requirement_id=requirement.id, customer_id=customer_id, ticket_id=ticket_id,
                                   note=data.get("note"), created_by_id=user.id))
    db.session.commit()
    return requirement


def update_requirement(user, requirement, data):
    """Change the title, description, responsible person or status (with an optional comment); committed."""
    require_change(user, requirement)
    if data.get("responsible_id") is not None:
        active_user_or_error(data["responsible_id"])
    for key in EDITABLE:
        if key in data and not (key in ("title", "responsible_id") and data[key] is None):
            setattr(requirement, key, data[key])
    if data.get("status") is not None and data["status"] != requirement.status:
        requirement.status = data["status"]
        _entry(user, requirement, data.get("comment") or "", data["status"])
    elif data.get("comment"):
        _entry(user, requirement, data["comment"], None)
    db.session.commit()
    return requirement


def _entry(user, requirement, body, status):
    """Add an answer (or a status change when `status` is given) by `user`; the responsible person's counts as review."""
    answer = RequirementAnswer(requirement_id=requirement.id, author_id=user.id, body=body, status=status,
                               created_at=utcnow())
    db.session.add(answer)
    if user.id == requirement.responsible_id:
        requirement.reviewed_at = answer.created_at
    return answer


def add_answer(user, requirement, body):
    """An answer by `user` (anyone who sees the requirement); committed."""
    answer = _entry(user, requirement, body, None)
    db.session.commit()
    return answer


def answer_page(requirement, args):
    """A cursor page of the requirement's answers and status changes, oldest first; (rows, next_cursor)."""
    stmt = select(RequirementAnswer).where(RequirementAnswer.requirement_id == requirement.id)
    return keyset_page(stmt, [RequirementAnswer.created_at, RequirementAnswer.id], False, args.get("cursor"),
                       args["limit"], types=[datetime, int])


def history(requirement):
    """Every answer and status change of `requirement`, oldest first (its page)."""
    return db.session.scalars(select(RequirementAnswer).where(RequirementAnswer.requirement_id == requirement.id)
                              .order_by(RequirementAnswer.created_at, RequirementAnswer.id)).all()


def visible_votes(user, requirement):
    """The votes on `requirement` of customers `user` may see, with the customer's name: [(vote, name)]."""
    return db.session.execute(
        select(RequirementVote, Customer.name).join(Customer, Customer.id == RequirementVote.customer_id)
        .where(RequirementVote.requirement_id == requirement.id, customer_criterion(user))
        .order_by(RequirementVote.created_at, RequirementVote.id)).all()


def add_vote(user, requirement, data):
    """A vote of a customer `user` may see (or of a visible ticket's customer) on `requirement`; committed.

    One vote per customer: a second is refused on `customer_id`.
    """
    customer_id, ticket_id = _vote_source(user, data)
    taken = select(RequirementVote.id).where(RequirementVote.requirement_id == requirement.id,
                                             RequirementVote.customer_id == customer_id)
    if db.session.scalar(taken) is not None:
        raise ValidationError({"customer_id": [_("This customer has already asked for it.")]})
    vote = RequirementVote(requirement_id=requirement.id, customer_id=customer_id, ticket_id=ticket_id,
                           note=data.get("note"), created_by_id=user.id)
    db.session.add(vote)
    db.session.commit()
    return vote


def vote_or_404(user, requirement, vote_id):
    """A vote on `requirement` of a customer `user` may see; otherwise the missing id's 404."""
    vote = db.session.scalar(
        select(RequirementVote).join(Customer, Customer.id == RequirementVote.customer_id)
        .where(RequirementVote.id == vote_id, RequirementVote.requirement_id == requirement.id,
               customer_criterion(user)))
    if vote is None:
        abort(404)
    return vote


def remove_vote(user, requirement, vote):
    """Take a vote back (who added it, or who may change the requirement); committed."""
    if vote.created_by_id != user.id:
        require_change(user, requirement)
    db.session.delete(vote)
    db.session.commit()


def move_votes(kept_id, merged_id):
    """Give a merged duplicate's votes to the customer kept, dropping those where it already voted (not committed)."""
    kept_asked = select(RequirementVote.requirement_id).where(RequirementVote.customer_id == kept_id)
    db.session.execute(delete(RequirementVote).where(RequirementVote.customer_id == merged_id,
                                                     RequirementVote.requirement_id.in_(kept_asked)),
                       execution_options={"synchronize_session": False})
    db.session.execute(update(RequirementVote).where(RequirementVote.customer_id == merged_id)
                       .values(customer_id=kept_id), execution_options={"synchronize_session": False})


def people():
    """[(id, name)] of the workspace's active users, for the responsible person's choice."""
    return [(str(row.id), row.name) for row in db.session.execute(
        select(User.id, User.name).where(User.active.is_(True)).order_by(User.name, User.id))]


def customer_name(customer_id):
    """The name of a customer the caller already may see."""
    return db.session.scalar(select(Customer.name).where(Customer.id == customer_id))


def customer_choices(user, limit=500):
    """[(id, name)] of customers `user` may see, by name, for a vote's customer picker."""
    return [(str(row.id), row.name) for row in db.session.execute(
        select(Customer.id, Customer.name).where(customer_criterion(user)).order_by(Customer.name, Customer.id)
        .limit(limit))]
