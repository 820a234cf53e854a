"""Whose sales figures a viewer sees: the people and org units in their remit, by their role's scope.

Executives and admins (scope "all") see everyone's; a manager (scope "unit") their
own and their unit subtree's; a rep (scope "own") their own. The forecast, quotas and
reports all ask here, so "whose figures" cannot disagree between them.
"""
from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, role_scope, unit_subtree_ids, work_owner_criterion


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
