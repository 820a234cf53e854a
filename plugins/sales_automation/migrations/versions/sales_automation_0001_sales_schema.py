"""sales automation schema

The first revision of the module's own branch: it starts a new root (no
down_revision) and needs the core's tenants, users and customers with 64-bit
ids (core_0018). Money and quantities are exact decimals stored as scaled
integers (BIGINT): the models' ExactDecimal.

Revision ID: sales_automation_0001
Revises:
Depends on: core_0018
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'sales_automation_0001'
down_revision = None
branch_labels = ('sales_automation',)
depends_on = 'core_0018'


def upgrade():
    """Create the module's tables: leads, pipelines, opportunities, competitors, to-dos, quotes, contracts."""
    op.create_table('sales_automation_competitors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=True),
    sa.Column('weaknesses', sa.Text(), nullable=True),
    sa.Column('products', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_competitors_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_competitors')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_competitors_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_sales_automation_competitors_name'),
    sqlite_autoincrement=True
    )
    op.create_table('sales_automation_pipelines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_pipelines_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_pipelines')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_pipelines_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_sales_automation_pipelines_name'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_pipelines', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_pipelines_tenant_position', ['tenant_id', 'position', 'id'], unique=False)

    op.create_table('sales_automation_sequences',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('next_value', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_sequences_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_sequences')),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_sales_automation_sequences_name'),
    sqlite_autoincrement=True
    )
    op.create_table('sales_automation_stages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pipeline_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('probability', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("kind IN ('open', 'won', 'lost')", name=op.f('ck_sales_automation_stages_kind_known')),
    sa.CheckConstraint('probability BETWEEN 0 AND 100', name=op.f('ck_sales_automation_stages_probability_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'pipeline_id'], ['sales_automation_pipelines.tenant_id', 'sales_automation_pipelines.id'], name=op.f('fk_sales_automation_stages_tenant_id_pipeline_id_sales_automation_pipelines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_stages_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_stages')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_stages_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_stages', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_stages_tenant_pipeline', ['tenant_id', 'pipeline_id', 'position', 'id'], unique=False)

    op.create_table('sales_automation_lead_assignees',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('last_assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_lead_assignees_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_lead_assignees_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_lead_assignees')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'region', name='uq_sales_automation_lead_assignees_user_region'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_lead_assignees', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_lead_assignees_tenant_region', ['tenant_id', 'region', 'last_assigned_at'], unique=False)

    op.create_table('sales_automation_lead_forms',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('thank_you', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_lead_forms_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_lead_forms_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_lead_forms')),
    sa.UniqueConstraint('token', name='uq_sales_automation_lead_forms_token'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_lead_forms', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_lead_forms_tenant', ['tenant_id', 'created_at', 'id'], unique=False)

    op.create_table('sales_automation_leads',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('source', sa.String(length=30), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('email_key', sa.String(length=255), nullable=True),
    sa.Column('phone_key', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('disqualify_reason', sa.String(length=500), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('converted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_leads_tenant_id_created_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_sales_automation_leads_tenant_id_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_leads_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_leads_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_leads')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_leads_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_leads', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_leads_tenant_email_key', ['tenant_id', 'email_key'], unique=False)
        batch_op.create_index('ix_sales_automation_leads_tenant_newest', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_sales_automation_leads_tenant_owner', ['tenant_id', 'owner_id', 'status'], unique=False)
        batch_op.create_index('ix_sales_automation_leads_tenant_phone_key', ['tenant_id', 'phone_key'], unique=False)
        batch_op.create_index('ix_sales_automation_leads_tenant_status', ['tenant_id', 'status', 'created_at', 'id'], unique=False)

    op.create_table('sales_automation_opportunities',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pipeline_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stage_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('probability', sa.SmallInteger(), nullable=True),
    sa.Column('expected_close', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=30), nullable=True),
    sa.Column('forecast_category', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('close_reason', sa.String(length=500), nullable=True),
    sa.Column('winner_competitor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('stage_entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("status IN ('open', 'won', 'lost')", name=op.f('ck_sales_automation_opportunities_status_known')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_sales_automation_opportunities_amount_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_sales_automation_opportunities_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_opportunities_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'pipeline_id'], ['sales_automation_pipelines.tenant_id', 'sales_automation_pipelines.id'], name=op.f('fk_sales_automation_opportunities_tenant_id_pipeline_id_sales_automation_pipelines')),
    sa.ForeignKeyConstraint(['tenant_id', 'stage_id'], ['sales_automation_stages.tenant_id', 'sales_automation_stages.id'], name=op.f('fk_sales_automation_opportunities_tenant_id_stage_id_sales_automation_stages')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_opportunities_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_opportunities')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_opportunities_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_opportunities', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_opportunities_tenant_close', ['tenant_id', 'status', 'expected_close', 'id'], unique=False)
        batch_op.create_index('ix_sales_automation_opportunities_tenant_column', ['tenant_id', 'pipeline_id', 'stage_id', 'stage_entered_at', 'id'], unique=False)
        batch_op.create_index('ix_sales_automation_opportunities_tenant_customer', ['tenant_id', 'customer_id', 'status'], unique=False)
        batch_op.create_index('ix_sales_automation_opportunities_tenant_owner', ['tenant_id', 'owner_id', 'status', 'expected_close'], unique=False)

    op.create_table('sales_automation_opportunity_competitors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('competitor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'competitor_id'], ['sales_automation_competitors.tenant_id', 'sales_automation_competitors.id'], name=op.f('fk_sales_automation_opportunity_competitors_tenant_id_competitor_id_sales_automation_competitors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'opportunity_id'], ['sales_automation_opportunities.tenant_id', 'sales_automation_opportunities.id'], name=op.f('fk_sales_automation_opportunity_competitors_tenant_id_opportunity_id_sales_automation_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_opportunity_competitors_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_opportunity_competitors')),
    sa.UniqueConstraint('tenant_id', 'opportunity_id', 'competitor_id', name='uq_sales_automation_opportunity_competitors_pair'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_opportunity_competitors', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_opportunity_competitors_tenant_competitor', ['tenant_id', 'competitor_id'], unique=False)

    op.create_table('sales_automation_quotes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('discount_total', sa.BigInteger(), nullable=False),
    sa.Column('tax_total', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_sales_automation_quotes_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'opportunity_id'], ['sales_automation_opportunities.tenant_id', 'sales_automation_opportunities.id'], name=op.f('fk_sales_automation_quotes_tenant_id_opportunity_id_sales_automation_opportunities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_quotes_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_quotes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_quotes')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_quotes_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'number', 'version', name='uq_sales_automation_quotes_number_version'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_quotes', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_quotes_tenant_customer', ['tenant_id', 'customer_id', 'created_at'], unique=False)
        batch_op.create_index('ix_sales_automation_quotes_tenant_opportunity', ['tenant_id', 'opportunity_id'], unique=False)

    op.create_table('sales_automation_stage_stays',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stage_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('moved_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'moved_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_stage_stays_tenant_id_moved_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'opportunity_id'], ['sales_automation_opportunities.tenant_id', 'sales_automation_opportunities.id'], name=op.f('fk_sales_automation_stage_stays_tenant_id_opportunity_id_sales_automation_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'stage_id'], ['sales_automation_stages.tenant_id', 'sales_automation_stages.id'], name=op.f('fk_sales_automation_stage_stays_tenant_id_stage_id_sales_automation_stages')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_stage_stays_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_stage_stays')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_stage_stays', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_stage_stays_tenant_opportunity', ['tenant_id', 'opportunity_id', 'entered_at'], unique=False)
        batch_op.create_index('ix_sales_automation_stage_stays_tenant_stage', ['tenant_id', 'stage_id', 'entered_at'], unique=False)

    op.create_table('sales_automation_todos',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('assignee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'assignee_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_todos_tenant_id_assignee_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_todos_tenant_id_created_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_sales_automation_todos_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'lead_id'], ['sales_automation_leads.tenant_id', 'sales_automation_leads.id'], name=op.f('fk_sales_automation_todos_tenant_id_lead_id_sales_automation_leads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'opportunity_id'], ['sales_automation_opportunities.tenant_id', 'sales_automation_opportunities.id'], name=op.f('fk_sales_automation_todos_tenant_id_opportunity_id_sales_automation_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_todos_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_todos')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_todos', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_todos_tenant_assignee', ['tenant_id', 'assignee_id', 'done_at', 'due_date'], unique=False)
        batch_op.create_index('ix_sales_automation_todos_tenant_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index('ix_sales_automation_todos_tenant_lead', ['tenant_id', 'lead_id'], unique=False)
        batch_op.create_index('ix_sales_automation_todos_tenant_opportunity', ['tenant_id', 'opportunity_id'], unique=False)

    op.create_table('sales_automation_contracts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opportunity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('quote_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_sales_automation_contracts_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_sales_automation_contracts_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'opportunity_id'], ['sales_automation_opportunities.tenant_id', 'sales_automation_opportunities.id'], name=op.f('fk_sales_automation_contracts_tenant_id_opportunity_id_sales_automation_opportunities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_contracts_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'quote_id'], ['sales_automation_quotes.tenant_id', 'sales_automation_quotes.id'], name=op.f('fk_sales_automation_contracts_tenant_id_quote_id_sales_automation_quotes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_contracts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_contracts')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_contracts_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'number', name='uq_sales_automation_contracts_number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_contracts', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_contracts_tenant_customer', ['tenant_id', 'customer_id', 'status'], unique=False)
        batch_op.create_index('ix_sales_automation_contracts_tenant_newest', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_sales_automation_contracts_tenant_owner', ['tenant_id', 'owner_id', 'status'], unique=False)

    op.create_table('sales_automation_quote_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quote_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('discount_percent', sa.BigInteger(), nullable=False),
    sa.Column('tax_rate', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('tax', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('discount_percent BETWEEN 0 AND 10000', name=op.f('ck_sales_automation_quote_lines_discount_range')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_sales_automation_quote_lines_quantity_positive')),
    sa.CheckConstraint('tax_rate BETWEEN 0 AND 10000', name=op.f('ck_sales_automation_quote_lines_tax_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'quote_id'], ['sales_automation_quotes.tenant_id', 'sales_automation_quotes.id'], name=op.f('fk_sales_automation_quote_lines_tenant_id_quote_id_sales_automation_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_quote_lines_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_quote_lines')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_quote_lines', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_quote_lines_tenant_quote', ['tenant_id', 'quote_id', 'position'], unique=False)

    op.create_table('sales_automation_instalments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contract_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('settled', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_sales_automation_instalments_amount_positive')),
    sa.CheckConstraint('paid >= 0 AND paid <= amount', name=op.f('ck_sales_automation_instalments_paid_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'contract_id'], ['sales_automation_contracts.tenant_id', 'sales_automation_contracts.id'], name=op.f('fk_sales_automation_instalments_tenant_id_contract_id_sales_automation_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_instalments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_instalments')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_sales_automation_instalments_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_instalments', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_instalments_tenant_contract', ['tenant_id', 'contract_id', 'position'], unique=False)
        batch_op.create_index('ix_sales_automation_instalments_tenant_due', ['tenant_id', 'settled', 'due_date'], unique=False)

    op.create_table('sales_automation_collection_reminders',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('instalment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'instalment_id'], ['sales_automation_instalments.tenant_id', 'sales_automation_instalments.id'], name=op.f('fk_sales_automation_collection_reminders_tenant_id_instalment_id_sales_automation_instalments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_collection_reminders_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_collection_reminders_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_collection_reminders')),
    sa.UniqueConstraint('tenant_id', 'instalment_id', 'stage', name='uq_sales_automation_collection_reminders_stage'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_collection_reminders', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_collection_reminders_tenant_owner', ['tenant_id', 'owner_id', 'done_at'], unique=False)

    op.create_table('sales_automation_payments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contract_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('instalment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('recorded_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_sales_automation_payments_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'contract_id'], ['sales_automation_contracts.tenant_id', 'sales_automation_contracts.id'], name=op.f('fk_sales_automation_payments_tenant_id_contract_id_sales_automation_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'instalment_id'], ['sales_automation_instalments.tenant_id', 'sales_automation_instalments.id'], name=op.f('fk_sales_automation_payments_tenant_id_instalment_id_sales_automation_instalments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_sales_automation_payments_tenant_id_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_payments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_payments')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_automation_payments', schema=None) as batch_op:
        batch_op.create_index('ix_sales_automation_payments_tenant_contract', ['tenant_id', 'contract_id', 'received_on'], unique=False)
        batch_op.create_index('ix_sales_automation_payments_tenant_received', ['tenant_id', 'received_on'], unique=False)



def downgrade():
    """Drop the module's tables and every row in them."""
    with op.batch_alter_table('sales_automation_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_payments_tenant_received')
        batch_op.drop_index('ix_sales_automation_payments_tenant_contract')

    op.drop_table('sales_automation_payments')
    with op.batch_alter_table('sales_automation_collection_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_collection_reminders_tenant_owner')

    op.drop_table('sales_automation_collection_reminders')
    with op.batch_alter_table('sales_automation_instalments', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_instalments_tenant_due')
        batch_op.drop_index('ix_sales_automation_instalments_tenant_contract')

    op.drop_table('sales_automation_instalments')
    with op.batch_alter_table('sales_automation_quote_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_quote_lines_tenant_quote')

    op.drop_table('sales_automation_quote_lines')
    with op.batch_alter_table('sales_automation_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_contracts_tenant_owner')
        batch_op.drop_index('ix_sales_automation_contracts_tenant_newest')
        batch_op.drop_index('ix_sales_automation_contracts_tenant_customer')

    op.drop_table('sales_automation_contracts')
    with op.batch_alter_table('sales_automation_todos', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_todos_tenant_opportunity')
        batch_op.drop_index('ix_sales_automation_todos_tenant_lead')
        batch_op.drop_index('ix_sales_automation_todos_tenant_customer')
        batch_op.drop_index('ix_sales_automation_todos_tenant_assignee')

    op.drop_table('sales_automation_todos')
    with op.batch_alter_table('sales_automation_stage_stays', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_stage_stays_tenant_stage')
        batch_op.drop_index('ix_sales_automation_stage_stays_tenant_opportunity')

    op.drop_table('sales_automation_stage_stays')
    with op.batch_alter_table('sales_automation_quotes', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_quotes_tenant_opportunity')
        batch_op.drop_index('ix_sales_automation_quotes_tenant_customer')

    op.drop_table('sales_automation_quotes')
    with op.batch_alter_table('sales_automation_opportunity_competitors', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_opportunity_competitors_tenant_competitor')

    op.drop_table('sales_automation_opportunity_competitors')
    with op.batch_alter_table('sales_automation_opportunities', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_owner')
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_customer')
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_column')
        batch_op.drop_index('ix_sales_automation_opportunities_tenant_close')

    op.drop_table('sales_automation_opportunities')
    with op.batch_alter_table('sales_automation_leads', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_leads_tenant_status')
        batch_op.drop_index('ix_sales_automation_leads_tenant_phone_key')
        batch_op.drop_index('ix_sales_automation_leads_tenant_owner')
        batch_op.drop_index('ix_sales_automation_leads_tenant_newest')
        batch_op.drop_index('ix_sales_automation_leads_tenant_email_key')

    op.drop_table('sales_automation_leads')
    with op.batch_alter_table('sales_automation_lead_forms', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_lead_forms_tenant')

    op.drop_table('sales_automation_lead_forms')
    with op.batch_alter_table('sales_automation_lead_assignees', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_lead_assignees_tenant_region')

    op.drop_table('sales_automation_lead_assignees')
    with op.batch_alter_table('sales_automation_stages', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_stages_tenant_pipeline')

    op.drop_table('sales_automation_stages')
    op.drop_table('sales_automation_sequences')
    with op.batch_alter_table('sales_automation_pipelines', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_automation_pipelines_tenant_position')

    op.drop_table('sales_automation_pipelines')
    op.drop_table('sales_automation_competitors')
