"""What the session sends carries the tenant: flushes, refreshes, loads by key (docs/architecture.md, Routing by tenant)."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import StatementError

from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.tenancy import TenantScopeError, current_tenant_param, tenant_scope, unscoped
from crm_platform.testing.routing_rule import unrouted_tables


@contextmanager
def statements_sent():
    """The SQL texts sent on `db.engine` inside the block."""
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def unrouted(sent, dialect):
    """The statements of `sent` that reach `customers` without `tenant_id = <value>`."""
    return [sql for sql in sent if unrouted_tables(sql, dialect, {"customers"})]


def test_updates_deletes_refreshes_and_loads_by_key_name_the_tenant(tenant_session, world):
    with tenant_session(world.acme) as session:
        with statements_sent() as sent:
            customer = session.get(Customer, world.acme.customers["s1"].id)
            customer.name = "Renamed"
            session.flush()
            session.expire(customer)
            assert customer.name == "Renamed"
            doomed = Customer(name="Short-lived")
            session.add(doomed)
            session.flush()
            session.delete(doomed)
            session.commit()
            assert customer.name == "Renamed"
        dialect = db.engine.dialect.name
    kinds = {sql.split()[0] for sql in sent if "customers" in sql}
    assert kinds >= {"SELECT", "UPDATE", "INSERT", "DELETE"}
    assert unrouted(sent, dialect) == []


def test_current_tenant_param_is_the_tenant_in_scope_when_the_statement_runs(app, world):
    count = select(func.count(Customer.id)).where(Customer.tenant_id == current_tenant_param())
    with app.app_context(), unscoped("test: no loader criteria, only the parameter"):
        with tenant_scope(world.acme.id):
            assert db.session.scalar(count) == len(world.acme.customers)
        with tenant_scope(world.globex.id):
            assert db.session.scalar(count) == len(world.globex.customers)
        with pytest.raises(StatementError) as raised:
            db.session.scalar(count)
        assert isinstance(raised.value.orig, TenantScopeError)
