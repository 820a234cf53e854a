"""Follow-up to-dos of the sales team, on a lead, an opportunity or a customer."""
from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk


class Todo(TenantScoped, db.Model):
    """Something to do by a date, for its assignee; linked to a lead, an opportunity or a customer.

    `customer_id` is set for every to-do that has a customer (an opportunity's is
    its customer), so visibility follows the customer, and the assignee always
    sees their own. Finishing one may log an activity on the customer's timeline.
    """

    __tablename__ = "sales_automation_todos"
    __table_args__ = (
        same_tenant_fk("assignee_id", "users.id"),
        same_tenant_fk("created_by_id", "users.id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("lead_id", "sales_automation_leads.id", ondelete="CASCADE"),
        same_tenant_fk("opportunity_id", "sales_automation_opportunities.id", ondelete="CASCADE"),
        Index("ix_sales_automation_todos_tenant_assignee", "tenant_id", "assignee_id", "done_at", "due_date"),
        Index("ix_sales_automation_todos_tenant_customer", "tenant_id", "customer_id"),
        Index("ix_sales_automation_todos_tenant_opportunity", "tenant_id", "opportunity_id"),
        Index("ix_sales_automation_todos_tenant_lead", "tenant_id", "lead_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date]
    assignee_id: Mapped[int]
    created_by_id: Mapped[int | None]
    lead_id: Mapped[int | None]
    opportunity_id: Mapped[int | None]
    customer_id: Mapped[int | None]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The core activity logged when it was finished, if any (a plain id: activities belong to the core).
    activity_id: Mapped[int | None]
    created_at = created_at()
