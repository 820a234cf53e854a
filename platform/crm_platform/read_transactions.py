"""On PostgreSQL, a transaction that only read ends with COMMIT, so that psycopg keeps its prepared statements.

psycopg prepares a statement on the server once a connection has run it five
times, and then skips parsing and planning it: for the customer list's page
that is 0.45 ms of a 0.8 ms statement. But psycopg forgets every prepared
statement whenever a transaction is rolled back (a rollback may have undone the
DDL a statement was prepared against), and SQLAlchemy ends every session, so
every request, with a rollback: no statement was ever prepared, and every
request planned all of its statements again.

For a transaction that changed nothing, COMMIT and ROLLBACK do the same thing
to the database. This module notes, for every statement SQLAlchemy sends,
whether it could write; when a transaction that sent only SELECTs is about to
be rolled back, it is committed instead (the rollback then has nothing to do).
Anything else is "could write" and is rolled back as before: INSERT, UPDATE,
DELETE, DDL, SAVEPOINT, text and driver SQL, a SELECT with a data-modifying
WITH, and any transaction in which a statement failed. A SELECT that calls a
function with a transactional side effect (pg_notify) would have it committed;
the product sends none (docs/architecture.md, Prepared statements).
"""
from sqlalchemy import event
from sqlalchemy.sql import CompoundSelect, Select

_READS = (Select, CompoundSelect)
# conn.info key: False while the transaction has only read, True once it may have written,
# absent outside a transaction SQLAlchemy began.
_WROTE = "crm_may_have_written"


def install(engine):
    """Listen on `engine` (PostgreSQL with psycopg): end transactions that only read with COMMIT."""
    event.listen(engine, "begin", _begun)
    event.listen(engine, "before_cursor_execute", _note_statement)
    event.listen(engine, "handle_error", _note_failure)
    event.listen(engine, "commit", _ended)
    event.listen(engine, "rollback", _commit_if_only_read)


def reads_only(context):
    """True when the statement of execution `context` is a SELECT (or UNION of them) whose WITHs are SELECTs too.

    A WITH is the only place PostgreSQL takes an INSERT, UPDATE or DELETE inside a
    SELECT; one written as text (`text(...).cte()`) might hold one, so only SELECTs count.
    """
    compiled = getattr(context, "compiled", None)
    if not isinstance(getattr(compiled, "statement", None), _READS):
        return False
    return all(isinstance(cte.element, _READS) for cte in getattr(compiled, "ctes", None) or ())


def _begun(conn):
    conn.info[_WROTE] = False


def _ended(conn):
    if not conn.invalidated:  # an invalidated connection's info can no longer be read; it is thrown away
        conn.info.pop(_WROTE, None)


def _note_statement(conn, cursor, statement, parameters, context, executemany):
    if conn.info.get(_WROTE) is False and not reads_only(context):
        conn.info[_WROTE] = True


def _note_failure(exception_context):
    conn = exception_context.connection
    if conn is not None and not conn.invalidated:
        conn.info[_WROTE] = True  # an aborted transaction is rolled back, as ever


def _commit_if_only_read(conn):
    """About to roll back: commit instead when the transaction only read (the rollback then finds nothing to do)."""
    if conn.invalidated:  # a lost connection: SQLAlchemy throws it away, and its info can no longer be read
        return
    if conn.info.pop(_WROTE, None) is not False:
        return
    try:
        conn.connection.dbapi_connection.commit()
    except conn.dialect.loaded_dbapi.Error:
        pass  # a broken connection: SQLAlchemy's rollback, which runs next, deals with it
