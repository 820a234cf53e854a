"""How statements reach PostgreSQL: prepared once, not planned on every request, and sent with their settings.

`read_transactions` ends a transaction that only read with COMMIT, so that
psycopg keeps the statements it prepared (it forgets them on every rollback);
`rls/connection.py` sends the tenant's settings and the statement that needed
them in one pipeline. These tests hold both to what they must not change: a
transaction that wrote is still rolled back, and a statement that fails still
fails as SQLAlchemy reports any other. PostgreSQL only (psycopg's behaviour).
"""
import pytest
from sqlalchemy import column, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from crm_platform import create_app
from crm_platform.extensions import db
from crm_platform.models import Customer, Tenant
from crm_platform.rls import connection as rls_connection
from crm_platform.tenancy import tenant_scope, unscoped
from crm_platform.testing import bearer_client

PROBE = select(Customer.id).where(Customer.name == "no such customer")


@pytest.fixture(autouse=True)
def postgresql_only(app):
    """Skip on SQLite: prepared statements and pipelines are psycopg's."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("psycopg's prepared statements and pipelines are PostgreSQL's")


@pytest.fixture
def single_connection_app(app, tmp_path):
    """`single_connection_app(**config)`: an app on the test database whose pool holds one connection, so
    every transaction uses the same one."""
    made = []

    def make(**config):
        made.append(create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config[
            "SQLALCHEMY_DATABASE_URI"], "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0}, **config},
            instance_path=str(tmp_path / f"i{len(made)}")))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def one_connection(single_connection_app):
    """An app whose pool holds a single connection (see `single_connection_app`)."""
    return single_connection_app()


def prepared_statements():
    """The statements prepared on the session's connection (pg_prepared_statements is per connection)."""
    return db.session.connection().execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()


def run_in_requests(statement, times):
    """Run `statement` `times` times, each in its own transaction ended as a request ends it (session removed)."""
    for _ in range(times):
        db.session.execute(statement).all()
        db.session.remove()


def test_transactions_that_only_read_keep_their_prepared_statements(one_connection, world):
    """A statement run in five requests is prepared and stays prepared; before, every request planned it again."""
    with one_connection.app_context(), tenant_scope(world.acme.id):
        run_in_requests(PROBE, 6)
        assert any("no such customer" in s or "customers.name = $1" in s for s in prepared_statements())
        db.session.remove()


def test_prepared_statements_can_be_turned_off_for_pgbouncer(single_connection_app, world):
    """CRM_DATABASE_PREPARED_STATEMENTS=0 (pgbouncer before 1.21 in transaction pooling): nothing is prepared."""
    off = single_connection_app(CRM_DATABASE_PREPARED_STATEMENTS=False)
    with off.app_context(), tenant_scope(world.acme.id):
        run_in_requests(PROBE, 6)
        for _ in range(6):
            db.session.execute(PROBE).all()  # nor within one transaction
        assert prepared_statements() == []
        db.session.remove()


def test_the_customer_lists_page_is_planned_once(one_connection, world):
    """After a few requests the list's page runs on a generic plan: with LIMIT $n PostgreSQL planned it every time."""
    owner = world.acme.users["rep_n1"].id
    with one_connection.app_context(), tenant_scope(world.acme.id):
        # Enough customers for the planner's guess of a tenth of them to cost more than the page's 51.
        db.session.execute(insert(Customer), [{"name": f"Customer {n:05}", "owner_id": owner} for n in range(5000)])
        db.session.commit()
        db.session.connection().execute(text("ANALYZE customers"))  # as autovacuum would soon
        db.session.commit()
    client = bearer_client(one_connection, world.acme.tokens["executive"].secret)
    for _ in range(20):  # psycopg prepares at the 5th run; PostgreSQL weighs a generic plan after 5 more
        assert client.get("/api/v1/customers?limit=2").status_code == 200
    with one_connection.app_context():
        plans = db.session.connection().execute(text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%AS page JOIN customers%'")).all()
        db.session.remove()
    assert len(plans) == 1 and plans[0].generic_plans > 0, plans


def test_a_transaction_that_wrote_is_still_rolled_back(one_connection, world):
    """An insert flushed and never committed is gone when the request ends (and psycopg forgets what it prepared)."""
    owner = world.acme.users["rep_n1"].id
    with one_connection.app_context(), tenant_scope(world.acme.id):
        run_in_requests(PROBE, 6)
        db.session.add(Customer(name="never committed", owner_id=owner))
        db.session.flush()
        db.session.remove()
        assert db.session.scalar(select(func.count(Customer.id)).where(Customer.name == "never committed")) == 0
        assert not any("customers.name = $1" in s for s in prepared_statements())
        db.session.remove()


@pytest.mark.parametrize("written", ["insert", "text"])
def test_a_select_that_writes_through_a_cte_is_rolled_back(one_connection, written):
    """A SELECT over a data-modifying WITH counts as a write, one written as text too: its row does not outlive
    the request."""
    if written == "insert":
        made = insert(Tenant).values(id=2 ** 41, name="Through a CTE", slug="through-a-cte").returning(Tenant.id)
    else:
        made = text("INSERT INTO tenants (id, name, slug, settings, created_at) "
                    "VALUES (2199023255552, 'Through a CTE', 'through-a-cte', '{}', now()) RETURNING id"
                    ).columns(column("id"))
    made = made.cte("made")
    with one_connection.app_context():
        with unscoped("test: a write hidden in a SELECT"):
            assert db.session.execute(select(made.c.id)).scalar() == 2 ** 41
        db.session.remove()
        assert db.session.scalar(select(func.count(Tenant.id)).where(Tenant.slug == "through-a-cte")) == 0
        db.session.remove()


def test_a_lost_connection_is_rolled_back_without_an_error(app, world):
    """After the connection is invalidated mid-transaction (the server went away), rollback() does not raise."""
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.execute(PROBE).all()
        db.session.connection().invalidate()
        db.session.rollback()
        assert db.session.execute(PROBE).all() == []  # a new connection, scoped as ever
        db.session.remove()


def test_several_statements_in_one_string_still_run_after_a_scope_change(app, world):
    """Without parameters a statement may be several; it takes its settings in a round trip of their own."""
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.commit()
        db.session.connection().exec_driver_sql("SELECT 1; SELECT 2")
        assert set(db.session.connection().execute(text("SELECT DISTINCT tenant_id FROM customers")).scalars()) \
            == {world.acme.id}
        db.session.remove()


def test_a_statement_sent_with_its_settings_fails_as_any_other(app, world):
    """A transaction's first statement goes in one pipeline with the tenant's settings; its error is the usual one."""
    assert rls_connection._PIPELINE_CURSOR is not None, "this psycopg has no pipeline mode: the path is not tested"
    taken = world.acme.customers["s1"].id
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.commit()  # a fresh transaction: its first statement takes the settings along
        with pytest.raises(IntegrityError):
            db.session.execute(insert(Customer).values(id=taken, name="A second s1",
                                                       owner_id=world.acme.users["rep_n1"].id))
        db.session.rollback()
        # The next transaction is set up as ever: the policy shows acme's customers only.
        tenants = db.session.connection().execute(text("SELECT DISTINCT tenant_id FROM customers")).scalars()
        assert set(tenants) == {world.acme.id}
