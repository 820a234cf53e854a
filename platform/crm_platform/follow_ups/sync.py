"""Follow-up dates kept in step with the activities, in the transaction that changes them.

Each activity's `follow_up_at` (due_at while planned, else its open next step's
due time) is set before every flush; just before the commit, the customers whose
activities changed get `last_contacted_at` (their latest logged activity) and
`next_follow_up_at` (their earliest open follow-up) again. Listening to the
session covers every writer alike: pages, API, modules and merges.
"""
from sqlalchemy import event, func, select, update

from crm_platform.models import Activity, Customer
from crm_platform.tenancy import TenantSession

_PENDING = "follow_up_customers"


def follow_up_time(activity):
    """When `activity` is an open follow-up (its due time), or None."""
    if activity.status == "planned":
        return activity.due_at
    if activity.next_step_due_at is not None and activity.next_step_done_at is None:
        return activity.next_step_due_at
    return None


@event.listens_for(TenantSession, "before_flush")
def _derive(session, flush_context, instances):
    """Set each written activity's follow-up time and remember its customer for the commit."""
    pending = session.info.setdefault(_PENDING, set())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Activity):
            obj.follow_up_at = follow_up_time(obj)
            pending.add((obj.tenant_id, obj.customer_id))
    for obj in session.deleted:
        if isinstance(obj, Activity):
            pending.add((obj.tenant_id, obj.customer_id))


@event.listens_for(TenantSession, "before_commit")
def _refresh(session):
    """Recompute the contact dates of the customers whose activities changed, in the same transaction."""
    # Flush first: until then this transaction's last changes have not passed
    # through _derive (before_commit listeners run before the commit's own flush).
    session.flush()
    for tenant_id, customer_id in session.info.pop(_PENDING, set()):
        refresh_contact_dates(session, tenant_id, customer_id)


@event.listens_for(TenantSession, "after_rollback")
def _discard(session):
    """A rolled-back change refreshes nothing."""
    session.info.pop(_PENDING, None)


def refresh_contact_dates(session, tenant_id, customer_id):
    """Set a customer's last_contacted_at and next_follow_up_at from its activities (updated_at stays)."""
    mine = (Activity.tenant_id == tenant_id, Activity.customer_id == customer_id)
    last = session.scalar(select(func.max(Activity.occurred_at)).where(*mine, Activity.status == "done"))
    nxt = session.scalar(select(func.min(Activity.follow_up_at)).where(*mine))
    # A bulk UPDATE: not a change of the customer for the audit trail or "recently changed".
    session.execute(update(Customer).where(Customer.tenant_id == tenant_id, Customer.id == customer_id)
                    .values(last_contacted_at=last, next_follow_up_at=nxt, updated_at=Customer.updated_at),
                    execution_options={"synchronize_session": "fetch"})


def refresh_all_contact_dates(session):
    """Recompute every customer's contact dates in the tenant in scope: for bulk inserts that bypass the hooks.

    One UPDATE with correlated subqueries (the tenant filter reaches them too),
    answered by the activities' indexes; e.g. the demo's Core inserts use it.
    """
    mine = Activity.customer_id == Customer.id
    session.execute(update(Customer).values(
        last_contacted_at=select(func.max(Activity.occurred_at)).where(mine, Activity.status == "done").scalar_subquery(),
        next_follow_up_at=select(func.min(Activity.follow_up_at)).where(mine).scalar_subquery(),
        updated_at=Customer.updated_at), execution_options={"synchronize_session": False})
