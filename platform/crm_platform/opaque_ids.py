"""Opaque ids for workspaces and their rows: random, so an id says nothing about how much data others hold.

A global counter tells every tenant how many rows all tenants made before its own
(a new workspace's first customer was #2001), and a workspace's own id how many
companies signed up before it. New workspaces (`Tenant`) and new rows of every
TenantScoped table instead get a random integer in [2**32, 2**53): far above any counter id
(old rows keep theirs, so old links keep working), safe in JavaScript numbers,
and 2**53 - 2**32 possible values per table make a collision astronomically
unlikely; should one happen anyway the primary key refuses the row (an error,
never a merged or overwritten record).

The id is the `id` column's Python-side default, so ORM adds and Core bulk
inserts (imports, the demo) get one alike. It is installed by a mapper event on
the TenantScoped mixin, so every tenant-owned model gets it, plugins' included,
without declaring anything; `Tenant.id` declares the same default. The same event
makes `id`, every `*_id` column (references to those ids, `tenant_id` included) and
every column a foreign key points at an `id` with BIGINT on PostgreSQL; on SQLite
INTEGER already holds 64 bits and stays INTEGER, so `INTEGER PRIMARY KEY` keeps
being the rowid.
"""
import re
import secrets

from sqlalchemy import BigInteger, Integer, event
from sqlalchemy.schema import ColumnDefault

ID_MIN = 2**32
ID_MAX = 2**53  # exclusive: every id is exact in a JavaScript number
# The largest id a column can hold (BIGINT): the URL converter and schemas accept up to it.
MAX_ID = 2**63 - 1

ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")
_ID_NAME = re.compile(r"(?:^|_)ids?\Z")


def new_id():
    """A random id in [ID_MIN, ID_MAX)."""
    return ID_MIN + secrets.randbelow(ID_MAX - ID_MIN)


def holds_ids(name):
    """True for a column or field name that holds row ids (`id`, `owner_id`, `tenant_id`, `user_ids`)."""
    return bool(_ID_NAME.search(name))


def refers_to_ids(column):
    """True for a column a foreign key points at another table's `id` (`uploaded_by`, `done_by`)."""
    return any(fk.target_fullname.endswith(".id") for fk in column.foreign_keys)


def give_opaque_ids(table):
    """Give `table`'s integer `id` primary key the random default, and widen its id columns on PostgreSQL."""
    for column in table.columns:
        widen = holds_ids(column.name) or refers_to_ids(column)
        if widen and isinstance(column.type, Integer) and not isinstance(column.type, BigInteger):
            column.type = ID_TYPE
    id_column = table.columns.get("id")
    if id_column is not None and id_column.primary_key and id_column.default is None:
        ColumnDefault(new_id)._set_parent_with_dispatch(id_column)


def install(mixin):
    """Apply give_opaque_ids to the table of every model that mixes in `mixin`, as it is mapped."""

    @event.listens_for(mixin, "instrument_class", propagate=True)
    def _opaque_ids(mapper, cls):
        """New tenant-owned rows get random ids."""
        table = getattr(cls, "__table__", None)
        if table is not None:
            give_opaque_ids(table)
