"""Tenants: one row per signed-up company (workspace)."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import created_at
from crm_platform.opaque_ids import ID_TYPE, new_id


class Tenant(db.Model):
    """A company's workspace; `slug` is what people type at sign-in."""

    __tablename__ = "tenants"

    # Random, like the ids of its rows (opaque_ids.py): no workspace learns how many signed up before it.
    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at = created_at()
