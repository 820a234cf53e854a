"""Files attached to customers: the metadata here, the bytes on disk (crm_platform.attachments.storage)."""
from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped


class CustomerAttachment(TenantScoped, db.Model):
    """One file on a customer; it inherits the customer's visibility and goes with it."""

    __tablename__ = "customer_attachments"
    __audit__ = "customer_attachment"
    __audit_exclude__ = ("stored_name",)  # where it lies on disk is nobody's business
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("uploaded_by", "users.id"),
        Index("ix_customer_attachments_tenant_customer", "tenant_id", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    uploaded_by: Mapped[int | None]
    # The uploader's file name, for showing and for the download's name only: never a path.
    name: Mapped[str] = mapped_column(String(255))
    # From the allow-list for the checked type, never the type the client claimed.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    # 32 random hex digits: the file's name in the tenant's folder.
    stored_name: Mapped[str] = mapped_column(String(40))
    created_at = created_at()

    uploader = relationship("User", foreign_keys="CustomerAttachment.uploaded_by",
                            primaryjoin="CustomerAttachment.uploaded_by == User.id", viewonly=True)
