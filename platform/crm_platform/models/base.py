"""Column helpers shared by the core's models."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKeyConstraint
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow():
    """Timezone-aware now, the only clock models use."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so without this it hands back naive datetimes that
    compare and serialise differently from PostgreSQL's.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Convert an aware datetime to UTC before it is stored."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        """Mark a naive datetime read back (SQLite) as the UTC it was stored in."""
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def created_at():
    """A `created_at` column stamped on insert."""
    return mapped_column(UTCDateTime, default=utcnow, nullable=False)


def updated_at():
    """An `updated_at` column stamped on insert and every update."""
    return mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


def same_tenant_fk(column, target, ondelete=None):
    """A composite foreign key (tenant_id, column) -> target(tenant_id, id).

    It makes the database refuse a reference into another tenant.
    """
    table = target.split(".")[0]
    return ForeignKeyConstraint(
        ["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete
    )
