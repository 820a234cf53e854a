"""The workspace business calendar's own days and people's time off (docs/calendar.md)."""
from sqlalchemy import Boolean, Date, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped


class CalendarDay(TenantScoped, db.Model):
    """A company day off (working False) or extra working day (True); it overrides the official calendar."""

    __tablename__ = "calendar_days"
    __audit__ = "calendar_day"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day = mapped_column(Date, nullable=False)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at = created_at()


class TimeOff(TenantScoped, db.Model):
    """A person's time off, from one instant to another (periods may overlap): not working time for them."""

    __tablename__ = "time_off"
    __audit__ = "time_off"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        Index("ix_time_off_tenant_user_starts", "tenant_id", "user_id", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    starts_at = mapped_column(UTCDateTime, nullable=False)
    ends_at = mapped_column(UTCDateTime, nullable=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at = created_at()

    user = relationship("User", foreign_keys="TimeOff.user_id", primaryjoin="TimeOff.user_id == User.id",
                        viewonly=True)
