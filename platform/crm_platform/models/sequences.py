"""Per-workspace number sequences, shared by every module's document numbers (crm_platform/numbering.py)."""
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.tenancy import TenantScoped


class Sequence(TenantScoped, db.Model):
    """A workspace's named sequence (`contract-2026`): its next value, taken under a row lock."""

    __tablename__ = "sequences"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    next_value: Mapped[int] = mapped_column(default=1)
