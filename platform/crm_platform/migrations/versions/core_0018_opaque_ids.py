"""opaque ids: tenants.id and the id columns of tenant-owned tables become BIGINT on PostgreSQL

Revision ID: core_0018
Revises: core_0017
Create Date: 2026-12-02 19:20:00

New workspaces and new rows of tenant-owned tables get random ids in [2**32, 2**53)
(crm_platform/opaque_ids.py), which an INTEGER column cannot hold. Existing rows
keep their ids, so old links keep working. On SQLite INTEGER is already 64 bits
(and must stay INTEGER to remain the rowid), so nothing changes there.

Every table with a tenant_id column present when this runs is widened (core
tables, and plugin tables that exist by then; a plugin widens its own tables in
its own branch too, whichever runs first). This revision should stay after every
core revision that adds id columns as INTEGER.
"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0018'
down_revision = 'core_0017'
branch_labels = None
depends_on = None

# A snapshot of opaque_ids.holds_ids: `id`, `owner_id`, `tenant_id`, `user_ids`.
_ID_NAME = re.compile(r"(?:^|_)ids?\Z")


def _id_columns(bind, from_type):
    """(table, column, nullable) of every id column of type `from_type`: tenants.id, and those of tables with a tenant_id.

    Id columns are named `id` or `*_id(s)` (tenant_id included), or a foreign
    key points them at an `id` (`uploaded_by`, `done_by`).
    """
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        columns = inspector.get_columns(table)
        if table == "tenants":
            yield from ((table, c["name"], c["nullable"]) for c in columns
                        if c["name"] == "id" and type(c["type"]) is from_type)
            continue
        if table == "alembic_version" or not any(c["name"] == "tenant_id" for c in columns):
            continue
        referring = {mine for fk in inspector.get_foreign_keys(table)
                     for mine, theirs in zip(fk["constrained_columns"], fk["referred_columns"]) if theirs == "id"}
        for column in columns:
            name = column["name"]
            if type(column["type"]) is not from_type:
                continue
            if _ID_NAME.search(name) or name in referring:
                yield table, name, column["nullable"]


def _alter(from_type, to_type):
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, name, nullable in list(_id_columns(bind, from_type)):
        op.alter_column(table, name, type_=to_type, existing_type=from_type(), existing_nullable=nullable)


def upgrade():
    """Widen the id and reference columns of tenant-owned tables to BIGINT (PostgreSQL only)."""
    _alter(sa.INTEGER, sa.BigInteger())


def downgrade():
    """Narrow them back to INTEGER (PostgreSQL refuses while a random id is stored)."""
    _alter(sa.BIGINT, sa.Integer())
