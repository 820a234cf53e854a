"""core_0016 fills "last contacted" for the customers that exist when it runs."""
from datetime import datetime, timezone

import flask_migrate
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from crm_platform.extensions import db
from test_migrations import migrated_app  # noqa: F401  (the fixture)


def test_the_migration_fills_last_contacted_from_existing_activities(migrated_app):  # noqa: F811
    config = current_app.extensions["migrate"].migrate.get_config()
    before = ScriptDirectory.from_config(config).get_revision("core_0016").down_revision
    flask_migrate.downgrade(revision=before)
    now = "2026-01-01 00:00:00"
    with db.engine.connect() as conn:
        conn.execute(text("INSERT INTO tenants (id, name, slug, settings, created_at) VALUES (1, 't', 't', '{}', :now)"),
                     {"now": now})
        for cid in (1, 2):
            conn.execute(text("INSERT INTO customers (id, tenant_id, name, kind, status, level, created_at, updated_at) "
                              "VALUES (:id, 1, 'C', 'company', 'following', 'potential', :now, :now)"),
                         {"id": cid, "now": now})
        for occurred in ("2026-03-01 09:00:00", "2026-05-02 10:30:00"):
            conn.execute(text("INSERT INTO activities (tenant_id, customer_id, kind, occurred_at, created_at) "
                              "VALUES (1, 1, 'call', :at, :now)"), {"at": occurred, "now": now})
        conn.commit()

    flask_migrate.upgrade(revision="heads")

    from crm_platform.models import Customer
    from crm_platform.tenancy import tenant_scope
    with tenant_scope(1):
        rows = {c.id: (c.last_contacted_at, c.next_follow_up_at) for c in db.session.query(Customer)}
    assert rows == {1: (datetime(2026, 5, 2, 10, 30, tzinfo=timezone.utc), None), 2: (None, None)}
