"""ON DELETE SET NULL for same-tenant keys, done by the ORM because the databases cannot do it for them.

A same-tenant foreign key is composite, (tenant_id, x_id) -> target(tenant_id, id)
(`same_tenant_fk`). Declared ON DELETE SET NULL, SQLite and PostgreSQL (before
15's column lists, which SQLite lacks) null *every* column of the key, tenant_id
too, which is NOT NULL: the delete fails (a customer a lead became could not be
deleted). So before the ORM deletes a row, every such key pointing at it is set to
NULL here, its tenant_id kept; the database's own rule then finds nothing left.
"""
from sqlalchemy import event, update

from crm_platform.extensions import db


_FOUND = {}


def set_null_keys(table):
    """[(referencing table, its key column)] of the same-tenant keys into `table` declared ON DELETE SET NULL."""
    # Found once per table and set of tables (tests map plugins' tables later): deletes come in loops.
    key = (table.name, len(db.metadata.tables))
    if key not in _FOUND:
        _FOUND[key] = _search(table)
    return _FOUND[key]


def _search(table):
    found = []
    for other in db.metadata.tables.values():
        for constraint in other.foreign_key_constraints:
            columns = [column.name for column in constraint.columns]
            if ((constraint.ondelete or "").upper() == "SET NULL" and constraint.referred_table is table
                    and len(columns) == 2 and columns[0] == "tenant_id"):
                found.append((other, other.c[columns[1]]))
    return found


@event.listens_for(db.Model, "before_delete", propagate=True)
def _forget_references(mapper, connection, target):
    """Null the same-tenant SET NULL keys that point at `target` in the same flush, before it is deleted."""
    if "tenant_id" not in mapper.local_table.c:
        return
    for table, column in set_null_keys(mapper.local_table):
        connection.execute(update(table).where(table.c.tenant_id == target.tenant_id, column == target.id)
                           .values({column.name: None}))
