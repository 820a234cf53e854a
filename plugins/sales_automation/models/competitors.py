"""The workspace's file of competitors, and who bids against us on each opportunity."""
from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, created_at, db, same_tenant_fk, updated_at


class Competitor(TenantScoped, db.Model):
    """A company we compete with: what it is good and bad at, and what it sells."""

    __tablename__ = "sales_automation_competitors"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "name", name="uq_sales_automation_competitors_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(200))
    strengths: Mapped[str | None] = mapped_column(Text)
    weaknesses: Mapped[str | None] = mapped_column(Text)
    products: Mapped[str | None] = mapped_column(Text)
    created_at = created_at()
    updated_at = updated_at()


class OpportunityCompetitor(TenantScoped, db.Model):
    """A competitor bidding for an opportunity, with what we know of their offer."""

    __tablename__ = "sales_automation_opportunity_competitors"
    __table_args__ = (
        same_tenant_fk("opportunity_id", "sales_automation_opportunities.id", ondelete="CASCADE"),
        same_tenant_fk("competitor_id", "sales_automation_competitors.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "opportunity_id", "competitor_id",
                         name="uq_sales_automation_opportunity_competitors_pair"),
        Index("ix_sales_automation_opportunity_competitors_tenant_competitor", "tenant_id", "competitor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int]
    competitor_id: Mapped[int]
    notes: Mapped[str | None] = mapped_column(String(500))
    created_at = created_at()
