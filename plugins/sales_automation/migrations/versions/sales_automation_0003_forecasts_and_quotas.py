"""forecasts: quotas per rep and month, managers' forecast adjustments, the monthly report email's opt-outs and sends

Amounts are exact decimals stored as scaled integers (BIGINT): the models' ExactDecimal.

Revision ID: sales_automation_0003
Revises: sales_automation_0002
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'sales_automation_0003'
down_revision = 'sales_automation_0002'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    """Add quotas, forecast adjustments, report email opt-outs and sends; index deals by close and contracts by signing."""
    op.create_table('sales_automation_forecast_adjustments',
    sa.Column('id', ID, nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('subject_kind', sa.String(length=10), nullable=False),
    sa.Column('subject_id', ID, nullable=False),
    sa.Column('figure', sa.String(length=10), nullable=False),
    sa.Column('original_amount', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adjusted_by_id', ID, nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.CheckConstraint("figure IN ('weighted', 'commit', 'best_case')", name=op.f('ck_sales_automation_forecast_adjustments_figure_known')),
    sa.CheckConstraint("subject_kind IN ('user', 'unit')", name=op.f('ck_sales_automation_forecast_adjustments_subject_kind_known')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_sales_automation_forecast_adjustments_amount_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'adjusted_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_forecast_adjustments_tenant_id_adjusted_by_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_forecast_adjustments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_forecast_adjustments')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_forecast_adjustments', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_forecast_adjustments_tenant_month', ['tenant_id', 'month', 'subject_kind', 'subject_id', 'created_at'], unique=False)

    op.create_table('sales_automation_quotas',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('set_by_id', ID, nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_sales_automation_quotas_amount_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'set_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_quotas_tenant_id_set_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_quotas_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_quotas_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_quotas')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'month', name=op.f('uq_sales_automation_quotas_tenant_id_user_id_month')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_quotas', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_quotas_tenant_month', ['tenant_id', 'month', 'user_id'], unique=False)

    op.create_table('sales_automation_report_email_opt_outs',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_report_email_opt_outs_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_report_email_opt_outs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_report_email_opt_outs')),
    sa.UniqueConstraint('tenant_id', 'user_id', name=op.f('uq_sales_automation_report_email_opt_outs_tenant_id_user_id')),
    sqlite_autoincrement=True
    )

    op.create_table('sales_automation_report_emails_sent',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_report_emails_sent_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_report_emails_sent_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_report_emails_sent')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'month', name=op.f('uq_sales_automation_report_emails_sent_tenant_id_user_id_month')),
    sqlite_autoincrement=True
    )

    # Deals won or lost and contracts signed in a period: the reports and quota attainment read one period's rows.
    with op.batch_alter_table('sales_automation_opportunities', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_opportunities_tenant_closed', ['tenant_id', 'status', 'closed_at'], unique=False)
        batch_op.create_index('ix_sales_automation_opportunities_tenant_owner_closed', ['tenant_id', 'owner_id', 'status', 'closed_at'], unique=False)
    with op.batch_alter_table('sales_automation_contracts', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_contracts_tenant_signed', ['tenant_id', 'signed_on'], unique=False)


def downgrade():
    """Drop them."""
    with op.batch_alter_table('sales_automation_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_contracts_tenant_signed')
    with op.batch_alter_table('sales_automation_opportunities', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_owner_closed')
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_closed')
    op.drop_table('sales_automation_report_emails_sent')
    op.drop_table('sales_automation_report_email_opt_outs')
    with op.batch_alter_table('sales_automation_quotas', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_quotas_tenant_month')
    op.drop_table('sales_automation_quotas')
    with op.batch_alter_table('sales_automation_forecast_adjustments', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_forecast_adjustments_tenant_month')
    op.drop_table('sales_automation_forecast_adjustments')
