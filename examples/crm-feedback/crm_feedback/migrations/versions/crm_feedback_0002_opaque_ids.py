"""opaque ids: 64-bit id columns on PostgreSQL, newest-first index by creation time

New rows of tenant-owned tables (notes included) get random ids in
[2**32, 2**53), which an INTEGER column cannot hold on PostgreSQL; on SQLite
INTEGER is already 64 bits. The notes' newest-first order is by created_at now.

Revision ID: crm_feedback_0002
Revises: crm_feedback_0001
Depends on: core_0018
Create Date: 2026-12-02 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'crm_feedback_0002'
down_revision = 'crm_feedback_0001'
branch_labels = None
depends_on = 'core_0018'

ID_COLUMNS = (("id", False), ("customer_id", False), ("author_id", True), ("tenant_id", False))


def upgrade():
    """Widen the id columns (PostgreSQL) and index the notes by creation time."""
    if op.get_bind().dialect.name == "postgresql":
        columns = {c["name"]: c["type"] for c in sa.inspect(op.get_bind()).get_columns("crm_feedback_notes")}
        for name, nullable in ID_COLUMNS:
            if type(columns[name]) is sa.INTEGER:  # core_0018 may have widened them already
                op.alter_column("crm_feedback_notes", name, type_=sa.BigInteger(), existing_type=sa.Integer(),
                                existing_nullable=nullable)
    op.drop_index("ix_crm_feedback_notes_tenant_newest", table_name="crm_feedback_notes")
    op.create_index("ix_crm_feedback_notes_tenant_newest", "crm_feedback_notes", ["tenant_id", "created_at", "id"])


def downgrade():
    """Index by id again and narrow the id columns (PostgreSQL refuses while a random id is stored)."""
    op.drop_index("ix_crm_feedback_notes_tenant_newest", table_name="crm_feedback_notes")
    op.create_index("ix_crm_feedback_notes_tenant_newest", "crm_feedback_notes", ["tenant_id", "id"])
    if op.get_bind().dialect.name == "postgresql":
        for name, nullable in ID_COLUMNS:
            op.alter_column("crm_feedback_notes", name, type_=sa.Integer(), existing_type=sa.BigInteger(),
                            existing_nullable=nullable)
