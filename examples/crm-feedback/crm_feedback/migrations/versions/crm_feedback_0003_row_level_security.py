"""row-level security: the example plugin's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: crm_feedback_0003
Revises: crm_feedback_0002
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.sdk import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'crm_feedback_0003'
down_revision = 'crm_feedback_0002'
branch_labels = None
depends_on = None

TABLES = (
    'crm_feedback_notes',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
