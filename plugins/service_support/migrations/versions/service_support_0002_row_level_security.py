"""row-level security: the service_support module's tenant-owned tables behind the tenant policy (PostgreSQL)

Each table gets ENABLE and FORCE ROW LEVEL SECURITY and the policy
`tenant_id = current_setting('crm.tenant_id')` for reading and writing
(docs/security.md, "Row-level security (PostgreSQL)"). SQLite: nothing to do.

Revision ID: service_support_0002
Revises: service_support_0001
Create Date: 2026-12-04 10:40:00

"""
from alembic import op

from crm_platform.sdk import disable_tenant_rls, enable_tenant_rls


# revision identifiers, used by Alembic.
revision = 'service_support_0002'
down_revision = 'service_support_0001'
branch_labels = None
depends_on = None

TABLES = (
    'service_support_articles',
    'service_support_canned_replies',
    'service_support_follow_ups',
    'service_support_requirement_answers',
    'service_support_requirement_votes',
    'service_support_requirements',
    'service_support_sla_policies',
    'service_support_surveys',
    'service_support_ticket_attachments',
    'service_support_ticket_events',
    'service_support_ticket_messages',
    'service_support_ticket_pauses',
    'service_support_tickets',
)


def upgrade():
    """Put every tenant-owned table of this branch behind the tenant policy."""
    enable_tenant_rls(op, *TABLES)


def downgrade():
    """Take them out from behind it."""
    disable_tenant_rls(op, *TABLES)
