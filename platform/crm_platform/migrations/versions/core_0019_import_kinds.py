"""import kinds: each import batch records the kind of record it imports (customers, or a plugin's kind)

Revision ID: core_0019
Revises: core_0018
Create Date: 2026-12-03 06:40:00

Batches made before this revision imported customers, so they become "customers".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0019'
down_revision = 'core_0018'
branch_labels = None
depends_on = None


def upgrade():
    """Add import_batches.kind, "customers" for every existing batch."""
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=60), server_default='customers', nullable=False))


def downgrade():
    """Drop import_batches.kind."""
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_column('kind')
