"""Document numbers from per-workspace sequences: `<prefix>-<year>-<0001>`, unique and consecutive.

A sequence is a `Sequence` row named by the caller, per workspace: document
numbers use the kind and year (`contract-2026`). Taking a value is
one `UPDATE ... SET next_value = next_value + 1 RETURNING next_value`: the UPDATE
takes the row's lock (PostgreSQL holds it until the transaction ends, so a second
request waits and then sees the new value; SQLite serialises writers), which a
SELECT ... FOR UPDATE followed by an UPDATE would do in two round trips, and which
SQLite could not upgrade from a read. The first use inserts the row inside a
savepoint, so a concurrent first use that loses the race on the unique name falls
back to the UPDATE instead of failing the caller's transaction. A transaction that
is rolled back gives its number back with the rest of its work, so the numbers
stay consecutive.
"""
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from crm_platform.extensions import db
from crm_platform.models.sequences import Sequence
from crm_platform.workspace.clock import workspace_today


def next_sequence_value(name):
    """The next value of the workspace's sequence `name` (1 for a new one), locked until the transaction ends."""
    taken = _advance(name)
    if taken is not None:
        return taken
    try:
        with db.session.begin_nested():
            db.session.add(Sequence(name=name, next_value=2))
            db.session.flush()
        return 1
    except IntegrityError:
        # Another transaction created the sequence first: take its next value after it.
        return _advance(name)


def _advance(name):
    """The value taken from an existing sequence, or None when there is none yet."""
    stmt = (update(Sequence).where(Sequence.name == name).values(next_value=Sequence.next_value + 1)
            .returning(Sequence.next_value))
    after = db.session.execute(stmt, execution_options={"synchronize_session": False}).scalar()
    return None if after is None else after - 1


def document_number(kind, prefix, today=None):
    """The next number of a document `kind` this year: `HT-2026-0001` (no prefix: `2026-0001`)."""
    year = (today or workspace_today()).year
    value = next_sequence_value(f"{kind}-{year}")
    return "-".join(part for part in (prefix, str(year), f"{value:04d}") if part)
