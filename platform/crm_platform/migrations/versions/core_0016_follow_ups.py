"""follow-ups: one care reminder per customer and date

Revision ID: core_0016
Revises: core_0010
Create Date: 2026-12-02 19:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'core_0016'
down_revision = 'core_0010'
branch_labels = None
depends_on = None


def upgrade():
    """One reminder per customer and date, whichever its occasion (a customer has one care date)."""
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reminders_tenant_id_customer_id_kind_due_date', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_reminders_tenant_id_customer_id_due_date'),
                                          ['tenant_id', 'customer_id', 'due_date'])


def downgrade():
    """Back to one reminder per customer, occasion and date."""
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reminders_tenant_id_customer_id_due_date', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_reminders_tenant_id_customer_id_kind_due_date'),
                                          ['tenant_id', 'customer_id', 'kind', 'due_date'])
