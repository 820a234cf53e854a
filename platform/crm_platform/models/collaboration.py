"""The collaborative CRM of the domain: announcements with each reader's read state, work logs and plans."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk, updated_at
from crm_platform.tenancy import TenantScoped

WORK_LOG_KINDS = ("daily", "weekly")
"""A daily work log (its day) or a weekly plan (its week, by the Monday that starts it)."""


class Announcement(TenantScoped, db.Model):
    """A notice an admin or manager posts to the whole company (unit_id None) or to a unit and the units below it."""

    __tablename__ = "announcements"
    __audit__ = "announcement"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("author_id", "users.id"),
        same_tenant_fk("unit_id", "org_units.id", ondelete="CASCADE"),
        Index("ix_announcements_tenant_published", "tenant_id", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None]
    unit_id: Mapped[int | None]
    pinned: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The last day it shows on the dashboard (workspace date); None: until it is deleted.
    expires_on: Mapped[date | None] = mapped_column(Date)
    created_at = created_at()
    updated_at = updated_at()

    author = relationship("User", foreign_keys="Announcement.author_id",
                          primaryjoin="Announcement.author_id == User.id", viewonly=True)
    unit = relationship("OrgUnit", foreign_keys="Announcement.unit_id",
                        primaryjoin="Announcement.unit_id == OrgUnit.id", viewonly=True)


class AnnouncementRead(TenantScoped, db.Model):
    """That `user_id` has read an announcement, and when."""

    __tablename__ = "announcement_reads"
    __table_args__ = (
        same_tenant_fk("announcement_id", "announcements.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "announcement_id", "user_id"),
        Index("ix_announcement_reads_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int]
    user_id: Mapped[int]
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkLog(TenantScoped, db.Model):
    """A person's daily work log or weekly plan; their managers (unit subtree) read it and comment."""

    __tablename__ = "work_logs"
    __audit__ = "work_log"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        CheckConstraint("kind IN ('daily', 'weekly')", name="kind_known"),
        # One log per person and day, one plan per person and week.
        UniqueConstraint("tenant_id", "user_id", "kind", "day"),
        Index("ix_work_logs_tenant_day", "tenant_id", "kind", "day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default="daily")
    # The log's day, or the Monday of the plan's week (workspace dates).
    day: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    created_at = created_at()
    updated_at = updated_at()

    user = relationship("User", foreign_keys="WorkLog.user_id", primaryjoin="WorkLog.user_id == User.id",
                        viewonly=True)


class WorkLogComment(TenantScoped, db.Model):
    """A manager's (or the author's) comment on a work log or plan."""

    __tablename__ = "work_log_comments"
    __audit__ = "work_log_comment"
    __table_args__ = (
        same_tenant_fk("work_log_id", "work_logs.id", ondelete="CASCADE"),
        same_tenant_fk("author_id", "users.id"),
        Index("ix_work_log_comments_tenant_log", "tenant_id", "work_log_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_log_id: Mapped[int]
    author_id: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    created_at = created_at()

    author = relationship("User", foreign_keys="WorkLogComment.author_id",
                          primaryjoin="WorkLogComment.author_id == User.id", viewonly=True)
