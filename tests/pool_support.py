"""Helpers shared by the customer pool tests: workspace rules, fixed dates, running the daily job."""
from datetime import datetime, timezone

from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.jobs.runner import run_job
from crm_platform.models import Activity, Customer, Job, Tenant
from crm_platform.pool.job import KIND
from crm_platform.tenancy import tenant_scope


def utc(text):
    """An aware UTC datetime from an ISO text."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def set_workspace(tenant_session, tenant, **settings):
    """Store workspace settings directly (the settings API has its own test)."""
    with tenant_session(tenant.slug) as session:
        row = session.get(Tenant, tenant.id)
        row.settings = {**(row.settings or {}), **settings}
        session.commit()


def assign_all(tenant_session, tenant, when):
    """Mark every customer of the tenant as assigned to its owner at `when` (ISO, UTC)."""
    with tenant_session(tenant.slug) as session:
        for customer in session.scalars(select(Customer)):
            customer.assigned_at = utc(when)
        session.commit()


def log(tenant_session, tenant, customer_key, user_key, when):
    """An activity on a world customer by a world user at `when` (ISO, UTC)."""
    with tenant_session(tenant.slug) as session:
        session.add(Activity(customer_id=tenant.customers[customer_key].id, user_id=tenant.users[user_key].id,
                             kind="call", occurred_at=utc(when)))
        session.commit()


def pool_run(app, tenant, today):
    """Run the daily pool job for `tenant` (a world tenant or an id) on the local date `today`; its result."""
    tenant_id = getattr(tenant, "id", tenant)
    with app.app_context(), tenant_scope(tenant_id):
        job = Job(user_id=None, kind=KIND, params={"today": today})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    with app.app_context():
        run_job(job_id, tenant_id)
    with app.app_context(), tenant_scope(tenant_id):
        job = db.session.get(Job, job_id)
        assert job.status == "finished", job.error
        return job.result


def pooled(app, tenant):
    """{customer key: pool unit key (None: the company's pool)} of the tenant's pooled customers."""
    keys = {c.id: key for key, c in tenant.customers.items()}
    units = {u.id: key for key, u in tenant.units.items()}
    with app.app_context(), tenant_scope(tenant.id):
        rows = db.session.execute(select(Customer.id, Customer.pool_unit_id, Customer.owner_id)
                                  .where(Customer.pooled_at.is_not(None))).all()
    assert all(row.owner_id is None for row in rows)
    return {keys[row.id]: units.get(row.pool_unit_id) for row in rows}


def to_pool(tenant_session, tenant, *keys):
    """Put world customers in their pools as the daily job would (by the workspace's pool_scope)."""
    from crm_platform.pool.service import put_in_pool

    with tenant_session(tenant.slug) as session:
        row = session.get(Tenant, tenant.id)
        for key in keys:
            put_in_pool(session.get(Customer, tenant.customers[key].id), "inactive", None, row)
        session.commit()
