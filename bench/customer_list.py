"""Benchmark: the customer list API next to the raw SQL it stands for, at 1M customers.

    python bench/customer_list.py [--tenants 100] [--customers 10000] [--repeat 50]

Builds 100 tenants x 10,000 customers (cached in bench/.cache/ as a SQLite file,
or in the scratch PostgreSQL database CRM_BENCH_DATABASE_URL, whose content it
owns), then times GET /api/v1/customers?limit=50 through the Flask test client
with a bearer token -- first page and a deep page reached by cursor -- and the
equivalent SQL on the same engine in the same run (the baseline). See README.md.
"""
import argparse
import base64
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import bindparam, event, func, select, text

from crm_platform import create_app
from crm_platform.auth.api import issue_token
from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerShare, CustomerTag, OrgUnit, Tenant, User
from crm_platform.models.customer_keys import customer_keys
from crm_platform.tenancy import tenant_scope, unscoped

CACHE = Path(__file__).resolve().parent / ".cache"
DATA_VERSION = 1  # bump when the generated data changes shape
REPS_PER_TEAM = 5
SHARE_RATE = 0.01

SYLLABLES = ["华", "盛", "恒", "泰", "鑫", "宏", "润", "嘉", "远", "达", "新", "锦", "东", "海", "瑞", "通", "信", "诚",
             "安", "立", "金", "天", "永", "联", "博", "中", "兴", "利", "创", "佳"]
SUFFIXES = ["科技有限公司", "贸易有限公司", "电子有限公司", "能源有限公司", "物流有限公司", "仪器有限公司",
            "酒店管理有限公司", "软件有限公司", " Trading Ltd.", " Industries Inc."]
REGIONS = ["East China", "South China", "North China", "Central China", "West China"]
TAGS = ["manufacturing", "wholesale & distribution", "retail", "energy", "software", "telecom", "logistics"]


