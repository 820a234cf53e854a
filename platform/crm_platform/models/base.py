"""Column helpers shared by the core's models."""
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, ForeignKeyConstraint
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

    def result_processor(self, dialect, coltype):
        """Read back aware and in UTC: PostgreSQL's timestamptz comes in the session's time zone; a naive
        one (SQLite) is the UTC it was stored in.

        UTC on every engine, so that the API writes the same text everywhere and a
        list can leave timestamps to orjson (`RowDumper`), which drops the seconds of
        an offset such as Shanghai's before 1901 (+08:05:43). One function per value
        rather than TypeDecorator's three Python calls: a list page reads some 200.
        """
        parse = self.impl_instance.result_processor(dialect, coltype)
        utc = timezone.utc
        if dialect.name == "postgresql" and parse is None:
            def in_utc(value):
                return None if value is None else value.astimezone(utc)

            return in_utc

        def process(value):
            if parse is not None and value is not None:
                value = parse(value)
            if value is None:
                return None
            return value.replace(tzinfo=utc) if value.tzinfo is None else value.astimezone(utc)

        if dialect.name != "sqlite":
            return process
        from_iso = datetime.fromisoformat

        def process_sqlite_text(value):
            # SQLite holds the UTC text SQLAlchemy wrote, with no zone: one C call reads it aware,
            # where parsing and then replace(tzinfo=) took ten times as long (replace's keywords are slow).
            if value is None:
                return None
            try:
                read = from_iso(value + "+00:00")
            except (TypeError, ValueError):  # text not in the stored form (say, with a zone of its own)
                return process(value)
            # A date alone ("2026-03-01") reads the suffix as a time and comes back naive.
            return read if read.tzinfo is not None else process(value)

        return process_sqlite_text


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


class ExactDecimal(TypeDecorator):
    """A Decimal with a fixed number of places, stored exactly as a scaled integer (BIGINT).

    Money and quantities must never pass through a float. SQLite has no exact
    NUMERIC (SQLAlchemy converts through float there), so the value is stored as
    an integer count of its smallest unit (fen for money at 2 places); SUM and
    comparisons in SQL stay exact on every database. A value with more places
    than the column holds is refused, never rounded silently: round it first.
    So are NaN, infinities and values whose units overflow BIGINT (beyond
    ±92,233,720,368,547,758.07 at 2 places), with the same ValueError on every
    database (SQLite and PostgreSQL would otherwise fail each in its own way).
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places=2):
        super().__init__()
        self.places = places
        self._unit = Decimal(1).scaleb(-places)
        self._largest = Decimal(2**63 - 1).scaleb(-places)

    def process_bind_param(self, value, dialect):
        """Decimal (or int, or numeric string) -> integer count of units; floats are refused."""
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("an exact decimal column takes Decimal, not float")
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{value} is not a number an exact decimal column holds")
        # Checked before quantize, which would fail on a huge value with decimal's own error.
        if abs(value) > self._largest:
            raise ValueError(f"{value} is out of range (at most {self._largest} either way)")
        if value != value.quantize(self._unit):
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(value.scaleb(self.places))

    def process_result_value(self, value, dialect):
        """Integer count of units (or a SUM of them) -> Decimal with the column's places."""
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(self._unit)

    def coerce_compared_value(self, op, value):
        """Compare with literals through the same scaling."""
        return self
