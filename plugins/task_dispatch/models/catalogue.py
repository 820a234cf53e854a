"""The workspace's catalogues of skills and resources (vehicles, tools, licences) that profiles and tasks name."""
from sqlalchemy import Boolean, CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, created_at, db

CATALOGUE_KINDS = ("skill", "resource")
RESOURCE_CATEGORIES = ("vehicle", "tool", "licence", "other")


class CatalogueItem(TenantScoped, db.Model):
    """A skill or a resource of the workspace's catalogue, named by a stable `key` (profiles and tasks store keys).

    A skill marked `certified` counts only while its holder has an unexpired
    certification for it. Items are archived, never deleted, so old tasks keep
    their meaning.
    """

    __tablename__ = "task_dispatch_catalogue_items"
    __audit__ = "dispatch_catalogue_item"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "key", name="uq_task_dispatch_catalogue_items_key"),
        CheckConstraint("kind IN ('skill', 'resource')", name="kind_known"),
        CheckConstraint("category IS NULL OR category IN ('vehicle', 'tool', 'licence', 'other')",
                        name="category_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str | None] = mapped_column(String(8))
    certified: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at = created_at()