def parse_args(doc=__doc__):
    """The options of this benchmark's data set and timing (also `rls_cost.py`'s, described by its `doc`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--customers", type=int, default=10_000, help="customers per tenant")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per figure (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    return parser.parse_args()


def bench_app(name, key, rebuild=False):
    """An app on benchmark database `name` that must hold data set `key` (the migration heads join it).

    The database is a SQLite file cached in bench/.cache/ (one per benchmark:
    an older schema or size is deleted), or the scratch PostgreSQL database
    CRM_BENCH_DATABASE_URL. `rebuild` deletes the cached file. Returns (app, the full key).
    """
    CACHE.mkdir(exist_ok=True)
    migrations = Path(sys.modules["crm_platform"].__file__).parent / "migrations"
    heads = "-".join(sorted(ScriptDirectory(str(migrations)).get_heads()))
    key = f"{key}-{heads}"
    url = os.environ.get("CRM_BENCH_DATABASE_URL")
    if not url:
        path = CACHE / f"{name}-{key}.sqlite"
        for old in CACHE.glob(f"{name}-*.sqlite*"):
            if rebuild or not old.name.startswith(path.name):
                old.unlink()  # an older schema or size: keep one cached file, not many
        url = f"sqlite:///{path}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "CRM_PASSWORD_TIME_COST": 1,
                      "CRM_PASSWORD_MEMORY_COST": 64, "CRM_THROTTLE_STORAGE_URL": "memory://",
                      "SQLALCHEMY_DATABASE_URI": url}, instance_path=str(CACHE / "instance"))
    return app, key


def make_app(args):
    """An app on the benchmark database; returns (app, key of the data set it must hold)."""
    return bench_app("customer_list", f"{args.tenants}x{args.customers}-v{DATA_VERSION}", args.rebuild)


def cached_or_emptied(marker_slug, foreign, key, rebuild):
    """True when the database already holds data set `key` (the workspace `marker_slug` says so); else empty it.

    `foreign` selects workspaces that are not the benchmark's: their presence
    stops the run rather than deleting someone's data.
    """
    upgrade(revision="heads")
    with unscoped("benchmark setup"):
        marker = db.session.scalar(select(Tenant.settings).where(Tenant.slug == marker_slug))
        others = db.session.scalar(select(func.count()).select_from(Tenant).where(foreign))
    if marker and marker.get("bench") == key and not rebuild:
        print(f"Using the cached data set {key}.")
        return True
    if others:
        sys.exit("The benchmark database holds workspaces that are not the benchmark's; give it a scratch database.")
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    return False


def ensure_data(args, key):
    """Build the tenants unless this database already holds this exact data set."""
    if cached_or_emptied("bench-001", ~Tenant.slug.startswith("bench-"), key, args.rebuild):
        return
    started = time.perf_counter()
    password_hash = hash_password("bench-password")
    for t in range(args.tenants):
        build_tenant(t, args.customers, key, password_hash)
        if (t + 1) % 10 == 0:
            print(f"  built {t + 1}/{args.tenants} tenants ({time.perf_counter() - started:.0f} s)", flush=True)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            for table in db.metadata.sorted_tables:
                # Tables with random ids (opaque_ids.py) never draw from their sequence.
                if "id" in table.c and table.c.id.default is None:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"))
            conn.execute(text("ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    print(f"Built {args.tenants * args.customers:,} customers in {time.perf_counter() - started:.0f} s.")


def build_tenant(t, per_tenant, key, password_hash):
    """One tenant: company, two branches with a team each, 14 users, customers, tags, shares.

    Rows are written with Core executemany and explicit ids (operator work
    outside any request): ids are tenant-major, so every tenant's rows are
    contiguous as they would be after years of interleaved inserts only on
    average -- the indexes, all led by tenant_id, make that irrelevant.
    """
    rng = random.Random(t)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    tid, u0, c0 = t + 1, t * 100, t * per_tenant
    units = [(1, "Company", "company", None), (2, "East branch", "branch", 1), (3, "North branch", "branch", 1),
             (4, "East team", "team", 2), (5, "North team", "team", 3)]
    paths = {1: f"/{u0 + 1}/", 2: f"/{u0 + 1}/{u0 + 2}/", 3: f"/{u0 + 1}/{u0 + 3}/",
             4: f"/{u0 + 1}/{u0 + 2}/{u0 + 4}/", 5: f"/{u0 + 1}/{u0 + 3}/{u0 + 5}/"}
    people = [("admin", 1), ("executive", 1), ("manager", 2), ("manager", 3)]
    people += [("rep", team) for team in (4, 5) for _ in range(REPS_PER_TEAM)]
    reps = [u0 + i + 1 for i, (role, _) in enumerate(people) if role == "rep"]
    owners = reps + [u0 + 3, u0 + 4]  # managers own a few customers too
    weights = [9] * len(reps) + [1, 1]
    n = per_tenant
    names = [a + b + s for a, b, s in zip(rng.choices(SYLLABLES, k=n), rng.choices(SYLLABLES, k=n),
                                          rng.choices(SUFFIXES, k=n))]
    owner_ids = rng.choices(owners, weights=weights, k=n)
    customers = [{
        "id": c0 + i + 1, "tenant_id": tid, "name": names[i], "kind": "company", "region": rng.choice(REGIONS),
        "status": rng.choice(("signed", "following", "following", "terminated")),
        "level": rng.choice(("effective", "potential", "intention")), "owner_id": owner_ids[i],
        "phone": f"1{rng.randrange(10**9, 10**10)}", "email": None, "address": None, "notes": None,
        "care_date": None, "created_at": (created := now - timedelta(minutes=rng.randrange(1_500_000))),
        "updated_at": created,
    } for i in range(n)]
    customers = [{**row, **customer_keys(row)} for row in customers]  # what the ORM's validators would set
    shared = rng.sample(range(n), int(n * SHARE_RATE))
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": tid, "name": f"Bench {tid}", "slug": f"bench-{tid:03d}",
                                                  "settings": {"bench": key}, "created_at": now}])
        conn.execute(OrgUnit.__table__.insert(), [
            {"id": u0 + k, "tenant_id": tid, "name": name, "kind": kind, "created_at": now, "path": paths[k],
             "parent_id": u0 + parent if parent else None} for k, name, kind, parent in units])
        conn.execute(User.__table__.insert(), [
            {"id": u0 + i + 1, "tenant_id": tid, "name": f"{role} {i + 1}", "email": f"{role}{i + 1}@bench.test",
             "password_hash": password_hash, "role": role, "org_unit_id": u0 + unit, "active": True,
             "created_at": now, "updated_at": now} for i, (role, unit) in enumerate(people)])
        conn.execute(Customer.__table__.insert(), customers)
        conn.execute(CustomerTag.__table__.insert(), [
            {"id": c0 + i + 1, "tenant_id": tid, "customer_id": c0 + i + 1, "tag": rng.choice(TAGS)}
            for i in range(n)])
        conn.execute(CustomerShare.__table__.insert(), [
            {"tenant_id": tid, "customer_id": c0 + i + 1, "created_at": now,
             "user_id": rng.choice([r for r in reps if r != owner_ids[i]])} for i in shared])


def median_ms(fn, repeat):
    """Median wall time of `fn()` in milliseconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def medians_ms(fns, repeat):
    """Median wall time of each of `fns` in milliseconds, timed in rounds that take turns (after a warm-up each).

    Taking turns keeps a busy machine's slow moments from falling on one side only.
    """
    samples = [[] for _ in fns]
    for fn in fns:
        fn()
    for _ in range(repeat):
        for fn, times in zip(fns, samples):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return [statistics.median(times) * 1000 for times in samples]


RAW_COLUMNS = ", ".join(c.name for c in Customer.__table__.columns)
RAW_REP = (f"SELECT {RAW_COLUMNS} FROM customers WHERE tenant_id = :t AND (owner_id = :u OR id IN "
           "(SELECT customer_id FROM customer_shares WHERE tenant_id = :t AND user_id = :u)) {after} "
           "ORDER BY name, id LIMIT 51")
