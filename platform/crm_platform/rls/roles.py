"""The start-up check: the app's database role must not skip row-level security.

A superuser or a role with BYPASSRLS never meets the policies, so the second wall
would silently be missing. The app refuses such a role unless
CRM_ALLOW_RLS_BYPASS_ROLE says so (an operator's tool, a benchmark loading data),
and checks that the escape hatch's role exists, bypasses the policies and can be
entered, so that sign-in does not fail later with a database error.
"""
_ROLE = """
    SELECT r.rolname, r.rolsuper, r.rolbypassrls,
           b.rolbypassrls AS hatch_bypasses,
           CASE WHEN b.oid IS NULL THEN false ELSE pg_has_role(current_user, b.oid, 'MEMBER') END AS hatch_member
    FROM pg_roles r LEFT JOIN pg_roles b ON b.rolname = %s
    WHERE r.rolname = current_user
"""


class UnsafeDatabaseRole(RuntimeError):
    """The app's PostgreSQL role would skip row-level security, or cannot enter the escape hatch."""


def check_role(dbapi_connection, bypass_role, allow_bypass):
    """Raise UnsafeDatabaseRole for a role that skips the policies; return the hatch's role (None: not needed)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_ROLE, (bypass_role or "",))
        name, superuser, bypassrls, hatch_bypasses, hatch_member = cursor.fetchone()
    finally:
        cursor.close()
        dbapi_connection.rollback()
    if superuser or bypassrls:
        if allow_bypass:
            return None  # the role skips the policies anyway; the hatch needs no other role
        raise UnsafeDatabaseRole(
            f"The database role {name!r} is a {'superuser' if superuser else 'role with BYPASSRLS'}: "
            "row-level security would not apply to it, so one tenant's data would be protected from "
            "another's by the application alone. Connect as a role without SUPERUSER and BYPASSRLS "
            "(see docs/deployment in README.md, 'Database roles'), or set CRM_ALLOW_RLS_BYPASS_ROLE=1 "
            "to run anyway (operator tools, benchmarks).")
    if not bypass_role or not hatch_bypasses or not hatch_member:
        raise UnsafeDatabaseRole(
            f"The escape hatch's database role {bypass_role!r} (CRM_DATABASE_BYPASS_ROLE) "
            + ("does not exist or lacks BYPASSRLS" if not hatch_bypasses else f"is not granted to {name!r}")
            + f": create it with `CREATE ROLE {bypass_role or 'crm_bypass'} NOLOGIN BYPASSRLS; "
            f"GRANT {bypass_role or 'crm_bypass'} TO {name};` and give it the app's table privileges "
            "(README.md, 'Database roles').")
    return bypass_role
