"""Whose sales figures a viewer sees: the people and org units in their remit, by their role's scope.

Executives and admins (scope "all") see everyone's; a manager (scope "unit") their
own and their unit subtree's; a rep (scope "own") their own. The forecast, quotas and
reports all ask here, so "whose figures" and "which records count" cannot disagree
between them.
"""
from sqlalchemy import case, select, true

from crm_platform.sdk import (
    Customer, OrgUnit, User, customer_criterion, db, role_scope, unit_subtree_ids, work_owner_criterion,
)


def remit_user_ids(user):
    """A subquery of the ids of the users whose figures `user` sees (themselves included)."""
    return select(User.id).where(work_owner_criterion(user, User.id))


def remit_units(user):
    """[(id, name, depth)] of the org units `user` may look at, parents before children: all, their subtree, none."""
    scope = role_scope(user)
    query = select(OrgUnit.id, OrgUnit.name, OrgUnit.path)
    if scope == "unit" and user.org_unit_id is not None:
        query = query.where(OrgUnit.id.in_(unit_subtree_ids(user.org_unit_id)))
    elif scope != "all":
        return []
    rows = sorted(db.session.execute(query).all(), key=lambda row: row.path)
    return [(row.id, row.name, row.path.count("/") - 2) for row in rows]


def customer_seen(viewer, customer_column):
    """The WHERE clause of `customer_column` naming a customer `viewer` may see (no check for all-scope roles)."""
    if role_scope(viewer) == "all":
        return true()
    return customer_column.in_(select(Customer.id).where(customer_criterion(viewer)))


def seen_by(viewer, model):
    """The WHERE clause of `model`'s rows (opportunities, contracts) `viewer` may see; every row without a viewer.

    A row counts when the viewer may see its customer or owns it (GUIDE section 4,
    as customer_record_criterion says). Written as CASE rather than `customer IN
    (...) OR owner = viewer`: with the OR, SQLite and PostgreSQL read every visible
    customer's rows of all time instead of the period's (bench/reports.py).
    """
    if viewer is None or role_scope(viewer) == "all":
        return true()
    return case((model.owner_id == viewer.id, true()), else_=customer_seen(viewer, model.customer_id))
