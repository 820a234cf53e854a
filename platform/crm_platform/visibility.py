"""The one customer-visibility policy, as SQL criteria, at two levels.

"See": lists, search, counts, detail pages, exports and every record hanging
off a customer filter with `customer_criterion(user)`, so "may see X" and "X is
in my list" cannot disagree. A share lets its user see a customer.

"Manage": changing a customer, its contacts and its shares, reassigning and
deleting it need `customer_manage_criterion(user)`: the same rules without
shares (a share lets its user collaborate, never take the customer over).
Every customer a user may manage is one they may see.

The customer pool (pool/): a pooled customer has no owner and belongs to a pool
(an org unit's, or the company's when `pool_unit_id` is None). `pool_criterion`
selects the pooled customers a user may see: every pool for all-scope roles;
otherwise the company's pool, the pools of their own unit and the units above
it (a pool is visible to the members of its unit subtree), and for unit-scope
roles the pools of the units below theirs too. Seeing a pooled customer lets a
pool member open it to decide whether to claim it; managing it stays with
all-scope roles (claims and assignments go through pool/service.py).
"""
from flask import abort
from sqlalchemy import and_, bindparam, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerShare, OrgUnit, User
from crm_platform.roles import get_role, role_scope


def unit_subtree_ids(unit_id):
    """A subquery of the ids of `unit_id` and every unit below it."""
    root = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
    return select(OrgUnit.id).where(OrgUnit.path.startswith(root, autoescape=False))


def users_in_unit_subtree(unit_id):
    """A subquery of the ids of users placed in `unit_id` or below it."""
    return select(User.id).where(User.org_unit_id.in_(unit_subtree_ids(unit_id)))


class BoundViewer:
    """A user as the visibility criteria see them, with their id and unit as bound parameters.

    Criteria built for it (`customer_criterion(viewer)`, ...) hold no user's
    values, so a statement built once per `shape` serves every user of that
    role scope (`keyset_rows(shape=...)`); `params` are the values to run it with.
    """

    def __init__(self, user):
        self.role, self.active = user.role, user.active
        # Typed as the id columns (BIGINT): ids are random up to 2**53, and PostgreSQL casts each parameter.
        self.id = bindparam("viewer_id", type_=User.id.type)
        self.org_unit_id = None if user.org_unit_id is None else bindparam("viewer_unit_id", type_=OrgUnit.id.type)
        self.shape = (role_scope(user), user.org_unit_id is None)
        self.params = {"viewer_id": user.id, "viewer_unit_id": user.org_unit_id}


def _criterion(user, shared):
    """Customers in `user`'s remit; with `shared`, also those shared with them."""
    role = get_role(user.role)
    if role is None or not user.active:
        return false()
    if role.scope == "all":
        return true()
    mine = Customer.owner_id == user.id
    if shared:
        mine = or_(mine, Customer.id.in_(select(CustomerShare.customer_id).where(CustomerShare.user_id == user.id)))
    if role.scope == "unit" and user.org_unit_id is not None:
        return or_(mine, Customer.owner_id.in_(users_in_unit_subtree(user.org_unit_id)))
    return mine


def unit_ancestor_ids(unit_id):
    """A subquery of the ids of `unit_id` and every unit above it."""
    mine, above = aliased(OrgUnit), aliased(OrgUnit)
    return (select(above.id).join(mine, mine.path.startswith(above.path, autoescape=False))
            .where(mine.id == unit_id))


def pool_criterion(user):
    """The WHERE clause selecting the pooled customers `user` may see (the pools they are a member of)."""
    role = get_role(user.role)
    if role is None or not user.active:
        return false()
    pooled = Customer.pooled_at.is_not(None)
    if role.scope == "all":
        return pooled
    pools = Customer.pool_unit_id.is_(None)  # the company's pool: everyone is a member
    if user.org_unit_id is not None:
        pools = or_(pools, Customer.pool_unit_id.in_(unit_ancestor_ids(user.org_unit_id)))
        if role.scope == "unit":
            pools = or_(pools, Customer.pool_unit_id.in_(unit_subtree_ids(user.org_unit_id)))
    return pooled & pools
def work_owner_criterion(user, user_column):
    """The WHERE clause selecting work (follow-ups, reminders) whose `user_column` is in `user`'s remit.

    The same scopes as customers: everyone's for `all`, the user's own and their
    unit subtree's for `unit`, only their own for `own`. Callers also require the
    customer to be visible (`customer_criterion`), so seeing a colleague's work
    never widens what the customer list shows.
    """
    role = get_role(user.role)
    if role is None or not user.active:
        return false()
    if role.scope == "all":
        return true()
    if role.scope == "unit" and user.org_unit_id is not None:
        return or_(user_column == user.id, user_column.in_(users_in_unit_subtree(user.org_unit_id)))
    return user_column == user.id


def customer_criterion(user):
    """The WHERE clause selecting the customers `user` may see (pooled ones in their pools included)."""
    return or_(_criterion(user, shared=True), pool_criterion(user))


def owned_customer_criterion(user):
    """The WHERE clause selecting the customers `user` may see that are not in a pool (the customer list's).

    `customer_criterion` and `pooled_at IS NULL`, without the pool branch that
    this rules out: the same rows, a smaller statement to build and plan.
    """
    return and_(_criterion(user, shared=True), Customer.pooled_at.is_(None))


def customer_record_criterion(user, customer_column, *own_columns):
    """The WHERE clause selecting records hanging off a customer (e.g. a plugin's) that `user` may see.

    A record is visible when its customer is (`customer_criterion`), or when the
    user is the one named in any of `own_columns` (its owner or assignee): the
    work routed to someone is theirs to see, without widening their customer list.
    """
    seen = customer_column.in_(select(Customer.id).where(customer_criterion(user)))
    return or_(seen, *(column == user.id for column in own_columns))


def customer_manage_criterion(user):
    """The WHERE clause selecting the customers `user` may manage (see, minus shares)."""
    return _criterion(user, shared=False)


def can_see_customer(user, customer_id):
    """True when `user` may see customer `customer_id`."""
    return bool(db.session.scalar(select(exists().where(Customer.id == customer_id, customer_criterion(user)))))


def can_manage_customer(user, customer_id):
    """True when `user` may change, reassign, delete or share customer `customer_id`."""
    return bool(db.session.scalar(select(exists().where(Customer.id == customer_id,
                                                        customer_manage_criterion(user)))))


def visible_customer_or_404(user, customer_id):
    """The customer if `user` may see it; otherwise the same 404 as a missing id."""
    customer = db.session.scalar(select(Customer).where(Customer.id == customer_id, customer_criterion(user)))
    if customer is None:
        abort(404)
    return customer


def customer_record_or_404(user, model, customer_id, record_id, key="id"):
    """(customer, record) when `user` may see the customer and the record is its; else 404.

    Contacts, contact records and shares inherit their customer's visibility.
    """
    customer = visible_customer_or_404(user, customer_id)
    record = db.session.scalar(select(model).where(getattr(model, key) == record_id,
                                                   model.customer_id == customer.id))
    if record is None:
        abort(404)
    return customer, record
