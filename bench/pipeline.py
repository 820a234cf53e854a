"""Benchmark: the Kanban board's first load and one column's next page, at 1M opportunities, against raw SQL.

    python bench/pipeline.py [--tenants 10] [--opportunities 1000000] [--open 100000] [--repeat 20]

Builds --tenants workspaces holding --opportunities opportunities in all (cached in
bench/.cache/ as a SQLite file, or in the scratch PostgreSQL database
CRM_BENCH_DATABASE_URL); the first workspace has --open open opportunities (plus a
tenth as many won and lost) on one pipeline. Then times, through the Flask test
client with a bearer token, GET /api/v1/sales/pipelines/<id>/board (every column's
count and totals and its first 20 cards), the board page (/sales/pipelines/<id>/),
and GET .../stages/<id>/cards?cursor=... (the fullest column's next page), next to
the SQL they stand for on the same engine in the same run. See README.md.
"""
import argparse
import base64
import json
import random
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import bindparam, func, select, text

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, Tenant, User
from crm_platform.models.modules import TenantModule
from crm_platform.tenancy import tenant_scope
from customer_list import _bearer_for, bench_app, cached_or_emptied, median_ms

from plugins.sales_automation.models import Opportunity, Pipeline, Stage

DATA_VERSION = 1  # bump when the generated data changes shape
CUSTOMERS = 5_000  # per workspace
STAGES = [("初步接洽", 10, "open", 40), ("需求确认", 25, "open", 25), ("方案报价", 40, "open", 15),
          ("商务谈判", 60, "open", 12), ("合同审批", 80, "open", 8),
          ("赢单", 100, "won", 0), ("输单", 0, "lost", 0)]
