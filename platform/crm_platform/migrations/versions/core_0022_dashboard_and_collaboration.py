"""dashboard, announcements and work logs: each person's widget layout, notices with read state, daily logs and weekly plans

Revision ID: core_0022
Revises: core_0021
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0022'
down_revision = 'core_0021'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    """Add dashboard_layouts, announcements (+ reads), work_logs (+ comments); index activities by when they happened
    and audit entries by actor."""
    op.create_table('announcements',
    sa.Column('id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', ID, nullable=True),
    sa.Column('unit_id', ID, nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_announcements_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'unit_id'], ['org_units.tenant_id', 'org_units.id'], name=op.f('fk_announcements_tenant_id_unit_id_org_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_announcements_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_announcements_tenant_id_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index('ix_announcements_tenant_published', ['tenant_id', 'published_at', 'id'], unique=False)

    op.create_table('dashboard_layouts',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('widgets', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_dashboard_layouts_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_dashboard_layouts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_layouts')),
    sa.UniqueConstraint('tenant_id', 'user_id', name=op.f('uq_dashboard_layouts_tenant_id_user_id')),
    sqlite_autoincrement=True
    )

    op.create_table('work_logs',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.CheckConstraint("kind IN ('daily', 'weekly')", name=op.f('ck_work_logs_kind_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_work_logs_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_work_logs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_logs')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_work_logs_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'kind', 'day', name=op.f('uq_work_logs_tenant_id_user_id_kind_day')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('work_logs', schema=None) as batch_op:
        batch_op.create_index('ix_work_logs_tenant_day', ['tenant_id', 'kind', 'day', 'id'], unique=False)

    op.create_table('announcement_reads',
    sa.Column('id', ID, nullable=False),
    sa.Column('announcement_id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'announcement_id'], ['announcements.tenant_id', 'announcements.id'], name=op.f('fk_announcement_reads_tenant_id_announcement_id_announcements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_announcement_reads_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_announcement_reads_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_reads')),
    sa.UniqueConstraint('tenant_id', 'announcement_id', 'user_id', name=op.f('uq_announcement_reads_tenant_id_announcement_id_user_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('announcement_reads', schema=None) as batch_op:
        batch_op.create_index('ix_announcement_reads_tenant_user', ['tenant_id', 'user_id'], unique=False)

    op.create_table('work_log_comments',
    sa.Column('id', ID, nullable=False),
    sa.Column('work_log_id', ID, nullable=False),
    sa.Column('author_id', ID, nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'author_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_work_log_comments_tenant_id_author_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'work_log_id'], ['work_logs.tenant_id', 'work_logs.id'], name=op.f('fk_work_log_comments_tenant_id_work_log_id_work_logs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_work_log_comments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_log_comments')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('work_log_comments', schema=None) as batch_op:
        batch_op.create_index('ix_work_log_comments_tenant_log', ['tenant_id', 'work_log_id', 'created_at'], unique=False)
    # The dashboard's recent customers read one person's audit entries of the last 90 days.
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_tenant_actor', ['tenant_id', 'actor_id', 'created_at'], unique=False)

    # The activities logged in a period (monthly rep performance).
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_tenant_occurred', ['tenant_id', 'occurred_at'], unique=False)


def downgrade():
    """Drop them."""
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_tenant_occurred')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_tenant_actor')
    with op.batch_alter_table('work_log_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_work_log_comments_tenant_log')
    op.drop_table('work_log_comments')
    with op.batch_alter_table('announcement_reads', schema=None) as batch_op:
        batch_op.drop_index('ix_announcement_reads_tenant_user')
    op.drop_table('announcement_reads')
    with op.batch_alter_table('work_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_work_logs_tenant_day')
    op.drop_table('work_logs')
    op.drop_table('dashboard_layouts')
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_index('ix_announcements_tenant_published')
    op.drop_table('announcements')
