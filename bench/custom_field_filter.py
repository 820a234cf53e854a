"""Benchmark: filtering the customer list by one custom field at 100,000 customers, next to the raw SQL.

    python bench/custom_field_filter.py [--customers 100000] [--repeat 30]

Builds one workspace with 100,000 customers and eight custom fields (about
560,000 value rows; cached in bench/.cache/ as a SQLite file, or in the scratch
PostgreSQL database CRM_BENCH_DATABASE_URL, whose content it owns), then times
GET /api/v1/customers?limit=50&cf_... through the Flask test client with a
bearer token, for an executive (sees all) and a rep, and the same query in raw
SQL on the same engine in the same run (the baseline). See README.md.
"""
import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import bindparam, text

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import (
    Customer, CustomerTag, CustomFieldDefinition, CustomFieldValue, OrgUnit, Tenant, User,
)
from crm_platform.models.customer_keys import customer_keys
from customer_list import REGIONS, SUFFIXES, SYLLABLES, TAGS, _bearer_for, bench_app, cached_or_emptied, median_ms

CACHE = Path(__file__).resolve().parent / ".cache"
DATA_VERSION = 2
TIERS = [f"Tier {n}" for n in range(1, 11)]  # one customer in ten per tier
CHANNELS = ["web", "phone", "shop", "fair", "partner"]
# key, type, choices, share of customers with a value
FIELDS = [("tier", "choice", TIERS, 1.0), ("employees", "number", None, 1.0), ("signed_on", "date", None, 0.6),
          ("channels", "multi_choice", CHANNELS, 0.8), ("key_account", "yes_no", None, 0.5),
          ("nickname", "text", None, 0.3), ("budget", "money", None, 0.4), ("advisor", "user", None, 0.2)]
REPS = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per figure (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    return parser.parse_args()


def make_app(args):
    """An app on the benchmark database; returns (app, key of the data set it must hold)."""
    return bench_app("custom_field_filter", f"cf-{args.customers}-v{DATA_VERSION}", args.rebuild)


def ensure_data(args, key):
    """Build the workspace unless this database already holds this exact data set."""
    if cached_or_emptied("cf-bench", Tenant.slug != "cf-bench", key, args.rebuild):
        return
    started = time.perf_counter()
    build(args.customers, key)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"Built {args.customers:,} customers in {time.perf_counter() - started:.0f} s.")


def build(n, key):
    """One workspace: an admin, an executive, a manager, REPS reps, n customers, their fields' values (Core inserts)."""
    rng = random.Random(8)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    people = [("admin", 1), ("executive", 1), ("manager", 2)] + [("rep", 2)] * REPS
    reps = [i + 1 for i, (role, _) in enumerate(people) if role == "rep"]
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": 1, "name": "CF Bench", "slug": "cf-bench",
                                                  "settings": {"bench": key}, "created_at": now}])
        conn.execute(OrgUnit.__table__.insert(), [
            {"id": 1, "tenant_id": 1, "name": "Company", "kind": "company", "path": "/1/", "created_at": now},
            {"id": 2, "tenant_id": 1, "name": "Sales", "kind": "team", "path": "/1/2/", "parent_id": 1,
             "created_at": now}])
        conn.execute(User.__table__.insert(), [
            {"id": i + 1, "tenant_id": 1, "name": f"{role} {i + 1}", "email": f"{role}{i + 1}@bench.test",
             "password_hash": hash_password("bench-password"), "role": role, "org_unit_id": unit, "active": True,
             "created_at": now, "updated_at": now} for i, (role, unit) in enumerate(people)])
        conn.execute(CustomFieldDefinition.__table__.insert(), [
            {"id": k + 1, "tenant_id": 1, "entity": "customer", "key": fkey, "label": fkey.title(), "type": ftype,
             "required": False, "choices": choices, "position": k, "created_at": now, "updated_at": now}
            for k, (fkey, ftype, choices, _share) in enumerate(FIELDS)])
        rows, values = [], []
        for i in range(1, n + 1):
            name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SUFFIXES)
            created = now - timedelta(minutes=rng.randrange(1_500_000))
            rows.append({"id": i, "tenant_id": 1, "name": name, "kind": "company", "region": rng.choice(REGIONS),
                         "status": "following", "level": "potential", "owner_id": rng.choice(reps),
                         "phone": f"1{rng.randrange(10**9, 10**10)}", "email": None, "address": None, "notes": None,
                         "care_date": None, "created_at": created, "updated_at": created,
                         **customer_keys({"name": name, "phone": None, "email": None})})
            values += field_values(rng, i, reps)
        conn.execute(Customer.__table__.insert(), rows)
        conn.execute(CustomerTag.__table__.insert(), [
            {"tenant_id": 1, "customer_id": i, "tag": rng.choice(TAGS)} for i in range(1, n + 1)])
        for start in range(0, len(values), 50_000):
            conn.execute(CustomFieldValue.__table__.insert(), values[start:start + 50_000])


