"""The row-level security policy of a tenant-owned table, and the catalog check that none lacks it.

The policy compares the row's `tenant_id` with the transaction's `crm.tenant_id`
setting (`connection.py` sets it). A missing or empty setting is NULL, which matches
no row and lets no row be written: outside a tenant scope nothing is visible. FORCE
makes the policy bind the table's owner too, which is usually the app's own role.

Released migrations call these helpers, so the SQL they write for a table must stay
as it is; a different policy would come with a new helper and new revisions.
"""
from sqlalchemy import text

POLICY = "tenant_isolation"
TENANT_SETTING = "crm.tenant_id"
# current_setting(..., true) is NULL when the setting was never made, and '' once a
# transaction that made it has ended; both must match nothing, never raise.
_CURRENT_TENANT = f"NULLIF(current_setting('{TENANT_SETTING}', true), '')::bigint"
PREDICATE = f"tenant_id = {_CURRENT_TENANT}"


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'


def enable_statements(table):
    """The SQL that puts `table` (which has a tenant_id column) behind the tenant policy; idempotent."""
    name = _quoted(table)
    return [
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {name}",
        f"CREATE POLICY {POLICY} ON {name} USING ({PREDICATE}) WITH CHECK ({PREDICATE})",
    ]


def disable_statements(table):
    """The SQL that takes `table` out from behind the tenant policy (a migration's downgrade)."""
    name = _quoted(table)
    return [
        f"DROP POLICY IF EXISTS {POLICY} ON {name}",
        f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY",
    ]


def enable_tenant_rls(op, *tables):
    """In a migration's upgrade(): put each tenant-owned table behind the tenant policy (PostgreSQL only)."""
    _run(op, [sql for table in tables for sql in enable_statements(table)])


def disable_tenant_rls(op, *tables):
    """In a migration's downgrade(): undo :func:`enable_tenant_rls` for each table (PostgreSQL only)."""
    _run(op, [sql for table in tables for sql in disable_statements(table)])


def _run(op, statements):
    if op.get_context().dialect.name != "postgresql":
        return  # SQLite has no row-level security; the ORM scoping is the only wall there
    for sql in statements:
        op.execute(sql)


_TENANT_TABLES = text("""
    SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
           EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = :policy) AS has_policy
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
    ORDER BY c.relname
""")


def tenant_tables(connection):
    """Every table of the current schema with a tenant_id column, as rows (name, enabled, forced, has_policy)."""
    return connection.execute(_TENANT_TABLES, {"policy": POLICY}).all()


def unprotected_tenant_tables(connection):
    """Names of the tables with a tenant_id column that lack the policy, ENABLE or FORCE."""
    return [row.name for row in tenant_tables(connection) if not (row.enabled and row.forced and row.has_policy)]


def protect_every_tenant_table(connection):
    """Put every table with a tenant_id column behind the policy: for schemas made by create_all (tests)."""
    for row in tenant_tables(connection):
        for sql in enable_statements(row.name):
            connection.exec_driver_sql(sql)
