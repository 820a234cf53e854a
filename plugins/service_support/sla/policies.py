"""SLA policies: which one applies to a ticket, and keeping them (the pages and the API share this).

Matching: of the workspace's ACTIVE policies, the most specific one whose
priority and category fit the ticket applies, in this order:
1. the policy for the ticket's priority AND category,
2. the policy for its category (any priority),
3. the policy for its priority (any category),
4. the catch-all (any priority, any category).
No matching policy: the ticket has no SLA clocks. At most one active policy per
(priority, category) pair, None meaning "any", so the order above always
names one policy.
"""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import or_, select

from crm_platform.sdk import User, db, gettext as _, keyset_page

from plugins.service_support.models import SlaPolicy

FIELDS = ("name", "priority", "category", "first_response_minutes", "resolution_minutes", "warn_before_minutes",
          "escalation", "reassign_to_id", "active")
"""What a policy holds (validated by ServiceSlaPolicySchema)."""


def _specificity(policy):
    """Higher is more specific: both set, then the category alone, then the priority alone, then neither."""
    return (policy.category is not None) * 2 + (policy.priority is not None)


def matching_policy(priority, category):
    """The active policy that applies to a ticket of `priority` and `category` (the module's rule), or None."""
    candidates = db.session.scalars(select(SlaPolicy).where(
        SlaPolicy.active.is_(True),
        or_(SlaPolicy.priority == priority, SlaPolicy.priority.is_(None)),
        or_(SlaPolicy.category == category, SlaPolicy.category.is_(None)))).all()
    return max(candidates, key=_specificity, default=None)


def policies():
    """Every policy of the workspace, most specific first, then by name (the settings page's order)."""
    rows = db.session.scalars(select(SlaPolicy).order_by(SlaPolicy.name, SlaPolicy.id)).all()
    return sorted(rows, key=lambda policy: (not policy.active, -_specificity(policy)))


def policy_or_404(policy_id):
    """The workspace's policy `policy_id`, else a 404 (another workspace's is as missing as a lost id)."""
    policy = db.session.scalar(select(SlaPolicy).where(SlaPolicy.id == policy_id))
    if policy is None:
        abort(404)
    return policy


def _check(values, policy_id):
    """Refuse what the schema alone cannot see: the warning's size, the reassignee, a second active policy."""
    errors = {}
    if values["warn_before_minutes"] >= values["resolution_minutes"]:
        errors["warn_before_minutes"] = [_("The warning must come before the resolution target.")]
    if values["escalation"] == "reassign":
        assignee = values["reassign_to_id"] and db.session.scalar(
            select(User.id).where(User.id == values["reassign_to_id"], User.active.is_(True)))
        if not assignee:
            errors["reassign_to_id"] = [_("Choose an active user of the workspace to reassign breached tickets to.")]
    if values["active"]:
        clash = select(SlaPolicy.name).where(SlaPolicy.active.is_(True),
                                             _equal(SlaPolicy.priority, values["priority"]),
                                             _equal(SlaPolicy.category, values["category"]))
        if policy_id is not None:
            clash = clash.where(SlaPolicy.id != policy_id)
        other = db.session.scalar(clash.limit(1))
        if other is not None:
            errors["category"] = [_("The active policy %(name)s already covers this priority and category.",
                                    name=other)]
    if errors:
        raise ValidationError(errors)


def _equal(column, value):
    """column = value, where None means the column is NULL ("any")."""
    return column.is_(None) if value is None else column == value


def save_policy(data, policy=None):
    """Create a policy from validated `data`, or change `policy` (a partial `data` keeps the rest); committed.

    Tickets keep the due times they have: a policy applies when a ticket is
    created or its priority or category changes.
    """
    values = {key: getattr(policy, key) for key in FIELDS} if policy else {
        "priority": None, "category": None, "warn_before_minutes": 60, "escalation": "notify_manager",
        "reassign_to_id": None, "active": True}
    values.update({key: data[key] for key in FIELDS if key in data})
    if values["escalation"] != "reassign":
        values["reassign_to_id"] = None
    _check(values, policy.id if policy else None)
    policy = policy or SlaPolicy()
    for key, value in values.items():
        setattr(policy, key, value)
    db.session.add(policy)
    db.session.commit()
    return policy


def delete_policy(policy):
    """Delete a policy; its tickets keep their due times (their `sla_policy_id` is a plain id)."""
    db.session.delete(policy)
    db.session.commit()


def reassignees():
    """[(id, name)] of the workspace's active users, for the reassign choice."""
    return db.session.execute(select(User.id, User.name).where(User.active.is_(True))
                              .order_by(User.name, User.id)).all()


def policy_page(args):
    """A cursor page of the policies by name; (policies, next_cursor)."""
    return keyset_page(select(SlaPolicy), [SlaPolicy.name, SlaPolicy.id], False, args.get("cursor"), args["limit"],
                       types=[str, int])
