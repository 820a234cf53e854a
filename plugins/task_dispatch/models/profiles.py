"""Employee profiles: what each person who takes tasks can do, holds, where they work and how much they carry."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at

CUSTOMER_RELATIONS = ("preferred", "excluded")


class Profile(TenantScoped, db.Model):
    """One workspace user who can take tasks.

    `skills` is {skill key: level 1..5} and `resources` a list of resource keys,
    both from the catalogue. The `performance_*` columns are derived from the
    person's finished tasks by the module (tasks/performance.py), never typed in.
    """

    __tablename__ = "task_dispatch_profiles"
    __audit__ = "dispatch_profile"
    # Derived figures change with every finished task; the tasks themselves are audited.
    __audit_exclude__ = ("performance_tasks", "performance_on_time", "performance_rating", "performance",
                         "performance_at")
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "user_id", name="uq_task_dispatch_profiles_user"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        CheckConstraint("capacity BETWEEN 1 AND 1000", name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    takes_tasks: Mapped[bool] = mapped_column(Boolean, default=True)
    home_region: Mapped[str | None] = mapped_column(String(100))
    hire_date: Mapped[date | None] = mapped_column(Date)
    post_date: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(default=5)
    skills: Mapped[dict] = mapped_column(JSON, default=dict)
    resources: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    # Derived from finished tasks (never from input): counts, on-time rate, mean rating, the 0..1 figure.
    performance_tasks: Mapped[int] = mapped_column(default=0)
    performance_on_time: Mapped[float | None] = mapped_column(Float)
    performance_rating: Mapped[float | None] = mapped_column(Float)
    performance: Mapped[float | None] = mapped_column(Float)
    performance_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()
    updated_at = updated_at()


class Certification(TenantScoped, db.Model):
    """A certification a person holds, optionally for one skill of the catalogue, valid until `expires_on`."""

    __tablename__ = "task_dispatch_certifications"
    __audit__ = "dispatch_certification"
    __table_args__ = (
        same_tenant_fk("profile_id", "task_dispatch_profiles.id", ondelete="CASCADE"),
        Index("ix_task_dispatch_certifications_tenant_profile", "tenant_id", "profile_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    skill_key: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(60))
    expires_on: Mapped[date | None] = mapped_column(Date)
    created_at = created_at()


class CustomerPerson(TenantScoped, db.Model):
    """A customer's preferred employee, or one excluded from its work (a hard rule), with why."""

    __tablename__ = "task_dispatch_customer_people"
    __audit__ = "dispatch_customer_person"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "user_id", name="uq_task_dispatch_customer_people"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        CheckConstraint("relation IN ('preferred', 'excluded')", name="relation_known"),
        Index("ix_task_dispatch_customer_people_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    user_id: Mapped[int]
    relation: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at = created_at()
