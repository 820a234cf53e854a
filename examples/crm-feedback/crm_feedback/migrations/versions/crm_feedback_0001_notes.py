"""feedback notes

The first revision of the plugin's own branch: it starts a new root (no
down_revision) and needs the core's tenants, users and customers first.

Revision ID: crm_feedback_0001
Revises:
Depends on: core_0002
Create Date: 2026-11-24 09:46:35.987068

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'crm_feedback_0001'
down_revision = None
branch_labels = ('crm_feedback',)
depends_on = 'core_0002'


def upgrade():
    """Create crm_feedback_notes: ratings and notes on customers."""
    op.create_table('crm_feedback_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_crm_feedback_notes_rating_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_crm_feedback_notes_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_crm_feedback_notes_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_crm_feedback_notes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_feedback_notes')),
    sqlite_autoincrement=True
    )
    op.create_index('ix_crm_feedback_notes_tenant_customer', 'crm_feedback_notes', ['tenant_id', 'customer_id', 'id'])
    op.create_index('ix_crm_feedback_notes_tenant_newest', 'crm_feedback_notes', ['tenant_id', 'id'])


def downgrade():
    """Drop crm_feedback_notes and every note in it."""
    op.drop_index('ix_crm_feedback_notes_tenant_newest', table_name='crm_feedback_notes')
    op.drop_index('ix_crm_feedback_notes_tenant_customer', table_name='crm_feedback_notes')
    op.drop_table('crm_feedback_notes')
