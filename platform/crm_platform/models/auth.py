"""Server-side login sessions and personal API tokens (both stored hashed)."""
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped


class LoginSession(TenantScoped, db.Model):
    """One signed-in browser; deleting the row signs that browser out."""

    __tablename__ = "login_sessions"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        Index("ix_login_sessions_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int]
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    created_at = created_at()
    last_seen_at = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys="LoginSession.user_id", primaryjoin="LoginSession.user_id == User.id", viewonly=True)


class ApiToken(TenantScoped, db.Model):
    """A personal API token; only its SHA-256 and a display prefix are kept."""

    __tablename__ = "api_tokens"
    # Who made or revoked which token is audited; its hash is not, nor each use.
    __audit__ = "api_token"
    __audit_exclude__ = ("token_hash", "last_used_at")
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        Index("ix_api_tokens_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at = created_at()
    last_used_at = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys="ApiToken.user_id", primaryjoin="ApiToken.user_id == User.id", viewonly=True)
