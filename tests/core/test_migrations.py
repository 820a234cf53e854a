"""The Alembic migrations build exactly the schema the models describe.

A fresh database is upgraded with `crm db upgrade`'s code path, then Alembic's
autogenerate compares it with the models: any difference means a model changed
without a migration (regenerate it, see docs/development.md). Runs on SQLite,
or on PostgreSQL in a throwaway schema when CRM_TEST_DATABASE_URL is set.
"""
import os
import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from crm_platform import create_app
from crm_platform.extensions import db
from crm_platform.rls.policies import tenant_tables, unprotected_tenant_tables


@pytest.fixture
def migrated_app(tmp_path):
    """An app whose database was created by the migrations alone (no create_all)."""
    url = os.environ.get("CRM_TEST_DATABASE_URL")
    options = {}
    schema = None
    if url and url.startswith("postgresql"):
        # A schema of our own, so this test never meets tables other tests made.
        schema = f"migration_test_{uuid.uuid4().hex[:12]}"
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    elif not url or url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    # The run's URL is a superuser's: it may create schemas, and the migrations have
    # nothing to hide from it (the app refuses such a role unless told otherwise).
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "CRM_ALLOW_RLS_BYPASS_ROLE": True},
                     instance_path=str(tmp_path / "instance"))
    with app.app_context():
        flask_migrate.upgrade(revision="heads")
        yield app
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def test_migrations_match_models(migrated_app):
    """Autogenerate finds nothing to add, drop or alter after upgrading to head."""
    env = migrated_app.extensions["migrate"].configure_args
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, **env})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], (
        "The models and the migrations differ; run `crm db migrate -m '<what changed>'` "
        f"against a freshly upgraded database and review the result:\n{diff}"
    )


def test_tenant_references_are_composite_foreign_keys(migrated_app):
    """References between tenant-owned tables carry tenant_id, so they cannot cross tenants."""
    fks = inspect(db.engine).get_foreign_keys("customers")
    owner = [fk for fk in fks if fk["referred_table"] == "users"]
    assert owner and owner[0]["constrained_columns"] == ["tenant_id", "owner_id"]
    assert owner[0]["referred_columns"] == ["tenant_id", "id"]
    assert owner[0]["name"] == "fk_customers_tenant_id_owner_id_users"


def test_database_refuses_a_reference_into_another_tenant(migrated_app):
    """A customer of tenant B owned by a user of tenant A is refused by the migrated schema."""
    now = "2026-01-01 00:00:00"
    with db.engine.connect() as conn:
        for tid in (1, 2):
            conn.execute(text("INSERT INTO tenants (id, name, slug, settings, created_at) "
                              "VALUES (:id, :n, :n, '{}', :now)"), {"id": tid, "n": f"t{tid}", "now": now})
        conn.execute(text("INSERT INTO users (id, tenant_id, name, email, password_hash, role, active, "
                          "created_at, updated_at) VALUES (1, 1, 'A', 'a@x.test', 'x', 'rep', :t, :now, :now)"),
                     {"t": True, "now": now})
        conn.commit()
        insert = text("INSERT INTO customers (tenant_id, name, kind, status, level, owner_id, created_at, "
                      "updated_at) VALUES (:tid, 'C', 'company', 'following', 'potential', 1, :now, :now)")
        conn.execute(insert, {"tid": 1, "now": now})
        conn.commit()
        with pytest.raises(IntegrityError):
            conn.execute(insert, {"tid": 2, "now": now})
        conn.rollback()


def test_every_tenant_table_has_row_level_security(migrated_app):
    """PostgreSQL: each table with a tenant_id column, core's and every installed plugin's, is behind the policy.

    The catalog is read, not the models: a table a revision forgets (or a plugin's
    new table without `enable_tenant_rls` in its migration) is listed by name.
    """
    with db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("row-level security is PostgreSQL's")
        tables = [row.name for row in tenant_tables(conn)]
        unprotected = unprotected_tenant_tables(conn)
    assert {"customers", "users", "sales_automation_opportunities", "crm_feedback_notes"} <= set(tables)
    assert unprotected == [], (
        "Tables with a tenant_id column but no row-level security: put them behind the policy in a new "
        f"revision of their branch with enable_tenant_rls(op, ...) (docs/plugins.md, Migrations): {unprotected}")


def test_downgrade_to_base_and_back(migrated_app):
    """Every migration can be undone and redone."""
    flask_migrate.downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade(revision="heads")
    assert "customers" in inspect(db.engine).get_table_names()



def seed_old_rows(customer=None, contact=None):
    """At an old revision (core_0010): tenant 1 with user 1, and customer 1 with contact 1 and one activity.

    `customer` and `contact` add or replace columns of those rows, e.g. a phone.
    """
    now = "2026-01-01 00:00:00"
    rows = {
        "tenants": {"id": 1, "name": "t", "slug": "t", "settings": "{}", "created_at": now},
        "users": {"id": 1, "tenant_id": 1, "name": "A", "email": "a@x.test", "password_hash": "x", "role": "rep",
                  "active": True, "created_at": now, "updated_at": now},
        "customers": {"id": 1, "tenant_id": 1, "name": "C", "kind": "company", "status": "following",
                      "level": "potential", "owner_id": 1, "created_at": now, "updated_at": now, **(customer or {})},
        "contacts": {"id": 1, "tenant_id": 1, "customer_id": 1, "name": "P", "created_at": now, "updated_at": now,
                     **(contact or {})},
        "activities": {"id": 1, "tenant_id": 1, "customer_id": 1, "user_id": 1, "kind": "call", "occurred_at": now,
                       "created_at": now},
    }
    with db.engine.begin() as conn:
        for table, values in rows.items():
            conn.execute(text(f"INSERT INTO {table} ({', '.join(values)}) VALUES "
                              f"({', '.join(':' + column for column in values)})"), values)


def test_upgrading_keeps_the_rows_under_rebuilt_tables(migrated_app):
    """SQLite rebuilds a table to add a foreign key (core_0014 on customers); its contacts and activities stay."""
    flask_migrate.downgrade(revision="core_0010")
    seed_old_rows()
    flask_migrate.upgrade(revision="heads")
    with db.engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("customers", "contacts", "activities")]
        if conn.dialect.name == "sqlite":  # and foreign keys are enforced again afterwards
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert counts == [1, 1, 1]
