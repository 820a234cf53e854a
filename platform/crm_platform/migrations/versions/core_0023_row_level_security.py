"""row-level security: the core's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: core_0023
Revises: core_0022
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.rls.policies import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'core_0023'
down_revision = 'core_0022'
branch_labels = None
depends_on = None

TABLES = (
    'activities',
    'announcement_reads',
    'announcements',
    'api_tokens',
    'audit_entries',
    'calendar_days',
    'contacts',
    'custom_field_definitions',
    'custom_field_values',
    'customer_attachments',
    'customer_shares',
    'customer_tags',
    'customers',
    'dashboard_layouts',
    'import_batches',
    'import_row_errors',
    'jobs',
    'login_sessions',
    'org_units',
    'pool_moves',
    'reminders',
    'schedule_runs',
    'sequences',
    'tenant_modules',
    'time_off',
    'users',
    'work_log_comments',
    'work_logs',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
