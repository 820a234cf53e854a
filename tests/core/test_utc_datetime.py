"""Timestamps are stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL (models/base.py)."""
from datetime import datetime, timedelta, timezone

import orjson
from sqlalchemy import select, update
from sqlalchemy.dialects import sqlite

from crm_platform.api.row_dump import RowDumper, dumped_response
from crm_platform.customers.schemas import CustomerSchema
from crm_platform.models import Customer
from crm_platform.models.base import UTCDateTime

SHANGHAI = timezone(timedelta(hours=8))


def test_a_timestamp_comes_back_aware_and_equal_however_it_is_read(tenant_session, world):
    """Written in +08:00, read back aware as the same instant, by the ORM and as a plain column; None stays None."""
    customer_id = world.acme.customers["s1"].id
    written = datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=SHANGHAI)
    with tenant_session(world.acme) as session:
        session.execute(update(Customer).where(Customer.id == customer_id)
                        .values(last_contacted_at=written, next_follow_up_at=None))
        session.commit()
        customer = session.get(Customer, customer_id)
        session.refresh(customer)
        row = session.execute(select(Customer.last_contacted_at, Customer.next_follow_up_at, Customer.created_at)
                              .where(Customer.id == customer_id)).one()
        if session.get_bind().dialect.name == "postgresql":
            # A session in Shanghai's zone: psycopg reads timestamptz in it, and this type turns it to UTC.
            session.connection().exec_driver_sql("SET LOCAL TIME ZONE 'Asia/Shanghai'")
            customer = session.get(Customer, customer_id)
            session.refresh(customer)
            row = session.execute(select(Customer.last_contacted_at, Customer.next_follow_up_at,
                                         Customer.created_at).where(Customer.id == customer_id)).one()
    for value in (customer.last_contacted_at, row.last_contacted_at):
        # In UTC on both engines, whatever the PostgreSQL session's time zone.
        assert value == written and value.isoformat() == "2026-03-01T01:30:15.250000+00:00"
    assert row.next_follow_up_at is None and customer.next_follow_up_at is None
    assert row.created_at.tzinfo is not None


def test_sqlites_stored_text_is_read_as_the_utc_it_was_written_in():
    """The quick read of SQLite's text gives what parsing and then marking it UTC gives, for every stored form."""
    dialect = sqlite.dialect()
    read = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    parse = sqlite.DATETIME().result_processor(dialect, None)
    for stored in ("2026-03-01 01:30:15.250000", "2026-03-01 01:30:15.000000", "2026-03-01 01:30:15",
                   "1999-12-31 23:59:59.999999", "2026-03-01 01:30:15.123"):
        value = read(stored)
        assert value == parse(stored).replace(tzinfo=timezone.utc) and value.utcoffset() == timedelta(0), stored
    assert read(None) is None
    # A date alone is not what SQLAlchemy writes either; it still reads as midnight UTC, aware.
    assert read("2026-03-01") == datetime(2026, 3, 1, tzinfo=timezone.utc)
    # Text with a zone of its own (not what SQLAlchemy writes) takes the long way, to the same instant in UTC.
    zoned = read("2026-03-01 09:30:15+08:00")
    assert zoned == parse("2026-03-01 09:30:15+08:00") and zoned.utcoffset() == timedelta(0)


def test_a_lean_list_writes_a_timestamp_as_the_schema_does_even_with_seconds_in_the_zone(tenant_session, world):
    """Shanghai's offset before 1901 was +08:05:43; orjson would drop its seconds, so the type reads UTC."""
    customer_id = world.acme.customers["s1"].id
    with tenant_session(world.acme) as session:
        session.execute(update(Customer).where(Customer.id == customer_id)
                        .values(last_contacted_at=datetime(1890, 5, 4, 3, 2, 1, tzinfo=timezone.utc)))
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            session.connection().exec_driver_sql("SET LOCAL TIME ZONE 'Asia/Shanghai'")
        columns = [Customer.id, Customer.last_contacted_at, Customer.created_at]
        rows = session.execute(select(*columns).where(Customer.id == customer_id)).all()
    schema = CustomerSchema(only=("id", "last_contacted_at", "created_at"))
    lean = orjson.loads(dumped_response(RowDumper(schema, columns=columns)(rows)).get_data())
    assert lean == schema.dump(rows, many=True)
    assert lean[0]["last_contacted_at"] == "1890-05-04T03:02:01+00:00"
