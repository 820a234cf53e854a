"""Org units (the org chart) and the users placed in it."""
from flask_login import UserMixin
from sqlalchemy import Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk, updated_at, utcnow
from crm_platform.tenancy import TenantScoped

UNIT_KINDS = ("company", "branch", "region", "team")


class OrgUnit(TenantScoped, db.Model):
    """A node of the org chart; `path` ("/1/4/9/") makes subtree queries one LIKE."""

    __tablename__ = "org_units"
    __audit__ = "org_unit"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("parent_id", "org_units.id"),
        Index("ix_org_units_tenant_path", "tenant_id", "path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="team")
    parent_id: Mapped[int | None]
    path: Mapped[str] = mapped_column(String(1000), default="")
    created_at = created_at()

    parent = relationship("OrgUnit", remote_side="OrgUnit.id", foreign_keys="OrgUnit.parent_id",
                          primaryjoin="OrgUnit.parent_id == OrgUnit.id", viewonly=True)


class User(TenantScoped, UserMixin, db.Model):
    """A person who signs in to one workspace; the email is unique per tenant."""

    __tablename__ = "users"
    __audit__ = "user"
    __audit_exclude__ = ("password_hash", "last_login_at")
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "email"),
        same_tenant_fk("org_unit_id", "org_units.id"),
        Index("ix_users_tenant_unit", "tenant_id", "org_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(40), default="rep")
    org_unit_id: Mapped[int | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    # IANA name; None follows the workspace's time zone.
    timezone: Mapped[str | None] = mapped_column(String(64))
    last_login_at = mapped_column(UTCDateTime)
    # Set at creation and at each reactivation; emailed links are bound to it (mail/tokens.py),
    # so those sent before a deactivation stay dead.
    active_since = mapped_column(UTCDateTime, default=utcnow)
    created_at = created_at()
    updated_at = updated_at()

    org_unit = relationship(OrgUnit, foreign_keys="User.org_unit_id",
                            primaryjoin="User.org_unit_id == OrgUnit.id", viewonly=True)

    # Flask-Login stores get_id() in the cookie; we store the server-side
    # login-session token there instead of the user id, so that ending the
    # LoginSession row ends the cookie (see auth/sessions.py).
    session_token = None

    def get_id(self):
        """The login-session token this user object was loaded through."""
        return self.session_token

    @property
    def is_active(self):
        """Deactivated users cannot sign in or use tokens."""
        return self.active
