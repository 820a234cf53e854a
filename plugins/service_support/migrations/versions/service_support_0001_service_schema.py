"""service support schema

The first revision of the module's own branch: a new root (no down_revision)
that needs the core's tenants, users, org units and customers with 64-bit ids,
and the business calendar its SLA clocks count on (core_0020).

Revision ID: service_support_0001
Revises:
Depends on: core_0020
Create Date: 2026-12-03 09:06:35.337085

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'service_support_0001'
down_revision = None
branch_labels = ('service_support',)
depends_on = 'core_0020'


def upgrade():
    """Create the module's tables: tickets and their parts, SLA policies, follow-ups, surveys, requirements, knowledge."""
    op.create_table('service_support_articles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('keywords', sa.String(length=500), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_articles_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_articles_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_articles')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_articles', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_articles_tenant_updated', ['tenant_id', 'updated_at'], unique=False)

    op.create_table('service_support_canned_replies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_canned_replies_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_canned_replies_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_canned_replies')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_canned_replies', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_canned_replies_tenant_owner', ['tenant_id', 'owner_id'], unique=False)

    op.create_table('service_support_requirements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('responsible_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("status IN ('new', 'under_review', 'planned', 'done', 'declined')", name=op.f('ck_service_support_requirements_status_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_requirements_tenant_id_created_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'responsible_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_requirements_tenant_id_responsible_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_requirements_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_requirements')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_service_support_requirements_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_requirements', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_requirements_tenant_newest', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_service_support_requirements_tenant_responsible', ['tenant_id', 'responsible_id', 'status'], unique=False)

    op.create_table('service_support_sla_policies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=True),
    sa.Column('category', sa.String(length=12), nullable=True),
    sa.Column('first_response_minutes', sa.Integer(), nullable=False),
    sa.Column('resolution_minutes', sa.Integer(), nullable=False),
    sa.Column('warn_before_minutes', sa.Integer(), nullable=False),
    sa.Column('escalation', sa.String(length=20), nullable=False),
    sa.Column('reassign_to_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("escalation IN ('notify_manager', 'raise_priority', 'reassign')", name=op.f('ck_service_support_sla_policies_escalation_known')),
    sa.CheckConstraint('first_response_minutes > 0 AND resolution_minutes > 0', name=op.f('ck_service_support_sla_policies_targets_positive')),
    sa.CheckConstraint('warn_before_minutes >= 0', name=op.f('ck_service_support_sla_policies_warning_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'reassign_to_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_sla_policies_tenant_id_reassign_to_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_sla_policies_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_sla_policies')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_sla_policies', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_sla_policies_tenant_match', ['tenant_id', 'category', 'priority'], unique=False)

    op.create_table('service_support_requirement_answers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('requirement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('author_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=14), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("status IS NULL OR status IN ('new', 'under_review', 'planned', 'done', 'declined')", name=op.f('ck_service_support_requirement_answers_status_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_requirement_answers_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'requirement_id'], ['service_support_requirements.tenant_id', 'service_support_requirements.id'], name=op.f('fk_service_support_requirement_answers_tenant_id_requirement_id_service_support_requirements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_requirement_answers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_requirement_answers')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_requirement_answers', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_answers_tenant_requirement', ['tenant_id', 'requirement_id', 'created_at'], unique=False)

    op.create_table('service_support_requirement_votes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('requirement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_service_support_requirement_votes_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'requirement_id'], ['service_support_requirements.tenant_id', 'service_support_requirements.id'], name=op.f('fk_service_support_requirement_votes_tenant_id_requirement_id_service_support_requirements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_requirement_votes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_requirement_votes')),
    sa.UniqueConstraint('tenant_id', 'requirement_id', 'customer_id', name='uq_service_support_votes_customer'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_requirement_votes', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_votes_tenant_customer', ['tenant_id', 'customer_id'], unique=False)

    op.create_table('service_support_tickets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('assignee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_unit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('sla_policy_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('first_response_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_alert_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_alert_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_responder_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('first_response_minutes', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolver_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolution_minutes', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("category IN ('complaint', 'inquiry', 'fault', 'requirement')", name=op.f('ck_service_support_tickets_category_known')),
    sa.CheckConstraint("channel IN ('phone', 'email', 'web', 'visit')", name=op.f('ck_service_support_tickets_channel_known')),
    sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_service_support_tickets_priority_known')),
    sa.CheckConstraint("status IN ('new', 'open', 'pending', 'resolved', 'closed')", name=op.f('ck_service_support_tickets_status_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'assignee_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_tickets_tenant_id_assignee_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_tickets_tenant_id_created_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_service_support_tickets_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'team_unit_id'], ['org_units.tenant_id', 'org_units.id'], name=op.f('fk_service_support_tickets_tenant_id_team_unit_id_org_units')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_tickets_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_tickets')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_service_support_tickets_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'number', name='uq_service_support_tickets_number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_tickets', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_tickets_tenant_assignee', ['tenant_id', 'assignee_id', 'status'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_customer', ['tenant_id', 'customer_id', 'created_at'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_queue', ['tenant_id', 'status', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_resolution_alert', ['tenant_id', 'resolution_alert_at'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_resolution_due', ['tenant_id', 'resolution_due_at'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_response_alert', ['tenant_id', 'first_response_alert_at'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_response_due', ['tenant_id', 'first_response_due_at'], unique=False)
        batch_op.create_index('ix_service_support_tickets_tenant_team', ['tenant_id', 'team_unit_id', 'created_at', 'id'], unique=False)

    op.create_table('service_support_follow_ups',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("kind IN ('call', 'visit')", name=op.f('ck_service_support_follow_ups_kind_known')),
    sa.CheckConstraint("reason IN ('complaint_resolved', 'low_score')", name=op.f('ck_service_support_follow_ups_reason_known')),
    sa.CheckConstraint("result IS NULL OR result IN ('satisfied', 'unsatisfied', 'unreachable')", name=op.f('ck_service_support_follow_ups_result_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_service_support_follow_ups_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_follow_ups_tenant_id_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_follow_ups_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_follow_ups_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_follow_ups')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_follow_ups_tenant_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index('ix_service_support_follow_ups_tenant_owner', ['tenant_id', 'owner_id', 'done_at', 'due_date'], unique=False)
        batch_op.create_index('ix_service_support_follow_ups_tenant_ticket', ['tenant_id', 'ticket_id'], unique=False)

    op.create_table('service_support_surveys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('score IS NULL OR score BETWEEN 1 AND 5', name=op.f('ck_service_support_surveys_score_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_service_support_surveys_tenant_id_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_surveys_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_surveys_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_surveys')),
    sa.UniqueConstraint('token_hash', name='uq_service_support_surveys_token_hash'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_surveys', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_surveys_tenant_answered', ['tenant_id', 'answered_at'], unique=False)
        batch_op.create_index('ix_service_support_surveys_tenant_ticket', ['tenant_id', 'ticket_id'], unique=False)

    op.create_table('service_support_ticket_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_ticket_events_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_ticket_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_ticket_events')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_ticket_events', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_ticket_events_tenant_ticket', ['tenant_id', 'ticket_id', 'created_at'], unique=False)

    op.create_table('service_support_ticket_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('author_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('mailed_to', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mail_job_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint("kind IN ('reply', 'note')", name=op.f('ck_service_support_ticket_messages_kind_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_ticket_messages_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_ticket_messages_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_ticket_messages_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_ticket_messages')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_service_support_ticket_messages_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_ticket_messages', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_ticket_messages_tenant_ticket', ['tenant_id', 'ticket_id', 'created_at'], unique=False)

    op.create_table('service_support_ticket_pauses',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_ticket_pauses_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_ticket_pauses_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_ticket_pauses')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_ticket_pauses', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_ticket_pauses_tenant_ticket', ['tenant_id', 'ticket_id', 'started_at'], unique=False)

    op.create_table('service_support_ticket_attachments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('message_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('uploaded_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'message_id'], ['service_support_ticket_messages.tenant_id', 'service_support_ticket_messages.id'], name=op.f('fk_service_support_ticket_attachments_tenant_id_message_id_service_support_ticket_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['service_support_tickets.tenant_id', 'service_support_tickets.id'], name=op.f('fk_service_support_ticket_attachments_tenant_id_ticket_id_service_support_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'uploaded_by_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_service_support_ticket_attachments_tenant_id_uploaded_by_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_service_support_ticket_attachments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_support_ticket_attachments')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('service_support_ticket_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_service_support_ticket_attachments_tenant_ticket', ['tenant_id', 'ticket_id'], unique=False)



def downgrade():
    """Drop the module's tables."""
    with op.batch_alter_table('service_support_ticket_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_ticket_attachments_tenant_ticket')

    op.drop_table('service_support_ticket_attachments')
    with op.batch_alter_table('service_support_ticket_pauses', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_ticket_pauses_tenant_ticket')

    op.drop_table('service_support_ticket_pauses')
    with op.batch_alter_table('service_support_ticket_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_ticket_messages_tenant_ticket')

    op.drop_table('service_support_ticket_messages')
    with op.batch_alter_table('service_support_ticket_events', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_ticket_events_tenant_ticket')

    op.drop_table('service_support_ticket_events')
    with op.batch_alter_table('service_support_surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_surveys_tenant_ticket')
        batch_op.drop_index('ix_service_support_surveys_tenant_answered')

    op.drop_table('service_support_surveys')
    with op.batch_alter_table('service_support_follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_follow_ups_tenant_ticket')
        batch_op.drop_index('ix_service_support_follow_ups_tenant_owner')
        batch_op.drop_index('ix_service_support_follow_ups_tenant_customer')

    op.drop_table('service_support_follow_ups')
    with op.batch_alter_table('service_support_tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_tickets_tenant_team')
        batch_op.drop_index('ix_service_support_tickets_tenant_response_due')
        batch_op.drop_index('ix_service_support_tickets_tenant_response_alert')
        batch_op.drop_index('ix_service_support_tickets_tenant_resolution_alert')
        batch_op.drop_index('ix_service_support_tickets_tenant_resolution_due')
        batch_op.drop_index('ix_service_support_tickets_tenant_queue')
        batch_op.drop_index('ix_service_support_tickets_tenant_customer')
        batch_op.drop_index('ix_service_support_tickets_tenant_assignee')

    op.drop_table('service_support_tickets')
    with op.batch_alter_table('service_support_requirement_votes', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_votes_tenant_customer')

    op.drop_table('service_support_requirement_votes')
    with op.batch_alter_table('service_support_requirement_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_answers_tenant_requirement')

    op.drop_table('service_support_requirement_answers')
    with op.batch_alter_table('service_support_sla_policies', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_sla_policies_tenant_match')

    op.drop_table('service_support_sla_policies')
    with op.batch_alter_table('service_support_requirements', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_requirements_tenant_responsible')
        batch_op.drop_index('ix_service_support_requirements_tenant_newest')

    op.drop_table('service_support_requirements')
    with op.batch_alter_table('service_support_canned_replies', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_canned_replies_tenant_owner')

    op.drop_table('service_support_canned_replies')
    with op.batch_alter_table('service_support_articles', schema=None) as batch_op:
        batch_op.drop_index('ix_service_support_articles_tenant_updated')

    op.drop_table('service_support_articles')
