"""The competitor file and who bids on each opportunity: shared by the API, the pages and the partial.

Every signed-in user of the workspace reads the file; writing it needs
`sales.competitors`. Bidders are listed on an opportunity by whoever may change
it: its owner, or whoever may manage its customer.
"""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.sdk import can_manage_customer, db, gettext as _, keyset_page

from plugins.sales_automation.models import Competitor, Opportunity, OpportunityCompetitor
from plugins.sales_automation.pipelines.service import opportunity_criterion

COMPETITOR_FIELDS = ("name", "website", "strengths", "weaknesses", "products")
"""What a competitor's file holds (validated by SalesCompetitorSchema)."""


def competitor_or_404(competitor_id):
    """The workspace's competitor `competitor_id`, else a 404 (another workspace's is as missing as a lost id)."""
    competitor = db.session.scalar(select(Competitor).where(Competitor.id == competitor_id))
    if competitor is None:
        abort(404)
    return competitor


def competitor_page(args):
    """A cursor page of the file by name, filtered by `q` (in the name or the products); (competitors, next)."""
    stmt = select(Competitor)
    if args.get("q"):
        pattern = f"%{args['q'].lower()}%"
        stmt = stmt.where(or_(func.lower(Competitor.name).like(pattern),
                              func.lower(func.coalesce(Competitor.products, "")).like(pattern)))
    return keyset_page(stmt, [Competitor.name, Competitor.id], False, args.get("cursor"), args["limit"],
                       types=[str, int])


def name_taken(name, competitor_id=None):
    """True when another competitor of the workspace has this name (compared without case)."""
    stmt = select(Competitor.id).where(func.lower(Competitor.name) == name.lower())
    if competitor_id is not None:
        stmt = stmt.where(Competitor.id != competitor_id)
    return db.session.scalar(stmt.limit(1)) is not None


def save_competitor(data, competitor=None):
    """Create a competitor from validated `data`, or change `competitor`; committed.

    A name already in the file is a ValidationError on `name` (the unique
    constraint catches two requests racing each other).
    """
    clash = ValidationError({"name": [_("The file already has a competitor named %(name)s.",
                                        name=data.get("name", ""))]})
    if "name" in data and name_taken(data["name"], competitor.id if competitor else None):
        raise clash
    competitor = competitor or Competitor()
    for key in COMPETITOR_FIELDS:
        if key in data:
            setattr(competitor, key, data[key])
    db.session.add(competitor)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise clash from None
    return competitor


def delete_competitor(competitor):
    """Delete a competitor, its bids, and its name as the winner of lost deals (they then say "unknown")."""
    db.session.execute(update(Opportunity).where(Opportunity.winner_competitor_id == competitor.id)
                       .values(winner_competitor_id=None), execution_options={"synchronize_session": False})
    db.session.delete(competitor)
    db.session.commit()


def may_change_opportunity(user, opportunity):
    """Its owner, or whoever may manage its customer, may change who bids on an opportunity."""
    return opportunity.owner_id == user.id or can_manage_customer(user, opportunity.customer_id)


def require_change(user, opportunity):
    """Refuse (403) a user who may see the opportunity but not change it."""
    if not may_change_opportunity(user, opportunity):
        raise Forbidden(_("You may see this opportunity but not change it."))


def bidders(opportunity_id):
    """[(bid, competitor)] on an opportunity, by competitor name."""
    return db.session.execute(
        select(OpportunityCompetitor, Competitor)
        .join(Competitor, Competitor.id == OpportunityCompetitor.competitor_id)
        .where(OpportunityCompetitor.opportunity_id == opportunity_id)
        .order_by(Competitor.name, Competitor.id)).all()


def add_bidder(user, opportunity, competitor_id, notes=None):
    """List a competitor of the file as bidding for `opportunity` (a 409 when already listed); committed."""
    require_change(user, opportunity)
    if db.session.scalar(select(Competitor.id).where(Competitor.id == competitor_id)) is None:
        raise ValidationError({"competitor_id": [_("There is no such competitor in the file.")]})
    bid = OpportunityCompetitor(opportunity_id=opportunity.id, competitor_id=competitor_id, notes=notes)
    db.session.add(bid)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("This competitor is already listed on the opportunity.")) from None
    return bid


def bid_or_404(opportunity_id, competitor_id):
    """The listing of `competitor_id` on an opportunity, else a 404."""
    bid = db.session.scalar(select(OpportunityCompetitor).where(
        OpportunityCompetitor.opportunity_id == opportunity_id, OpportunityCompetitor.competitor_id == competitor_id))
    if bid is None:
        abort(404)
    return bid


def remove_bidder(user, opportunity, competitor_id):
    """Take a competitor off an opportunity's bidders; committed."""
    bid = bid_or_404(opportunity.id, competitor_id)
    require_change(user, opportunity)
    db.session.delete(bid)
    db.session.commit()


def bid_opportunities(user, competitor_id, limit=20):
    """The latest opportunities `user` may see that the competitor bids on (or won), newest first."""
    listed = select(OpportunityCompetitor.opportunity_id).where(OpportunityCompetitor.competitor_id == competitor_id)
    return db.session.scalars(
        select(Opportunity).where(or_(Opportunity.id.in_(listed), Opportunity.winner_competitor_id == competitor_id),
                                  opportunity_criterion(user))
        .order_by(Opportunity.created_at.desc(), Opportunity.id.desc()).limit(limit)).all()


def competitor_names():
    """{id: name} of the whole file, for choices and for naming the winner of a lost deal."""
    return dict(db.session.execute(select(Competitor.id, Competitor.name).order_by(Competitor.name)).all())

