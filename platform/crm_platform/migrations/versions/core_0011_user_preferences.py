"""user time zone preference

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-12-02 19:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0011'
down_revision = 'core_0010'
branch_labels = None
depends_on = None


def upgrade():
    """Add users.timezone: a user's own time zone, overriding the workspace's when set."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    """Drop users.timezone."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
