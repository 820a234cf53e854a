"""Moving customers into and out of the pool: to the pool, claimed by a member, assigned by a manager.

Every move writes a PoolMove (the customer's pool timeline and the claim
limit's count) in the transaction that changes the customer, whose own audit
entry (owner, pooled_at, pool_unit_id) the audit recorder adds.
"""
from datetime import datetime, time, timezone

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, func, select, update
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.customers.service import active_user, may_assign_to
from crm_platform.extensions import db
from crm_platform.models import Customer, PoolMove, Reminder, User
from crm_platform.models.base import utcnow
from crm_platform.modules.events import emit
from crm_platform.reminders.service import move_open_reminders
from crm_platform.roles import require_permission
from crm_platform.visibility import can_manage_customer, pool_criterion
from crm_platform.workspace.settings import current_tenant, get_setting, tenant_now


def pool_unit_for(tenant, owner_id):
    """The unit whose pool an owner's customer goes to: the owner's unit, or None (the company's pool)."""
    if get_setting(tenant, "pool_scope") != "unit" or owner_id is None:
        return None
    return db.session.scalar(select(User.org_unit_id).where(User.id == owner_id))


def put_in_pool(customer, reason, actor_id=None, tenant=None, now=None):
    """Move `customer` to its pool without committing: no owner, no shares, no open reminders; the move recorded."""
    tenant = tenant or current_tenant()
    old_owner = customer.owner_id
    unit_id = pool_unit_for(tenant, old_owner)
    db.session.add(PoolMove(customer_id=customer.id, move="to_pool", actor_id=actor_id, owner_id=old_owner,
                            pool_unit_id=unit_id, reason=reason))
    customer.owner_id, customer.pooled_at, customer.pool_unit_id = None, now or utcnow(), unit_id
    # A pooled customer is the pool's: former collaborators and reminders of the old owner go with it.
    for share in list(customer.shares):
        db.session.delete(share)
    db.session.execute(delete(Reminder).where(Reminder.customer_id == customer.id, Reminder.done_at.is_(None)))
    return old_owner


def move_to_pool(actor, customer):
    """Put a customer `actor` may manage and reassign into the pool by hand (committed)."""
    require_permission(actor, "customers.reassign")
    if customer.pooled_at is not None:
        raise Conflict(_("This customer is already in the pool."))
    if not can_manage_customer(actor, customer.id):
        raise Forbidden(_("You may see this customer but not change it."))
    old_owner = put_in_pool(customer, "manual", actor.id)
    db.session.commit()
    emit("crm_customer_owner_changed", customer=customer, old_owner_id=old_owner, new_owner_id=None)
    return customer


def _in_my_pool(actor, customer):
    """Refuse a customer not in a pool `actor` is a member of (the 404 of a missing one is the caller's)."""
    if customer.pooled_at is None:
        raise Conflict(_("This customer is not in the pool (any more)."))
    visible = db.session.scalar(select(func.count()).where(Customer.id == customer.id,
                                                           pool_criterion(actor)))
    if not visible:
        raise Forbidden(_("This customer is not in your pool."))


def local_day_start(tenant, now=None):
    """The start of the workspace's local day of `now` (aware UTC)."""
    local = tenant_now(tenant, now)
    return datetime.combine(local.date(), time(0), local.tzinfo).astimezone(timezone.utc)


def claims_today(user, tenant=None, now=None):
    """How many customers `user` has claimed from the pool since the workspace's local midnight."""
    since = local_day_start(tenant or current_tenant(), now)
    return db.session.scalar(select(func.count(PoolMove.id)).where(
        PoolMove.owner_id == user.id, PoolMove.move == "claim", PoolMove.created_at >= since))


def claims_left(user, tenant=None, now=None):
    """How many more customers `user` may claim today."""
    tenant = tenant or current_tenant()
    return max(0, int(get_setting(tenant, "pool_claim_limit")) - claims_today(user, tenant, now))


def _take_out(actor, customer, owner_id, move):
    """Give a pooled customer to `owner_id` (committed), record the move and tell the plugins."""
    # Two members claiming at once: only the UPDATE that still finds it pooled wins.
    taken = db.session.execute(update(Customer).where(Customer.id == customer.id, Customer.pooled_at.is_not(None))
                               .values(pooled_at=None).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("This customer is not in the pool (any more)."))
    unit_id = customer.pool_unit_id
    customer.owner_id, customer.pooled_at, customer.pool_unit_id = owner_id, None, None
    customer.assigned_at = utcnow()
    db.session.add(PoolMove(customer_id=customer.id, move=move, actor_id=actor.id, owner_id=owner_id,
                            pool_unit_id=unit_id))
    db.session.flush()
    move_open_reminders(customer)
    db.session.commit()
    emit("crm_customer_owner_changed", customer=customer, old_owner_id=None, new_owner_id=owner_id)
    return customer


def claim(actor, customer):
    """`actor` takes a customer of their pool, within the workspace's daily claim limit."""
    _in_my_pool(actor, customer)
    if claims_left(actor) <= 0:
        raise Conflict(_("You have reached today's limit of customers claimed from the pool."))
    return _take_out(actor, customer, actor.id, "claim")


def require_assigner(actor, customer):
    """`customer`, unless `actor` may not assign it (403 without customers.reassign or outside their pools, 409 unpooled)."""
    require_permission(actor, "customers.reassign")
    _in_my_pool(actor, customer)
    return customer


def assign(actor, customer, owner_id):
    """A manager gives a customer of a pool they see to a user they may assign customers to."""
    require_assigner(actor, customer)
    owner = active_user(owner_id, "owner_id")
    if not may_assign_to(actor, owner):
        raise ValidationError({"owner_id": [_("You may not assign customers to this user.")]})
    return _take_out(actor, customer, owner.id, "assign")


def pool_history(customer):
    """The customer's pool moves, newest first, with who did them and for whom."""
    return db.session.scalars(select(PoolMove).where(PoolMove.customer_id == customer.id)
                              .order_by(PoolMove.created_at.desc(), PoolMove.id.desc())).all()
