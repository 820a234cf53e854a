"""Each PostgreSQL transaction carries the tenant it serves, from the context the ORM scoping reads.

The ORM's tenant filter is the first wall; the policy (`policies.py`) is the second,
and it can only work if the database knows the tenant. So before any statement runs,
the connection's transaction is brought in line with the Python context:

- `crm.tenant_id` is the tenant in scope (`tenancy.current_tenant_id()`), or empty;
- inside `unscoped(...)`, the audited escape hatch, the transaction switches to the
  bypass role (`CRM_DATABASE_BYPASS_ROLE`, BYPASSRLS), and back when the block ends.

Both are set with `set_config(..., true)`, which lasts until the transaction ends
(like SET LOCAL), so no tenant can outlive its transaction on a pooled connection
(pgbouncer's transaction pooling included). They are checked before every
statement, not only when a transaction begins, because the context can change
inside one transaction: sign-in looks the account up unscoped and then enters its
tenant, the schedule tick walks every workspace in turn. The check is a tuple
comparison; the round trip to change the settings happens only when the context did.
"""
from sqlalchemy import event

from crm_platform import tenancy
from crm_platform.rls.policies import TENANT_SETTING
from crm_platform.rls.roles import check_role

_STATE = "crm_rls_state"
_SET = f"SELECT set_config('{TENANT_SETTING}', %s, true), set_config('role', %s, true)"
_SAVEPOINT_COMMANDS = ("SAVEPOINT", "ROLLBACK TO SAVEPOINT", "RELEASE SAVEPOINT")
# What a transaction starts with: no tenant setting and the login role.
_FRESH = (None, False)


def install(engine, config):
    """Listen on `engine` (PostgreSQL): check its role once, then keep every transaction in line with the context."""
    bypass_role = config.get("CRM_DATABASE_BYPASS_ROLE") or None

    @event.listens_for(engine, "first_connect")
    def _check_role(dbapi_connection, connection_record):
        """Refuse a role that skips row-level security, or a hatch the role cannot enter."""
        nonlocal bypass_role
        bypass_role = check_role(dbapi_connection, bypass_role, bool(config.get("CRM_ALLOW_RLS_BYPASS_ROLE")))

    @event.listens_for(engine, "before_cursor_execute")
    def _sync_scope(conn, cursor, statement, parameters, context, executemany):
        """Tell the transaction the tenant in scope (and enter or leave the hatch) before the statement runs."""
        wanted = (tenancy.current_tenant_id(), tenancy.is_unscoped())
        if conn.info.get(_STATE) == wanted:
            return
        if statement.startswith(_SAVEPOINT_COMMANDS):
            # Rolling back to a savepoint must reach a transaction a failed statement
            # aborted, where nothing else may run; the next statement sets the scope.
            return
        tenant_id, hatch = wanted
        settings = ("" if tenant_id is None else str(tenant_id), bypass_role if hatch and bypass_role else "none")
        if context is not None and parameters and _pipelined(cursor, executemany):
            context.crm_scope_settings = settings, wanted  # sent along with the statement (`_run_with_scope`)
            return
        _set(cursor, settings)
        conn.info[_STATE] = wanted

    @event.listens_for(engine, "do_execute")
    def _run_with_scope(cursor, statement, parameters, context):
        """Send the scope's settings and the statement together in a pipeline: one round trip, not two.

        They arrive as one batch, in order; an error in either is raised when
        the pipeline ends, and nothing after a failed command runs. Returns
        None (SQLAlchemy executes as usual) when the scope needed no change.
        """
        pending = getattr(context, "crm_scope_settings", None)
        if pending is None:
            return None
        settings, wanted = pending
        del context.crm_scope_settings
        with cursor.connection.pipeline():
            _set(cursor, settings)
            cursor.execute(statement, parameters)
        context.root_connection.info[_STATE] = wanted
        return True

    for name in ("begin", "commit", "rollback"):
        event.listen(engine, name, _fresh_transaction)
    event.listen(engine, "rollback_savepoint", _forget_state)


def _pipelined(cursor, executemany):
    """True when the statement can take its settings along: one execute on psycopg's plain client cursor.

    Server-side cursors and executemany (which pipelines by itself) keep the
    settings' own round trip, as does a libpq without pipeline mode (before 14),
    and so does a statement without parameters (the caller checks): it may be
    several statements in one string, which a pipeline cannot send.
    """
    return not executemany and type(cursor) is _PIPELINE_CURSOR


def _pipeline_cursor():
    """psycopg's plain cursor class when this libpq has pipeline mode, else None."""
    try:
        import psycopg
    except ImportError:  # another PostgreSQL driver: settings take their own round trip
        return None
    # psycopg 3.2 asks `capabilities`; 3.1 (which setup.cfg allows) only has Pipeline.is_supported().
    capabilities = getattr(psycopg, "capabilities", None)
    supported = capabilities.has_pipeline() if capabilities else psycopg.Pipeline.is_supported()
    return psycopg.Cursor if supported else None


_PIPELINE_CURSOR = _pipeline_cursor()


def _set(cursor, settings):
    """Set the tenant and the role of the transaction on `cursor`'s connection."""
    # A cursor of its own: the statement's cursor may be a server-side one.
    own = cursor.connection.cursor()
    try:
        own.execute(_SET, settings)
    finally:
        own.close()


def _fresh_transaction(conn):
    """A transaction that begins or ends leaves the settings at their defaults."""
    if conn.invalidated:  # its connection is thrown away (and its info can no longer be read)
        return
    conn.info[_STATE] = _FRESH


def _forget_state(conn, name, context):
    """Rolling back to a savepoint undoes settings made after it: set them again before the next statement."""
    conn.info.pop(_STATE, None)
