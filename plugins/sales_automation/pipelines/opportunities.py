"""Opportunities as a user may create, change and close them: shared by the API, the pages and the board.

Seeing follows `opportunity_criterion` (through the customer; owners always see
their own). Changing needs more: the owner, or someone who may manage the
customer (SDK `can_manage_customer`).
"""
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Contact, Customer, User, can_manage_customer, can_see_customer, db, gettext as _, lazy_gettext as _l,
    work_owner_criterion,
)

from plugins.sales_automation.models import Competitor, Stage
from plugins.sales_automation.pipelines import service
from plugins.sales_automation.pipelines.service import StageError

EDITABLE = ("name", "contact_id", "owner_id", "amount", "currency", "expected_close", "source", "description",
            "probability", "forecast_category")
FORECAST_LABELS = {"pipeline": _l("Pipeline"), "best_case": _l("Best case"), "commit": _l("Commit")}


def may_change(user, opportunity):
    """The owner, or a user who may manage the opportunity's customer, may change it."""
    return opportunity.owner_id == user.id or can_manage_customer(user, opportunity.customer_id)


def require_change(user, opportunity):
    """Refuse (403) a change by someone who may only look."""
    if not may_change(user, opportunity):
        raise Forbidden(_("Only the opportunity's owner or someone who manages its customer may change it."))


def assignable_owners(user):
    """The active users `user` may give an opportunity to: a rep only themselves, a manager their unit's."""
    return db.session.scalars(select(User).where(User.active.is_(True), work_owner_criterion(user, User.id))
                              .order_by(User.name, User.id)).all()


def _check_refs(user, customer_id, data):
    """Field errors for a contact of another customer or an owner `user` may not assign."""
    errors = {}
    if data.get("contact_id") is not None:
        contact = db.session.scalar(select(Contact.id).where(Contact.id == data["contact_id"],
                                                             Contact.customer_id == customer_id))
        if contact is None:
            errors["contact_id"] = [_("Choose a contact of this customer.")]
    if data.get("owner_id") is not None and data["owner_id"] not in {u.id for u in assignable_owners(user)}:
        errors["owner_id"] = [_("Choose yourself or an active user you manage.")]
    if errors:
        raise ValidationError(errors)


def create(user, data):
    """A new opportunity (committed) on a customer `user` may see; the owner defaults to `user`."""
    if not can_see_customer(user, data["customer_id"]):
        raise ValidationError({"customer_id": [_("Choose a customer you can see.")]})
    data = {**data, "owner_id": data.get("owner_id") or user.id}
    _check_refs(user, data["customer_id"], data)
    pipeline_id = data.get("pipeline_id")
    if pipeline_id is not None and db.session.scalar(select(Stage.id).where(Stage.pipeline_id == pipeline_id)) is None:
        raise ValidationError({"pipeline_id": [_("Choose a pipeline of this workspace.")]})
    try:
        opportunity = service.create_opportunity(
            name=data["name"], customer_id=data["customer_id"], owner_id=data["owner_id"], actor_id=user.id,
            amount=data.get("amount") or 0, currency=data.get("currency"), contact_id=data.get("contact_id"),
            expected_close=data.get("expected_close"), source=data.get("source"), pipeline_id=pipeline_id,
            stage_id=data.get("stage_id"), description=data.get("description"))
    except StageError as error:
        raise ValidationError({"stage_id": [str(error)]}) from error
    opportunity.probability = data.get("probability")
    opportunity.forecast_category = data.get("forecast_category") or "pipeline"
    db.session.commit()
    return opportunity


def update(user, opportunity, data):
    """Change an opportunity's fields (not its customer, pipeline or stage); committed."""
    require_change(user, opportunity)
    _check_refs(user, opportunity.customer_id,
                {**data, "owner_id": data.get("owner_id") if data.get("owner_id") != opportunity.owner_id else None})
    for name in EDITABLE:
        if name in data:
            setattr(opportunity, name, data[name])
    db.session.commit()
    return opportunity


def move(user, opportunity, stage_id, close_reason=None, winner_competitor_id=None):
    """Move an opportunity to a stage of its pipeline (won and lost need a reason); committed."""
    require_change(user, opportunity)
    stage = db.session.scalar(select(Stage).where(Stage.id == stage_id, Stage.pipeline_id == opportunity.pipeline_id))
    if stage is None:
        raise ValidationError({"stage_id": [_("Choose a stage of this opportunity's pipeline.")]})
    if winner_competitor_id is not None and stage.kind == "lost" and db.session.scalar(
            select(Competitor.id).where(Competitor.id == winner_competitor_id)) is None:
        raise ValidationError({"winner_competitor_id": [_("Choose a competitor of this workspace.")]})
    try:
        service.move_to_stage(opportunity, stage, actor_id=user.id, close_reason=close_reason,
                              winner_competitor_id=winner_competitor_id)
    except StageError as error:
        raise ValidationError({"close_reason": [str(error)]}) from error
    db.session.commit()
    return opportunity


def customer_of(opportunity):
    """The opportunity's customer (seen through it, or by its owner)."""
    return db.session.scalar(select(Customer).where(Customer.id == opportunity.customer_id))


def competitors():
    """The workspace's competitors by name, for the "who won" choice of a lost deal."""
    return db.session.scalars(select(Competitor).order_by(Competitor.name, Competitor.id)).all()


def contacts_of(customer_id):
    """The customer's contacts by name, for the contact choice."""
    return db.session.scalars(select(Contact).where(Contact.customer_id == customer_id)
                              .order_by(Contact.name, Contact.id)).all()
