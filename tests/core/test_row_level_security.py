"""PostgreSQL row-level security, the second wall (docs/security.md, "Row-level security (PostgreSQL)").

With the ORM's tenant filter out of the way, the database itself still shows a
tenant only its own rows and refuses rows written for another. PostgreSQL only:
SQLite has no row-level security.
"""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import ProgrammingError

from crm_platform import create_app
from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.rls import check_database_role
from crm_platform.rls.policies import unprotected_tenant_tables
from crm_platform.rls.roles import UnsafeDatabaseRole
from crm_platform.tenancy import TenantSession, _add_tenant_criteria, tenant_scope, unscoped


@pytest.fixture(autouse=True)
def postgresql_only(app):
    """Skip on SQLite, which has no row-level security (the ORM scoping is its only wall)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row-level security is PostgreSQL's")


@contextmanager
def orm_criteria_off():
    """Inside the block the session adds no tenant filter: only the database's policy is left."""
    event.remove(TenantSession, "do_orm_execute", _add_tenant_criteria)
    try:
        yield
    finally:
        event.listen(TenantSession, "do_orm_execute", _add_tenant_criteria)


def tenants_of_customers():
    """The tenant ids of the customers the current transaction can see, with no filter of ours."""
    return set(db.session.connection().execute(text("SELECT DISTINCT tenant_id FROM customers")).scalars())


def test_the_app_runs_as_a_role_the_policies_bind(app):
    """Tests run as they would in production: no superuser, no BYPASSRLS, every tenant table protected."""
    with app.app_context():
        role = db.session.connection().execute(text(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")).one()
        assert (role.rolsuper, role.rolbypassrls) == (False, False), role.rolname
        assert unprotected_tenant_tables(db.session.connection()) == []


def test_with_the_orm_filter_off_the_database_still_shows_one_tenant(app, world):
    """An ORM query without the tenant criteria returns only the scoped tenant's customers."""
    acme, globex = world.acme, world.globex
    with app.app_context():
        with unscoped("test: both tenants have customers"):
            assert tenants_of_customers() == {acme.id, globex.id}
        db.session.commit()
        with tenant_scope(acme.id), orm_criteria_off():
            tenants = {c.tenant_id for c in db.session.scalars(select(Customer))}
            by_id = db.session.scalar(select(Customer).where(Customer.id == globex.customers["s1"].id))
        assert tenants == {acme.id}
        assert by_id is None


def test_raw_sql_sees_only_the_tenant_in_scope_in_every_transaction(app, world):
    """Connection-level SQL (no ORM at all) is scoped too, after a commit and after the tenant changes."""
    acme, globex = world.acme, world.globex
    with app.app_context():
        with tenant_scope(acme.id):
            assert tenants_of_customers() == {acme.id}
            db.session.commit()
            assert tenants_of_customers() == {acme.id}  # a new transaction, scoped again
            with tenant_scope(globex.id):  # the same transaction, another tenant
                assert tenants_of_customers() == {globex.id}
            assert tenants_of_customers() == {acme.id}
            db.session.rollback()


def test_outside_any_scope_the_database_shows_nothing(app, world):
    """No tenant in scope and not in the hatch: the policy matches no row (the setting is missing)."""
    with app.app_context():
        assert tenants_of_customers() == set()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
            assert conn.execute(text("SELECT current_setting('crm.tenant_id', true)")).scalar() in (None, "")


def test_a_row_for_another_tenant_is_refused_by_the_policy(app, world):
    """WITH CHECK: inserting or moving a row into another tenant fails; its rows cannot be changed."""
    acme, globex = world.acme, world.globex
    insert = text("INSERT INTO customers (id, tenant_id, name, kind, status, level, owner_id, created_at, updated_at)"
                  " VALUES (:id, :tenant, 'Intruder', 'company', 'following', 'potential', :owner, now(), now())")
    with app.app_context():
        with tenant_scope(acme.id):
            conn = db.session.connection()
            with pytest.raises(ProgrammingError, match="row-level security"):
                conn.execute(insert, {"id": 2 ** 40, "tenant": globex.id, "owner": globex.users["rep_n1"].id})
            db.session.rollback()
            conn = db.session.connection()
            with pytest.raises(ProgrammingError, match="row-level security"):
                conn.execute(text("UPDATE customers SET tenant_id = :g WHERE tenant_id = :a"),
                             {"g": globex.id, "a": acme.id})
            db.session.rollback()
            conn = db.session.connection()
            assert conn.execute(text("UPDATE customers SET name = 'Taken' WHERE tenant_id = :g"),
                                {"g": globex.id}).rowcount == 0
            assert conn.execute(text("DELETE FROM customers WHERE tenant_id = :g"), {"g": globex.id}).rowcount == 0
            conn.execute(insert, {"id": 2 ** 40, "tenant": acme.id, "owner": acme.users["rep_n1"].id})
            db.session.rollback()


def test_the_setting_ends_with_its_transaction(app, world):
    """A pooled connection never carries a tenant into the next transaction (set_config(..., true))."""
    with app.app_context():
        with tenant_scope(world.acme.id):
            assert tenants_of_customers() == {world.acme.id}
            db.session.commit()
        connection = db.session.connection()
        assert connection.execute(text("SELECT current_setting('crm.tenant_id', true)")).scalar() in (None, "")
        assert connection.execute(text("SELECT current_user")).scalar() == connection.engine.url.username


def test_the_hatch_switches_role_only_inside_its_block(app, world):
    """unscoped() enters the BYPASSRLS role for its block and leaves it in the same transaction."""
    with app.app_context():
        with tenant_scope(world.acme.id):
            with unscoped("test: the hatch's role"):
                inside = db.session.connection().execute(text("SELECT current_user")).scalar()
            assert tenants_of_customers() == {world.acme.id}
            after = db.session.connection().execute(text("SELECT current_user")).scalar()
    assert inside == app.config["CRM_DATABASE_BYPASS_ROLE"]
    assert after != inside


def superuser_app(test_database, tmp_path, **config):
    """An app on the test database through the superuser URL the test run was given."""
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": test_database.admin_url
                       .render_as_string(hide_password=False), **config}, instance_path=str(tmp_path / "i"))


def first_query(app):
    """Connect and run one statement."""
    with app.app_context():
        try:
            return db.session.connection().execute(text("SELECT 1")).scalar()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_superuser_role_is_refused_unless_allowed(app, test_database, tmp_path):
    """At start-up the app refuses a role that skips the policies, with the way out in the message."""
    refused = superuser_app(test_database, tmp_path)
    with pytest.raises(UnsafeDatabaseRole, match="superuser.*CRM_ALLOW_RLS_BYPASS_ROLE=1"):
        check_database_role(refused)  # what wsgi.py and `crm worker` do before serving
    with pytest.raises(UnsafeDatabaseRole):
        first_query(refused)  # and it stays refused, however the app is reached
    assert first_query(superuser_app(test_database, tmp_path, CRM_ALLOW_RLS_BYPASS_ROLE=True)) == 1


def test_a_missing_hatch_role_is_refused(app, tmp_path):
    """A bypass role that does not exist is reported at start-up, not when someone signs in."""
    other = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config[
        "SQLALCHEMY_DATABASE_URI"], "CRM_DATABASE_BYPASS_ROLE": "crm_no_such_role"}, instance_path=str(tmp_path / "i"))
    with pytest.raises(UnsafeDatabaseRole, match="crm_no_such_role.*does not exist"):
        first_query(other)