"""(name, probability, kind, share of the open opportunities in %): the first column is the fullest."""
CHUNK = 50_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument("--opportunities", type=int, default=1_000_000, help="in the whole database")
    parser.add_argument("--open", type=int, default=100_000, help="open opportunities of the measured workspace")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per figure (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    return parser.parse_args()


def ensure_data(args, key):
    """Build the workspaces unless this database already holds this exact data set."""
    if cached_or_emptied("pipe-001", ~Tenant.slug.startswith("pipe-"), key, args.rebuild):
        return
    started = time.perf_counter()
    password_hash = hash_password("bench-password")
    first = args.open + args.open // 10
    rest = (args.opportunities - first) // max(args.tenants - 1, 1)
    for t in range(args.tenants):
        build_tenant(t, key, password_hash, args.open if t == 0 else rest * 9 // 10,
                     args.open // 10 if t == 0 else rest - rest * 9 // 10)
        print(f"  built {t + 1}/{args.tenants} workspaces ({time.perf_counter() - started:.0f} s)", flush=True)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"Built {args.opportunities:,} opportunities in {time.perf_counter() - started:.0f} s.")


def build_tenant(t, key, password_hash, n_open, n_closed):
    """One workspace: org units, 14 users, customers, the sales module on, a pipeline and its opportunities.

    Core executemany with explicit ids (operator work outside any request), tenant-major like customer_list.py's.
    """
    rng = random.Random(t)
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    tid, base = t + 1, (t + 1) * 10_000_000
    units = [(1, "Company", "company", None), (2, "East branch", "branch", 1), (3, "East team", "team", 2)]
    people = [("admin", 1), ("executive", 1), ("manager", 2)] + [("rep", 3)] * 10
    reps = [base + 100 + i for i, (role, _) in enumerate(people) if role == "rep"]
    stage_ids = [base + 300 + i for i in range(len(STAGES))]
    open_weights = [share for _, _, kind, share in STAGES if kind == "open"]
    customer_owner = {base + 1000 + i: rng.choice(reps) for i in range(CUSTOMERS)}
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": tid, "name": f"Pipeline bench {tid}", "slug": f"pipe-{tid:03d}",
                                                  "settings": {"bench": key}, "created_at": now}])
        conn.execute(OrgUnit.__table__.insert(), [
            {"id": base + k, "tenant_id": tid, "name": name, "kind": kind, "created_at": now,
             "path": "/" + "/".join(str(base + u) for u in range(1, k + 1)) + "/",
             "parent_id": base + parent if parent else None} for k, name, kind, parent in units])
        conn.execute(User.__table__.insert(), [
            {"id": base + 100 + i, "tenant_id": tid, "name": f"{role} {i + 1}", "email": f"{role}{i + 1}@pipe.test",
             "password_hash": password_hash, "role": role, "org_unit_id": base + unit, "active": True,
             "created_at": now, "updated_at": now} for i, (role, unit) in enumerate(people)])
        conn.execute(Customer.__table__.insert(), [
            {"id": cid, "tenant_id": tid, "name": f"客户{cid}", "kind": "company", "status": "following",
             "level": "potential", "owner_id": owner, "created_at": now, "updated_at": now}
            for cid, owner in customer_owner.items()])
        conn.execute(TenantModule.__table__.insert(), [{"id": base + 200, "tenant_id": tid, "name": "sales_automation",
                                                        "enabled": True, "settings": {}, "updated_at": now}])
        conn.execute(Pipeline.__table__.insert(), [{"id": base + 250, "tenant_id": tid, "name": "销售管道",
                                                    "position": 0, "is_default": True, "created_at": now}])
        conn.execute(Stage.__table__.insert(), [
            {"id": stage_ids[i], "tenant_id": tid, "pipeline_id": base + 250, "name": name, "position": i,
             "probability": probability, "kind": kind, "created_at": now}
            for i, (name, probability, kind, _) in enumerate(STAGES)])
        customers = list(customer_owner)
        kinds = [rng.choices(range(5), weights=open_weights)[0] for _ in range(n_open)]
        kinds += [rng.choice((5, 6)) for _ in range(n_closed)]
        for start in range(0, len(kinds), CHUNK):
            rows = []
            for i in range(start, min(start + CHUNK, len(kinds))):
                customer = rng.choice(customers)
                entered = now - timedelta(minutes=rng.randrange(500_000))
                stage = kinds[i]
                rows.append({
                    "id": base + 1_000_000 + i, "tenant_id": tid, "name": f"商机 {i}", "customer_id": customer,
                    "owner_id": customer_owner[customer], "pipeline_id": base + 250, "stage_id": stage_ids[stage],
                    "status": STAGES[stage][2], "amount": Decimal(rng.randrange(100_000, 100_000_000)) / 100,
                    "currency": "CNY", "forecast_category": "pipeline", "stage_entered_at": entered,
                    "expected_close": (entered + timedelta(days=rng.randrange(10, 120))).date(),
                    "closed_at": entered if stage >= 5 else None, "close_reason": "bench" if stage >= 5 else None,
                    "created_at": entered, "updated_at": entered})
            conn.execute(Opportunity.__table__.insert(), rows)


CARD_COLUMNS = ("id, name, customer_id, owner_id, amount, currency, expected_close, stage_id, status, "
                "stage_entered_at")
REP_SEES = ("(customer_id IN (SELECT id FROM customers WHERE tenant_id = :t AND (owner_id = :u OR id IN "
            "(SELECT customer_id FROM customer_shares WHERE tenant_id = :t AND user_id = :u))) OR owner_id = :u)")
RAW_TOTALS = ("SELECT stage_id, currency, count(*), sum(amount) FROM sales_automation_opportunities "
              "WHERE tenant_id = :t AND pipeline_id = :p AND {sees} GROUP BY stage_id, currency")
RAW_COLUMN = (f"SELECT {CARD_COLUMNS} FROM sales_automation_opportunities WHERE tenant_id = :t AND pipeline_id = :p "
              "AND stage_id = :s AND {sees} {after} ORDER BY stage_entered_at DESC, id DESC LIMIT 21")
AFTER = "AND (stage_entered_at, id) < (:at, :i)"
RAW_CUSTOMERS = text("SELECT id, name FROM customers WHERE tenant_id = :t AND id IN :ids"
                     ).bindparams(bindparam("ids", expanding=True))
RAW_OWNERS = text("SELECT id, name FROM users WHERE tenant_id = :t AND id IN :ids").bindparams(
    bindparam("ids", expanding=True))