RAW_ALL = f"SELECT {RAW_COLUMNS} FROM customers WHERE tenant_id = :t {{after}} ORDER BY name, id LIMIT 51"
AFTER = "AND (name, id) > (:n, :i)"
# What the API also shows for each customer: its tags and its owner.
RAW_TAGS = text("SELECT customer_id, tag FROM customer_tags WHERE tenant_id = :t AND customer_id IN :ids"
                ).bindparams(bindparam("ids", expanding=True))
RAW_OWNERS = text("SELECT id, name, email FROM users WHERE tenant_id = :t AND id IN :ids"
                  ).bindparams(bindparam("ids", expanding=True))


def _bearer_for(app, tid, role):
    with app.app_context(), tenant_scope(tid):
        user = db.session.scalar(select(User).where(User.role == role).order_by(User.id))
        _, secret = issue_token(user, "bench")
        return user.id, {"Authorization": f"Bearer {secret}"}


def measure(app, args, role):
    """Time one user's list in a middle tenant: API, raw SQL, raw SQL with tags and owners, OFFSET."""
    tid = args.tenants // 2 + 1
    user_id, headers = _bearer_for(app, tid, role)
    client = app.test_client()

    def request(cursor=None):
        url = "/api/v1/customers?limit=50" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def api(cursor=None):
        return request(cursor).get_json()

    cursors, page = [None], api()
    while page["next_cursor"]:
        cursors.append(page["next_cursor"])
        page = api(page["next_cursor"])
    deep = len(cursors) * 3 // 4
    name, last_id = json.loads(base64.urlsafe_b64decode(cursors[deep] + "=" * (-len(cursors[deep]) % 4)))
    sql = RAW_REP if role == "rep" else RAW_ALL
    with app.app_context():
        engine = db.engine
    # Requests run outside any app context of ours: each must get its own, as in production.
    with engine.connect() as conn:
        def raw(after=""):
            params = {"t": tid, "u": user_id, "n": name, "i": last_id}
            return conn.execute(text(sql.format(after=after)), params).all()

        def raw_related(after=""):
            rows = raw(after)[:50]
            conn.execute(RAW_TAGS, {"t": tid, "ids": [r.id for r in rows]}).all()
            conn.execute(RAW_OWNERS, {"t": tid, "ids": list({r.owner_id for r in rows})}).all()

        assert [r.id for r in raw(AFTER)][:50] == [c["id"] for c in api(cursors[deep])["items"]]
        # Right after a request: the token's last use (written once a minute) is not due in these two.
        counts = [count_statements(engine, lambda: api(cursor)) for cursor in (None, cursors[deep])]
        # The API is timed up to its answer, as the SQL is up to its rows: decoding the JSON is the client's.
        figures = {
            "first page": medians_ms((request, raw, raw_related), args.repeat),
            f"page {deep + 1} (cursor)": medians_ms((lambda: request(cursors[deep]), lambda: raw(AFTER),
                                                    lambda: raw_related(AFTER)), args.repeat),
        }
        offset = text(sql.format(after="").replace("LIMIT 51", f"LIMIT 51 OFFSET {deep * 50}"))
        offset_ms = median_ms(lambda: conn.execute(offset, {"t": tid, "u": user_id}).all(), args.repeat)
    return len(cursors), figures, offset_ms, counts


def count_statements(engine, fn):
    """How many SQL statements `fn()` sends to `engine` (authentication included)."""
    sent = []

    def seen(*args):
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", seen)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return len(sent)


def main():
    args = parse_args()
    app, key = make_app(args)
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    print(f"\nGET /api/v1/customers?limit=50 vs the same query in raw SQL (the baseline), median of "
          f"{args.repeat} runs, tenant {args.tenants // 2 + 1} of {args.tenants} ({args.customers:,} customers each)."
          "\n'SQL+rel' also fetches the page's tags and owners, which the API returns too; 'statements' counts "
          "what one API request sends, authentication included.")
    for role in ("rep", "executive"):
        pages, figures, offset_ms, counts = measure(app, args, role)
        print(f"\n{role} ({pages} pages of 50 visible):")
        print(f"  {'':<18}{'API ms':>9}{'SQL ms':>9}{'API/SQL':>9}{'SQL+rel ms':>12}{'API/SQL+rel':>13}"
              f"{'statements':>12}")
        for (label, (api_ms, sql_ms, rel_ms)), count in zip(figures.items(), counts):
            print(f"  {label:<18}{api_ms:>9.2f}{sql_ms:>9.2f}{api_ms / sql_ms:>8.1f}x"
                  f"{rel_ms:>12.2f}{api_ms / rel_ms:>12.1f}x{count:>12}")
        (api_first, sql_first, _), (api_deep, sql_deep, _) = figures.values()
        print(f"  deep page / first page: API {api_deep / api_first:.2f}x, SQL {sql_deep / sql_first:.2f}x "
              f"(keyset: flat). The deep page by OFFSET in SQL: {offset_ms:.2f} ms "
              f"({offset_ms / sql_deep:.1f}x the keyset query).")


if __name__ == "__main__":
    main()
