"""row-level security: the sales_automation module's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: sales_automation_0004
Revises: sales_automation_0003
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.sdk import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'sales_automation_0004'
down_revision = 'sales_automation_0003'
branch_labels = None
depends_on = None

TABLES = (
    'sales_automation_collection_reminders',
    'sales_automation_competitors',
    'sales_automation_contracts',
    'sales_automation_forecast_adjustments',
    'sales_automation_instalments',
    'sales_automation_lead_assignees',
    'sales_automation_lead_forms',
    'sales_automation_leads',
    'sales_automation_opportunities',
    'sales_automation_opportunity_competitors',
    'sales_automation_payments',
    'sales_automation_pipelines',
    'sales_automation_quotas',
    'sales_automation_quote_lines',
    'sales_automation_quotes',
    'sales_automation_report_email_opt_outs',
    'sales_automation_report_emails_sent',
    'sales_automation_stage_stays',
    'sales_automation_stages',
    'sales_automation_todos',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
