"""The knowledge base (articles) and canned replies (reply templates with placeholders)."""
from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, created_at, db, same_tenant_fk, updated_at


class Article(TenantScoped, db.Model):
    """A knowledge base article: how to solve something, found by search from the reply box."""

    __tablename__ = "service_support_articles"
    __table_args__ = (
        same_tenant_fk("author_id", "users.id"),
        Index("ix_service_support_articles_tenant_updated", "tenant_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(100))
    keywords: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[bool] = mapped_column(default=True)
    author_id: Mapped[int | None]
    created_at = created_at()
    updated_at = updated_at()


class CannedReply(TenantScoped, db.Model):
    """A reply template with placeholders ({customer}, {contact}, {ticket}...); personal or shared (owner None)."""

    __tablename__ = "service_support_canned_replies"
    __table_args__ = (
        same_tenant_fk("owner_id", "users.id"),
        Index("ix_service_support_canned_replies_tenant_owner", "tenant_id", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None]
    created_at = created_at()
    updated_at = updated_at()
