"""PostgreSQL row-level security: the database's own wall between tenants, behind the ORM's.

`policies` writes the policy on a tenant-owned table (migrations call it through
the SDK); `connection` tells each transaction which tenant it serves, from the same
context the ORM scoping reads; `roles` refuses to start on a role that would skip it.
See docs/security.md, "Row-level security (PostgreSQL)".
"""
from crm_platform.rls.connection import install


def init_app(app):
    """On PostgreSQL: check the app's role at first connect and scope every transaction to the tenant."""
    from crm_platform.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        install(engine, app.config)


def check_database_role(app):
    """Connect once now, so that a serving process refuses an unsafe role at start-up, not at its first request."""
    from crm_platform.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect():
                pass
