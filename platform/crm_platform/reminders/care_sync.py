"""Care reminders kept in step with customers at once, in the transaction that changes them.

A customer created, or whose care date, kind or owner changes, gets its
reminder in the same commit when the care date falls in the workspace's window
(today to today + N), without waiting for the daily job; an open reminder that
no longer matches the care date (the date was changed or cleared) is removed,
and one whose occasion no longer matches the kind (company and person switched)
takes the new occasion instead of a second reminder for the same date. This
covers every writer alike (pages, API, imports, modules' jobs), because it
listens to the session rather than to one service function.
"""
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import attributes

from crm_platform.models import Customer, Reminder, Tenant, User
from crm_platform.models.reminders import OCCASIONS
from crm_platform.reminders.care import care_days, care_window, insert_absent, month_day
from crm_platform.tenancy import TenantSession
from crm_platform.workspace.settings import tenant_today

_WATCHED = ("care_date", "kind", "owner_id")
_PENDING = "care_sync_pending"


def occurs_on(care_date, day):
    """True when `day` is an occurrence of `care_date` (Feb 29 falls on Feb 28 in other years)."""
    return month_day(care_date) in care_window(day, 0)


@event.listens_for(TenantSession, "before_flush")
def _collect(session, flush_context, instances):
    """Remember the customers whose care reminders may have to change in this transaction."""
    pending = session.info.setdefault(_PENDING, {})  # customer: whether its care date or kind changed
    for obj in session.new:
        if isinstance(obj, Customer) and obj.care_date is not None:
            pending[obj] = True
    for obj in session.dirty:
        if isinstance(obj, Customer):
            changed = {key for key in _WATCHED if attributes.get_history(obj, key).has_changes()}
            if changed:
                pending[obj] = pending.get(obj, False) or bool(changed - {"owner_id"})
    for obj in session.deleted:
        pending.pop(obj, None)


def created_without_flush(session, customers):
    """Remember customers a set-based INSERT added (no flush saw them new), as `_collect` remembers new ones."""
    pending = session.info.setdefault(_PENDING, {})
    for customer in customers:
        if customer.care_date is not None:
            pending[customer] = True


@event.listens_for(TenantSession, "before_commit")
def _sync(session):
    """Bring the collected customers' reminders in step just before the commit, in the same transaction."""
    # Flush first: until then this transaction's last changes have not passed
    # through _collect (before_commit listeners run before the commit's own flush).
    session.flush()
    pending = session.info.pop(_PENDING, {})
    by_tenant = {}
    for customer, date_changed in pending.items():
        if customer.id is not None and customer not in session.deleted:
            by_tenant.setdefault(customer.tenant_id, {})[customer] = date_changed
    for tenant_id, group in by_tenant.items():
        sync_care_reminders(session, session.get(Tenant, tenant_id), group)


@event.listens_for(TenantSession, "after_rollback")
def _discard(session):
    """A rolled-back change syncs nothing."""
    session.info.pop(_PENDING, None)


def _wanted(session, tenant, customers):
    """{customer id: (occasion, due date)} of the reminders the customers should have now."""
    days = care_days(tenant)
    if days <= 0:
        return {}
    window = care_window(tenant_today(tenant), days)
    owners = {c.owner_id for c in customers if c.owner_id is not None}
    active = set(session.scalars(select(User.id).where(User.id.in_(owners), User.active.is_(True)))) if owners else set()
    return {c.id: (OCCASIONS[c.kind], window[month_day(c.care_date)]) for c in customers
            if c.care_date is not None and c.kind in OCCASIONS and month_day(c.care_date) in window
            and c.owner_id in active}


def _stale_and_relabelled(session, tenant, changed):
    """Ids of the open reminders of `changed` customers ({id: customer}) that no longer match: (stale, {occasion: ids})."""
    rows = session.execute(select(Reminder.id, Reminder.customer_id, Reminder.kind, Reminder.due_date).where(
        Reminder.tenant_id == tenant.id, Reminder.customer_id.in_(changed), Reminder.done_at.is_(None),
        Reminder.kind.in_(OCCASIONS.values()))).all()  # the pool's warnings are not care reminders
    stale, relabel = [], {}
    for row in rows:
        customer = changed[row.customer_id]
        if customer.care_date is None or not occurs_on(customer.care_date, row.due_date):
            stale.append(row.id)
        elif OCCASIONS.get(customer.kind, row.kind) != row.kind:
            relabel.setdefault(OCCASIONS[customer.kind], []).append(row.id)
    return stale, relabel


def sync_care_reminders(session, tenant, customers):
    """Add the reminders now due in the window; for `customers` {customer: care date or kind changed}, drop stale open ones.

    An owner change alone leaves the open reminders as they are (the customer
    service hands them to the new owner); only a changed date or kind can make
    one stale or give it the wrong occasion.
    """
    changed = {c.id: c for c, date_changed in customers.items() if date_changed}
    stale, relabel = _stale_and_relabelled(session, tenant, changed) if changed else ([], {})
    quiet = {"synchronize_session": False}
    if stale:
        session.execute(delete(Reminder).where(Reminder.id.in_(stale)), execution_options=quiet)
    for occasion, ids in relabel.items():
        session.execute(update(Reminder).where(Reminder.id.in_(ids)).values(kind=occasion), execution_options=quiet)
    owners = {c.id: c.owner_id for c in customers}
    insert_absent(session, [{"tenant_id": tenant.id, "customer_id": cid, "user_id": owners[cid], "kind": kind,
                             "due_date": due} for cid, (kind, due) in _wanted(session, tenant, list(customers)).items()])
