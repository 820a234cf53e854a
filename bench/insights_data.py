"""The data set of bench/insights.py: one workspace, 100,000 customers, 1,000,000 purchases over three years.

Heavy-tailed like a real customer book: 8% of the customers never bought; the
others' share of the purchases and their typical order are lognormal, so a few
customers carry most of the revenue; each buys within a window of its own (some
stopped long ago, some started lately), so recency spreads over the three years.
Drawn with numpy from a fixed seed and written in bulk on the raw DB-API
connection (COPY on PostgreSQL, executemany on SQLite), not through the ORM.
"""
from datetime import date, datetime, timezone

import numpy as np
from sqlalchemy import text

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, Tenant, User
from crm_platform.models.modules import TenantModule

TID = 1
AS_OF = date(2026, 12, 1)
"""The day the benchmark computes as of: the data's today."""
CREATED = datetime(2026, 12, 1, tzinfo=timezone.utc)
YEARS_OF_DAYS = 3 * 365
CHUNK = 50_000
NEVER_BOUGHT = 0.08
CURRENCY = "CNY"
PURCHASE_COLUMNS = ("id", "tenant_id", "customer_id", "purchased_on", "amount", "currency", "source", "created_at")


def purchases_of(customers, count, seed=14):
    """(customer ids, days, amounts in fen) of `count` purchases of customers 1..`customers`, as numpy arrays."""
    rng = np.random.default_rng(seed)
    buyers = np.flatnonzero(rng.random(customers) >= NEVER_BOUGHT) + 1
    weight = rng.lognormal(0.0, 1.0, len(buyers))
    typical = rng.lognormal(np.log(200_000), 1.0, len(buyers))  # a typical order of ~2,000 yuan, in fen
    first = rng.integers(0, YEARS_OF_DAYS, len(buyers))  # days after the start of the three years
    last = first + (rng.random(len(buyers)) * (YEARS_OF_DAYS - first)).astype(np.int64)
    who = rng.choice(len(buyers), size=count, p=weight / weight.sum())
    offset = first[who] + (rng.random(count) * (last[who] - first[who] + 1)).astype(np.int64)
    start = np.datetime64(AS_OF, "D") - YEARS_OF_DAYS + 1
    cents = np.maximum(100, typical[who] * rng.lognormal(0.0, 0.5, count)).astype(np.int64)
    return buyers[who], start + offset, cents


def build(key, customers, purchases):
    """Write the workspace, its customers and purchases into the (emptied, migrated) database."""
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": TID, "name": "Insights bench", "slug": "insights-001",
                                                  "settings": {"bench": key}, "created_at": CREATED}])
        conn.execute(OrgUnit.__table__.insert(), [{"id": 1, "tenant_id": TID, "name": "Company", "kind": "company",
                                                   "path": "/1/", "created_at": CREATED}])
        conn.execute(User.__table__.insert(), [{"id": 1, "tenant_id": TID, "name": "Admin", "email": "admin@bench.test",
                                                "password_hash": hash_password("bench-password"), "role": "admin",
                                                "org_unit_id": 1, "active": True, "created_at": CREATED,
                                                "updated_at": CREATED}])
        conn.execute(TenantModule.__table__.insert(), [{"id": 1, "tenant_id": TID, "name": "customer_insights",
                                                        "enabled": True, "settings": {}, "updated_at": CREATED}])
        rows = [{"id": i, "tenant_id": TID, "name": f"客户{i:06d}", "kind": "company", "status": "signed",
                 "level": "effective", "owner_id": 1, "created_at": CREATED, "updated_at": CREATED}
                for i in range(1, customers + 1)]
        for start in range(0, len(rows), CHUNK):
            conn.execute(Customer.__table__.insert(), rows[start:start + CHUNK])
    who, days, cents = purchases_of(customers, purchases)
    order = np.lexsort((who, days))  # in the order a shop's history would arrive: by day
    write_purchases(who[order], days[order], cents[order])
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            for table in ("customers", "customer_insights_purchases", "users", "org_units", "tenant_modules"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
        conn.execute(text("ANALYZE"))


def write_purchases(who, days, cents):
    """The purchases, straight through the driver: amounts are stored as integer fen (ExactDecimal's storage)."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        columns = ", ".join(PURCHASE_COLUMNS)
        if db.engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY customer_insights_purchases ({columns}) FROM STDIN") as copy:
                for n, (customer, day, amount) in enumerate(zip(who.tolist(), days.tolist(), cents.tolist()), 1):
                    copy.write_row((n, TID, customer, day, amount, CURRENCY, "import", CREATED))
        else:
            created = CREATED.strftime("%Y-%m-%d %H:%M:%S.%f")
            iso = np.datetime_as_string(days, unit="D").tolist()
            rows = zip(range(1, len(who) + 1), who.tolist(), iso, cents.tolist())
            cursor.executemany(f"INSERT INTO customer_insights_purchases ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               ((n, TID, customer, day, amount, CURRENCY, "import", created)
                                for n, customer, day, amount in rows))
        raw.commit()
    finally:
        raw.close()