def field_values(rng, record_id, reps):
    """The value rows of one customer: each field set for its share of customers."""
    found = []
    for k, (_key, ftype, choices, share) in enumerate(FIELDS):
        if rng.random() >= share:
            continue
        base = {"tenant_id": 1, "entity": "customer", "record_id": record_id, "field_id": k + 1, "value_text": None,
                "value_number": None, "value_date": None, "value_bool": None, "value_user_id": None}
        if ftype == "multi_choice":
            found += [{**base, "value_text": c} for c in rng.sample(choices, rng.randint(1, 2))]
            continue
        value = {"choice": lambda: ("value_text", rng.choice(choices)),
                 "number": lambda: ("value_number", rng.randrange(1, 100_000)),
                 "money": lambda: ("value_number", rng.randrange(100, 10_000_000) / 100),
                 "date": lambda: ("value_date", date(2020, 1, 1) + timedelta(days=rng.randrange(2000))),
                 "yes_no": lambda: ("value_bool", rng.random() < 0.1),
                 "text": lambda: ("value_text", f"code-{record_id % 20_000}"),
                 "user": lambda: ("value_user_id", rng.choice(reps))}[ftype]()
        found.append({**base, value[0]: value[1]})
    return found


RAW_COLUMNS = ", ".join(c.name for c in Customer.__table__.columns)
VALUES_IN = ("id IN (SELECT record_id FROM custom_field_values WHERE tenant_id = :t AND field_id = :f AND {cond})")
RAW_LIST = (f"SELECT {RAW_COLUMNS} FROM customers WHERE tenant_id = :t {{who}} AND {VALUES_IN} "
            "ORDER BY name, id LIMIT 51")
RAW_COUNT = f"SELECT count(id) FROM customers WHERE tenant_id = :t {{who}} AND {VALUES_IN}"
RAW_REP = ("AND (owner_id = :u OR id IN (SELECT customer_id FROM customer_shares "
           "WHERE tenant_id = :t AND user_id = :u))")
RAW_VALUES = text("SELECT * FROM custom_field_values WHERE tenant_id = :t AND entity = 'customer' "
                  "AND record_id IN :ids").bindparams(bindparam("ids", expanding=True))
# (label, query string, field id, SQL condition, parameters)
CASES = [
    ("choice = Tier 3 (10%)", "cf_tier=Tier 3", 1, "value_text = :v", {"v": "Tier 3"}),
    ("number range (0.5%)", "cf_employees_min=99500", 2, "value_number >= :v", {"v": 99500}),
    ("date range (5%)", "cf_signed_on_min=2024-01-01&cf_signed_on_max=2024-06-30", 3,
     "value_date BETWEEN :v AND :w", {"v": date(2024, 1, 1), "w": date(2024, 6, 30)}),
    ("text = one code (~0.002%)", "cf_nickname=code-4242", 6, "value_text = :v", {"v": "code-4242"}),
]


def measure(app, args, role):
    """[(case, API ms, SQL ms, SQL+values ms, API count ms, SQL count ms, matches)] for one user."""
    user_id, headers = _bearer_for(app, 1, role)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    results = []
    with engine.connect() as conn:
        for label, query, field_id, cond, params in CASES:
            def api():
                response = client.get(f"/api/v1/customers?limit=50&{query}", headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)
                return response.get_json()

            def api_count():
                return client.get(f"/api/v1/customers/count?{query}", headers=headers).get_json()["count"]

            who = RAW_REP if role == "rep" else ""
            bound = {"t": 1, "u": user_id, "f": field_id, **params}

            def raw():
                return conn.execute(text(RAW_LIST.format(who=who, cond=cond)), bound).all()

            def raw_values():
                rows = raw()[:50]
                conn.execute(RAW_VALUES, {"t": 1, "ids": [r.id for r in rows]}).all()

            def raw_count():
                return conn.execute(text(RAW_COUNT.format(who=who, cond=cond)), bound).scalar()

            assert [r.id for r in raw()][:50] == [c["id"] for c in api()["items"]], label
            assert raw_count() == api_count(), label
            results.append((label, median_ms(api, args.repeat), median_ms(raw, args.repeat),
                            median_ms(raw_values, args.repeat), median_ms(api_count, args.repeat),
                            median_ms(raw_count, args.repeat), raw_count()))
    return results


def main():
    args = parse_args()
    app, key = make_app(args)
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    print(f"\nGET /api/v1/customers?limit=50&cf_... and /customers/count?cf_... vs the same SQL (the baseline), "
          f"median of {args.repeat} runs, {args.customers:,} customers, 8 custom fields."
          "\n'SQL+val' also fetches the page's custom field values, which the API returns too.")
    for role in ("executive", "rep"):
        print(f"\n{role}:")
        print(f"  {'filter':<28}{'matches':>8}{'API ms':>9}{'SQL ms':>9}{'API/SQL':>9}{'SQL+val':>9}"
              f"{'API/+val':>9}{'count API':>11}{'count SQL':>11}{'ratio':>7}")
        for label, api_ms, sql_ms, val_ms, count_api, count_sql, matches in measure(app, args, role):
            print(f"  {label:<28}{matches:>8,}{api_ms:>9.2f}{sql_ms:>9.2f}{api_ms / sql_ms:>8.1f}x{val_ms:>9.2f}"
                  f"{api_ms / val_ms:>8.1f}x{count_api:>11.2f}{count_sql:>11.2f}{count_api / count_sql:>6.1f}x")


if __name__ == "__main__":
    main()