def measure(app, role, repeat):
    """Time one user's board and the fullest column's second page: API, page, raw SQL."""
    tid = 1
    user_id, headers = _bearer_for(app, tid, role)
    with app.app_context(), tenant_scope(tid):
        pipeline_id = db.session.scalar(select(Pipeline.id))
        stage_ids = list(db.session.scalars(select(Stage.id).order_by(Stage.position)))
        engine = db.engine
        visible = db.session.scalar(select(func.count()).select_from(Opportunity).where(Opportunity.status == "open"))
    client, session_client = app.test_client(), app.test_client()
    # The page needs a signed-in browser session (emails are role + place in the list of people).
    email = f"{role}{ {'executive': 2, 'rep': 4}[role]}@pipe.test"
    signed = session_client.post("/login", data={"workspace": "pipe-001", "email": email, "password": "bench-password"})
    assert signed.status_code == 302, signed.get_data(as_text=True)

    def board():
        response = client.get(f"/api/v1/sales/pipelines/{pipeline_id}/board", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def board_page():
        response = session_client.get(f"/sales/pipelines/{pipeline_id}/")
        assert response.status_code == 200, response.status_code

    first = board()
    fullest = max(first["columns"], key=lambda c: c["count"])
    cursor = fullest["next_cursor"]
    at, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    column_url = f"/api/v1/sales/pipelines/{pipeline_id}/stages/{fullest['stage']['id']}/cards?cursor={cursor}"

    def next_page():
        response = client.get(column_url, headers=headers)
        assert response.status_code == 200
        return response.get_json()

    sees = REP_SEES if role == "rep" else "1 = 1"
    with engine.connect() as conn:
        params = {"t": tid, "p": pipeline_id, "u": user_id, "at": datetime.fromisoformat(at), "i": last_id}

        def names(rows):
            conn.execute(RAW_CUSTOMERS, {"t": tid, "ids": list({r.customer_id for r in rows}) or [0]}).all()
            conn.execute(RAW_OWNERS, {"t": tid, "ids": list({r.owner_id for r in rows}) or [0]}).all()

        def raw_board():
            conn.execute(text(RAW_TOTALS.format(sees=sees)), params).all()
            rows = []
            for stage_id in stage_ids:
                rows += conn.execute(text(RAW_COLUMN.format(sees=sees, after="")), {**params, "s": stage_id}).all()
            names(rows)

        def raw_next():
            # The cursor's moment is bound as the column binds it (UTC, as the database stores it).
            stmt = text(RAW_COLUMN.format(sees=sees, after=AFTER)).bindparams(
                bindparam("at", type_=Opportunity.stage_entered_at.type))
            rows = conn.execute(stmt, {**params, "s": fullest["stage"]["id"]}).all()
            names(rows)
            return rows

        assert [r.id for r in raw_next()][:20] == [c["id"] for c in next_page()["items"]]
        figures = {
            "board (API)": (median_ms(board, repeat), median_ms(raw_board, repeat)),
            "board (page)": (median_ms(board_page, repeat), None),
            "column next page": (median_ms(next_page, repeat), median_ms(raw_next, repeat)),
        }
    return visible, fullest["count"], figures


def main():
    args = parse_args()
    app, key = bench_app("pipeline", f"{args.tenants}x{args.opportunities}x{args.open}-v{DATA_VERSION}", args.rebuild)
    app.config["WTF_CSRF_ENABLED"] = False  # the page's session signs in with a plain form post
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    print(f"\nThe board of workspace 1 ({args.open:,} open opportunities; {args.opportunities:,} in the database), "
          f"median of {args.repeat} runs. SQL: the same aggregate, column pages and name look-ups in raw SQL.")
    for role in ("executive", "rep"):
        visible, fullest, figures = measure(app, role, args.repeat)
        print(f"\n{role} (fullest column: {fullest:,} cards visible):")
        print(f"  {'':<20}{'app ms':>9}{'SQL ms':>9}{'app/SQL':>9}")
        for label, (app_ms, sql_ms) in figures.items():
            ratio = f"{app_ms / sql_ms:>8.1f}x" if sql_ms else f"{'':>9}"
            print(f"  {label:<20}{app_ms:>9.2f}{(sql_ms or 0):>9.2f}{ratio}")


if __name__ == "__main__":
    main()
