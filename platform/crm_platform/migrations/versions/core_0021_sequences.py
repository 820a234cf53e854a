"""sequences: per-workspace number sequences in the core, shared by every module's document numbers

Revision ID: core_0021
Revises: core_0020
Create Date: 2026-12-03 09:00:00

The sales module kept its own table (sales_automation_sequences); its branch
copies those rows here (sales_automation_0002) so numbering carries on.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0021'
down_revision = 'core_0020'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    """Add sequences (one row per workspace and name)."""
    op.create_table('sequences',
    sa.Column('id', ID, nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('next_value', sa.Integer(), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sequences_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sequences')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_sequences_tenant_id_name')),
    sqlite_autoincrement=True
    )


def downgrade():
    """Drop sequences."""
    op.drop_table('sequences')
