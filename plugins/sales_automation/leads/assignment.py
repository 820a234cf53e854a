"""Who gets a new lead with no owner: the workspace's assignment rule among its lead assignees.

Rules (the `lead_assignment` setting): `none`; `round_robin`, the assignee given
a lead least recently (never given one first); `region`, round robin among the
assignees of the lead's region, else among those with no region; `fewest_open`,
the assignee with the fewest open leads; `dispatch`, the task dispatch module's
answer to `task_dispatch_request`, falling back to round robin when no enabled
module answers. Only active users take leads; ties go to the lower user id.

With the task dispatch module the request makes (or finds) a task on its board
linked back to the lead; when nobody suitable is free now the rule falls back to
round robin and the task waits. A later assignment of that task comes back as
`task_dispatch_task_changed`, and an open lead's owner follows (`follow_dispatch`).
"""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from crm_platform.sdk import User, ask_plugins, db, lazy_gettext as _l, public_url, utcnow

from plugins.sales_automation.models import Lead, LeadAssignee
from plugins.sales_automation.models.leads import OPEN_LEAD_STATUSES
from plugins.sales_automation.settings import settings

DISPATCH_HOOK = "task_dispatch_request"
"""The task dispatch module's documented request (the plugin guide in docs/, "Task dispatch")."""
DISPATCH_KIND = "lead"
"""The `kind` leads are asked for with, and the only one whose tasks this module follows."""


class AssigneeError(ValueError):
    """An assignee the list cannot take (an inactive user, one already listed for that region)."""


def active_assignees():
    """The LeadAssignee rows of active users, locked for this transaction where the database can."""
    return db.session.scalars(select(LeadAssignee).join(User, User.id == LeadAssignee.user_id)
                              .where(User.active.is_(True)).with_for_update(of=LeadAssignee)).all()


def _turn(rows):
    """{user id: when they were last given a lead (None: never)} for `rows`, one entry per user."""
    turns = {}
    for row in rows:
        # A user's rows (one per region) all move together; a row added since counts the latest turn.
        turns[row.user_id] = max(filter(None, (turns.get(row.user_id), row.last_assigned_at)), default=None)
    return turns


def _least_recent(rows):
    """The user of `rows` given a lead least recently (never first), the lower id on a tie; None when empty."""
    turns = _turn(rows)
    if not turns:
        return None
    return min(turns, key=lambda user_id: (turns[user_id] is not None, turns[user_id] or 0, user_id))


def _fewest_open(rows):
    """The user of `rows` with the fewest open leads, then the least recently given one, then the lower id."""
    turns = _turn(rows)
    if not turns:
        return None
    counts = dict(db.session.execute(select(Lead.owner_id, func.count()).where(
        Lead.owner_id.in_(turns), Lead.status.in_(OPEN_LEAD_STATUSES)).group_by(Lead.owner_id)).all())
    return min(turns, key=lambda user_id: (counts.get(user_id, 0), turns[user_id] is not None,
                                           turns[user_id] or 0, user_id))


def _by_region(rows, region):
    """Round robin among the assignees of `region`, else among those who take every region."""
    own = [row for row in rows if region and row.region == region]
    return _least_recent(own or [row for row in rows if row.region is None])


def _dispatched(lead):
    """The first active user the task dispatch module names for `lead`, or None (no module answered)."""
    for answer in ask_plugins(DISPATCH_HOOK, kind=DISPATCH_KIND, record_id=lead.id, title=lead.company or lead.name,
                              region=lead.region, customer_id=None, due=None, skills=[],
                              url=public_url("sales_leads.detail", lead_id=lead.id)):
        if isinstance(answer, int) and db.session.scalar(
                select(User.id).where(User.id == answer, User.active.is_(True))) is not None:
            return answer
    return None


def follow_dispatch(kind, record_id, status, assignee_id):
    """An open lead's owner becomes the active user its dispatch task was assigned to; anything else is ignored."""
    if kind != DISPATCH_KIND or status != "assigned" or not all(
            isinstance(value, int) and not isinstance(value, bool) for value in (record_id, assignee_id)):
        return
    lead = db.session.scalar(select(Lead).where(Lead.id == record_id, Lead.status.in_(OPEN_LEAD_STATUSES)))
    if lead is None or lead.owner_id == assignee_id:
        return
    if db.session.scalar(select(User.id).where(User.id == assignee_id, User.active.is_(True))) is not None:
        lead.owner_id = assignee_id


def choose_owner(lead):
    """The user id the workspace's rule gives `lead` (flushed, with an id), or None; records the turn."""
    rule = settings()["lead_assignment"]
    if rule == "none":
        return None
    if rule == "dispatch":
        chosen = _dispatched(lead)
        if chosen is not None:
            return chosen
    rows = active_assignees()
    if rule == "region":
        chosen = _by_region(rows, lead.region)
    elif rule == "fewest_open":
        chosen = _fewest_open(rows)
    else:  # round_robin, and dispatch when no module answered
        chosen = _least_recent(rows)
    now = utcnow()
    for row in rows:
        if row.user_id == chosen:
            row.last_assigned_at = now
    return chosen


def assignees():
    """Every LeadAssignee row with its user, by user name then region."""
    return db.session.execute(select(LeadAssignee, User).join(User, User.id == LeadAssignee.user_id)
                              .order_by(User.name, LeadAssignee.region, LeadAssignee.id)).all()


def add_assignee(user_id, region=None):
    """List an active user as taking new leads (of `region`, or of every region); not committed."""
    if db.session.scalar(select(User.id).where(User.id == user_id, User.active.is_(True))) is None:
        raise AssigneeError(_l("No active user with this id."))
    region = (region or "").strip() or None
    taken = select(LeadAssignee.id).where(LeadAssignee.user_id == user_id)
    taken = taken.where(LeadAssignee.region == region if region else LeadAssignee.region.is_(None))
    if db.session.scalar(taken) is not None:
        raise AssigneeError(_l("This user already takes these leads."))
    row = LeadAssignee(user_id=user_id, region=region)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError as exc:  # someone added the same row meanwhile
        raise AssigneeError(_l("This user already takes these leads.")) from exc
    return row


def remove_assignee(row):
    """Take a user (for one region) off the list; not committed."""
    db.session.delete(row)
