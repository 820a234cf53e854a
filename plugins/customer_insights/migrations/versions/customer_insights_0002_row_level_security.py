"""row-level security: the customer_insights module's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: customer_insights_0002
Revises: customer_insights_0001
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.sdk import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'customer_insights_0002'
down_revision = 'customer_insights_0001'
branch_labels = None
depends_on = None

TABLES = (
    'customer_insights_customer_numbers',
    'customer_insights_purchases',
    'customer_insights_referrals',
    'customer_insights_runs',
    'customer_insights_scores',
    'customer_insights_snapshots',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
