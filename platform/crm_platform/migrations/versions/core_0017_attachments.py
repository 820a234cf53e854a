"""customer attachments

Revision ID: core_0017
Revises: core_0016
Create Date: 2026-12-02 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0017'
down_revision = 'core_0016'
branch_labels = None
depends_on = None


def upgrade():
    """Add customer_attachments: the metadata of files attached to customers (the files live on disk)."""
    op.create_table('customer_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('stored_name', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_customer_attachments_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'uploaded_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_customer_attachments_tenant_id_uploaded_by_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_customer_attachments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_attachments')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_customer_attachments_tenant_customer', ['tenant_id', 'customer_id', 'id'], unique=False)


def downgrade():
    """Drop customer_attachments (the files on disk stay until removed by hand)."""
    with op.batch_alter_table('customer_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_attachments_tenant_customer')

    op.drop_table('customer_attachments')
