"""follow-ups: planned activities, dated next steps, contacts on activities, customers' contact dates

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-02 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0016'
down_revision = 'core_0015'
branch_labels = None
depends_on = None


def upgrade():
    """Add follow-ups to activities and contact dates to customers; one care reminder per customer and date."""
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('contact_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_step_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_step_done_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('follow_up_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('occurred_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.create_index('ix_activities_tenant_user_follow_up', ['tenant_id', 'user_id', 'follow_up_at', 'id'],
                              unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_contacted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_follow_up_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_customers_tenant_last_contacted', ['tenant_id', 'last_contacted_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_customers_tenant_next_follow_up', ['tenant_id', 'next_follow_up_at', 'id'],
                              unique=False)
    _fill_last_contacted()


def _fill_last_contacted():
    """Every existing activity is logged (done), so a customer's last contact is its latest one.

    One UPDATE with a correlated MAX: the activities index (tenant_id,
    customer_id, occurred_at) answers it on both databases. No follow-ups exist
    yet, so next_follow_up_at stays null.
    """
    customers = sa.table("customers", sa.column("id", sa.Integer), sa.column("tenant_id", sa.Integer),
                         sa.column("last_contacted_at", sa.DateTime(timezone=True)))
    activities = sa.table("activities", sa.column("customer_id", sa.Integer), sa.column("tenant_id", sa.Integer),
                          sa.column("occurred_at", sa.DateTime(timezone=True)))
    latest = (sa.select(sa.func.max(activities.c.occurred_at))
              .where(activities.c.tenant_id == customers.c.tenant_id, activities.c.customer_id == customers.c.id)
              .scalar_subquery())
    op.get_bind().execute(customers.update().values(last_contacted_at=latest))


def downgrade():
    """Drop follow-ups and contact dates (planned activities go: they never happened)."""
    op.get_bind().execute(sa.text("DELETE FROM activities WHERE status = 'planned'"))
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_tenant_next_follow_up')
        batch_op.drop_index('ix_customers_tenant_last_contacted')
        batch_op.drop_column('next_follow_up_at')
        batch_op.drop_column('last_contacted_at')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_tenant_user_follow_up')
        batch_op.alter_column('occurred_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column('follow_up_at')
        batch_op.drop_column('next_step_done_at')
        batch_op.drop_column('next_step_due_at')
        batch_op.drop_column('contact_id')
        batch_op.drop_column('due_at')
        batch_op.drop_column('status')
