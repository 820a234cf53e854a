"""Imports (customers, or a plugin's kind of record): one batch per uploaded file, and the rows it could not import."""
from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk, updated_at
from crm_platform.tenancy import TenantScoped

ON_DUPLICATE = ("skip", "update", "create")
FORMATS = ("csv", "xlsx")


class ImportBatch(TenantScoped, db.Model):
    """An uploaded file of records of one import kind, how its columns map to fields, and how far its import got.

    `rows_done` is the checkpoint: the data rows before it are imported, and
    it is committed in the same transaction as their customers and errors, so
    a run that starts again (a worker was killed) continues after it and never
    imports a row twice.
    """

    __tablename__ = "import_batches"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        Index("ix_import_batches_tenant_user", "tenant_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    # The ImportKind's key (imports/kinds.py): "customers", or a plugin's kind such as "sales_automation_leads".
    kind: Mapped[str] = mapped_column(String(60), default="customers", server_default="customers")
    filename: Mapped[str] = mapped_column(String(255))
    # The upload's name under <instance>/imports/<tenant_id>/; None once the file is deleted.
    stored_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    format: Mapped[str] = mapped_column(String(10))
    # How the CSV is read back (the first pass found them); None for .xlsx.
    encoding: Mapped[str | None] = mapped_column(String(20), nullable=True)
    delimiter: Mapped[str | None] = mapped_column(String(1), nullable=True)
    headers: Mapped[list] = mapped_column(JSON, default=list)
    # {header: field name}; headers not in it are ignored.
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    on_duplicate: Mapped[str] = mapped_column(String(10), default="skip")
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    # The latest run; a resumed import gets a new job. No foreign key: `jobs`
    # has no (tenant_id, id) key to point at; only this package writes it, from a
    # job made in the same tenant scope.
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at = created_at()
    updated_at = updated_at()
    started_at = mapped_column(UTCDateTime, nullable=True)
    finished_at = mapped_column(UTCDateTime, nullable=True)

    @property
    def counts(self):
        """What the import did so far, by outcome."""
        return {"created": self.created_count, "updated": self.updated_count,
                "skipped": self.skipped_count, "failed": self.failed_count}


class ImportRowError(TenantScoped, db.Model):
    """A row that was not imported: its number in the file, why, and its values."""

    __tablename__ = "import_row_errors"
    __table_args__ = (
        same_tenant_fk("batch_id", "import_batches.id", ondelete="CASCADE"),
        # One report line per row: a resumed run can never add a row twice.
        UniqueConstraint("tenant_id", "batch_id", "row_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer)
    row_number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    values: Mapped[list] = mapped_column(JSON, default=list)
