"""Timestamps are stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL (models/base.py)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from crm_platform.models import Customer

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
    for value in (customer.last_contacted_at, row.last_contacted_at):
        # PostgreSQL gives the instant in the session's time zone (the server's TimeZone), SQLite in UTC.
        assert value.tzinfo is not None and value == written
        assert value.astimezone(timezone.utc).isoformat() == "2026-03-01T01:30:15.250000+00:00"
    assert row.next_follow_up_at is None and customer.next_follow_up_at is None
    assert row.created_at.tzinfo is not None
