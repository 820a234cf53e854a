"""row-level security: the task_dispatch module's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: task_dispatch_0002
Revises: task_dispatch_0001
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.sdk import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'task_dispatch_0002'
down_revision = 'task_dispatch_0001'
branch_labels = None
depends_on = None

TABLES = (
    'task_dispatch_assignments',
    'task_dispatch_batches',
    'task_dispatch_catalogue_items',
    'task_dispatch_certifications',
    'task_dispatch_customer_people',
    'task_dispatch_policy_versions',
    'task_dispatch_profiles',
    'task_dispatch_tasks',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
