"""Benchmark: the SLA scan's cost per tick and the team queue's first page, at 100,000 open tickets, against raw SQL.

    python bench/sla.py [--open 100000] [--due 200] [--repeat 20] [--rebuild]

Builds one workspace holding --open open tickets (new or open) spread over five team
queues, plus a fifth as many resolved or closed and a twentieth as many pending
(cached in bench/.cache/ as a SQLite file, or in the scratch PostgreSQL database
CRM_BENCH_DATABASE_URL). About a third of the open tickets are already breached (no
alert left), --due have an alert that came in the last five minutes (the work of one
tick: half warnings, half breaches), the rest alerts to come. Then times, next to the
SQL they stand for on the same engine in the same run:
- the scan's query (sla/scan.py `due_for_action`, ORM rows through the tenant-scoped
  session) and a whole tick's work (the query, each warning and breach with its
  timeline line and escalation; rolled back so every run does the same work);
- the team queue's first page: the 50 newest open tickets of one team, by the
  module's keyset query (`keyset_page`). See README.md.
"""
import argparse
import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, select, text

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, Tenant, User
from crm_platform.models.modules import TenantModule
from crm_platform.sdk import keyset_page
from crm_platform.tenancy import tenant_scope
from customer_list import _bearer_for, bench_app, cached_or_emptied, median_ms

from plugins.service_support.models import SlaPolicy, Ticket
from plugins.service_support.sla.scan import Scan, due_for_action

DATA_VERSION = 1  # bump when the generated data changes shape
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Shanghai
CUSTOMERS = 2_000
TEAMS = 5
CHUNK = 20_000
PAGE = 50
RAW_SCAN = text("SELECT * FROM service_support_tickets WHERE tenant_id = :t AND status IN ('new', 'open') AND id IN "
                "(SELECT id FROM service_support_tickets WHERE tenant_id = :t AND first_response_alert_at <= :now "
                "UNION ALL "
                "SELECT id FROM service_support_tickets WHERE tenant_id = :t AND resolution_alert_at <= :now) "
                "ORDER BY created_at, id"
                ).bindparams(bindparam("now", type_=Ticket.resolution_alert_at.type))
RAW_QUEUE = text("SELECT * FROM service_support_tickets WHERE tenant_id = :t AND team_unit_id = :team "
                 "AND status IN ('new', 'open') ORDER BY created_at DESC, id DESC LIMIT :n")
# The API's queue as a manager opens it (status=active): pending tickets too, the columns its schema returns.
RAW_API_QUEUE = text("SELECT id, number, customer_id, contact_id, channel, category, priority, subject, description, "
                     "status, assignee_id, team_unit_id, created_by_id, first_response_due_at, resolution_due_at, "
                     "first_response_at, resolved_at, closed_at, reopen_count, created_at, updated_at "
                     "FROM service_support_tickets WHERE tenant_id = :t AND team_unit_id = :team "
                     "AND status IN ('new', 'open', 'pending') ORDER BY created_at DESC, id DESC LIMIT :n")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000, help="open tickets of the workspace")
    parser.add_argument("--due", type=int, default=200, help="tickets with an alert due at the measured tick")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per figure (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    return parser.parse_args()


def ensure_data(args, key):
    """Build the workspace unless this database already holds this exact data set."""
    if cached_or_emptied("sla-001", Tenant.slug != "sla-001", key, args.rebuild):
        return
    started = time.perf_counter()
    build(args, key)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"Built {args.open:,} open tickets in {time.perf_counter() - started:.0f} s.")


def _sla_columns(rng, i, n_due, created):
    """The SLA columns of open ticket `i`: due at this tick (the first `n_due`), already breached, or to come."""
    if i < n_due:
        alert = NOW - timedelta(seconds=rng.randrange(1, 300))
        due = alert + timedelta(minutes=30) if i % 2 else alert - timedelta(seconds=1)
        return {"resolution_alert_at": alert, "resolution_due_at": due, "first_response_at": created}
    if rng.random() < 0.33:
        due = NOW - timedelta(minutes=rng.randrange(10, 50_000))
        return {"resolution_due_at": due, "resolution_breached_at": due, "resolution_warned_at": due,
                "first_response_at": created}
    due = NOW + timedelta(minutes=rng.randrange(30, 20_000))
    fields = {"resolution_due_at": due, "resolution_alert_at": due - timedelta(minutes=30)}
    if rng.random() < 0.3:
        fields.update(first_response_due_at=NOW + timedelta(minutes=rng.randrange(5, 600)),
                      first_response_alert_at=NOW + timedelta(minutes=rng.randrange(1, 5)))
    else:
        fields["first_response_at"] = created
    return fields


def build(args, key):
    """One workspace: org units, 14 users, customers, the module on, one policy, the tickets (Core bulk inserts)."""
    rng = random.Random(11)
    tid, base = 1, 10_000_000
    units = [(1, "公司", "company", None)] + [(2 + k, f"客服{k + 1}组", "team", 1) for k in range(TEAMS)]
    people = [("admin", 1), ("executive", 1)] + [("manager", 2 + k) for k in range(TEAMS)]
    people += [("rep", 2 + k % TEAMS) for k in range(10)]
    agents = [(base + 100 + i, base + unit) for i, (role, unit) in enumerate(people) if role == "rep"]
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": tid, "name": "SLA bench", "slug": "sla-001", "created_at": NOW,
                                                  "settings": {"bench": key, "timezone": "Asia/Shanghai"}}])
        conn.execute(OrgUnit.__table__.insert(), [
            {"id": base + k, "tenant_id": tid, "name": name, "kind": kind, "created_at": NOW,
             "path": f"/{base + 1}/" + (f"{base + k}/" if parent else ""),
             "parent_id": base + parent if parent else None} for k, name, kind, parent in units])
        conn.execute(User.__table__.insert(), [
            {"id": base + 100 + i, "tenant_id": tid, "name": f"{role} {i + 1}", "email": f"{role}{i + 1}@sla.test",
             "password_hash": hash_password("bench-password"), "role": role, "org_unit_id": base + unit,
             "active": True, "created_at": NOW, "updated_at": NOW} for i, (role, unit) in enumerate(people)])
        conn.execute(Customer.__table__.insert(), [
            {"id": base + 1000 + i, "tenant_id": tid, "name": f"客户{i}", "kind": "company", "status": "following",
             "level": "potential", "owner_id": agents[i % len(agents)][0], "created_at": NOW, "updated_at": NOW}
            for i in range(CUSTOMERS)])
        conn.execute(TenantModule.__table__.insert(), [{"id": base + 200, "tenant_id": tid, "name": "service_support",
                                                        "enabled": True, "settings": {}, "updated_at": NOW}])
        conn.execute(SlaPolicy.__table__.insert(), [{
            "id": base + 300, "tenant_id": tid, "name": "标准", "first_response_minutes": 60,
            "resolution_minutes": 960, "warn_before_minutes": 30, "escalation": "notify_manager", "active": True,
            "created_at": NOW, "updated_at": NOW}])
        statuses = ["open"] * args.open + ["resolved", "closed"] * (args.open // 10) + ["pending"] * (args.open // 20)
        for start in range(0, len(statuses), CHUNK):
            rows = []
            for i in range(start, min(start + CHUNK, len(statuses))):
                agent, team = rng.choice(agents)
                created = NOW - timedelta(minutes=rng.randrange(60, 90_000))
                status = statuses[i] if statuses[i] != "open" else rng.choice(("new", "open", "open"))
                sla = _sla_columns(rng, i, args.due, created) if i < args.open else {"first_response_at": created}
                rows.append({
                    "id": base + 1_000_000 + i, "tenant_id": tid, "number": f"GD-2026-{i:06d}",
                    "customer_id": base + 1000 + rng.randrange(CUSTOMERS), "channel": "phone",
                    "category": rng.choice(("complaint", "inquiry", "fault", "requirement")), "priority": "normal",
                    "subject": f"工单 {i}", "status": status, "assignee_id": agent, "team_unit_id": team,
                    "sla_policy_id": base + 300, "reopen_count": 0, "created_at": created, "updated_at": created,
                    **{column: None for column in ("first_response_due_at", "first_response_alert_at",
                                                   "first_response_warned_at", "first_response_breached_at",
                                                   "resolution_due_at", "resolution_alert_at",
                                                   "resolution_warned_at", "resolution_breached_at",
                                                   "first_response_at", "resolved_at", "paused_at")},
                    **({"resolved_at": created + timedelta(hours=5)} if status in ("resolved", "closed") else {}),
                    **({"paused_at": created + timedelta(hours=1)} if status == "pending" else {}),
                    **sla})
            conn.execute(Ticket.__table__.insert(), rows)


def measure(app, args):
    """Time the scan (query and whole tick) and the team queue's first page, each next to its raw SQL."""
    tid = 1
    with app.app_context(), tenant_scope(tid):
        team = db.session.scalar(select(OrgUnit.id).where(OrgUnit.kind == "team").order_by(OrgUnit.id))
        engine = db.engine

        def scan_query():
            rows = db.session.scalars(due_for_action(NOW).order_by(Ticket.created_at, Ticket.id)).all()
            db.session.expunge_all()
            return rows

        def tick():
            scan = Scan(NOW)
            for ticket in db.session.scalars(due_for_action(NOW).order_by(Ticket.created_at, Ticket.id)).all():
                scan.act(ticket)
            db.session.flush()
            db.session.rollback()
            return scan.counts

        def queue():
            queued = select(Ticket).where(Ticket.team_unit_id == team, Ticket.status.in_(("new", "open")))
            items, _ = keyset_page(queued, [Ticket.created_at, Ticket.id], True, None, PAGE)
            db.session.expunge_all()
            return items

        counts = tick()
        found = [row.id for row in scan_query()]
        page = [row.id for row in queue()]
    # The queue through the API, as the executive's client asks for one team's active tickets.
    _, headers = _bearer_for(app, tid, "executive")
    client = app.test_client()

    def api_queue():
        response = client.get(f"/api/v1/service/tickets?view=all&status=active&team_unit_id={team}&limit={PAGE}",
                              headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    api_page = [item["id"] for item in api_queue().get_json()["items"]]
    # Requests run outside any app context of ours: each must get its own, as in production.
    api_ms = median_ms(api_queue, args.repeat)
    with app.app_context(), tenant_scope(tid):
        with engine.connect() as conn:
            def raw_scan():
                return conn.execute(RAW_SCAN, {"t": tid, "now": NOW}).all()

            def raw_queue():
                return conn.execute(RAW_QUEUE, {"t": tid, "team": team, "n": PAGE + 1}).all()

            def raw_api_queue():
                return conn.execute(RAW_API_QUEUE, {"t": tid, "team": team, "n": PAGE + 1}).all()

            assert sorted(r.id for r in raw_scan()) == sorted(found)
            assert [r.id for r in raw_queue()][:PAGE] == page
            assert [r.id for r in raw_api_queue()][:PAGE] == api_page
            figures = {
                f"scan query ({len(found)} tickets)":
                    (median_ms(scan_query, args.repeat), median_ms(raw_scan, args.repeat)),
                f"scan tick ({counts['warnings']} warnings, {counts['breaches']} breaches)":
                    (median_ms(tick, args.repeat), None),
                f"team queue, first {PAGE}": (median_ms(queue, args.repeat), median_ms(raw_queue, args.repeat)),
                f"team queue through the API, first {PAGE}": (api_ms, median_ms(raw_api_queue, args.repeat)),
            }
    return figures


def main():
    args = parse_args()
    app, key = bench_app("sla", f"{args.open}x{args.due}-v{DATA_VERSION}", args.rebuild)
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    print(f"\nOne workspace, {args.open:,} open tickets, median of {args.repeat} runs; SQL: the same query in raw SQL.")
    print(f"  {'':<46}{'app ms':>9}{'SQL ms':>9}{'app/SQL':>9}")
    for label, (app_ms, sql_ms) in measure(app, args).items():
        ratio = f"{app_ms / sql_ms:>8.1f}x" if sql_ms else ""
        # The tick has no single SQL statement to stand against: its baseline is the scan query's.
        sql = f"{sql_ms:>9.2f}" if sql_ms else f"{'-':>9}"
        print(f"  {label:<46}{app_ms:>9.2f}{sql}{ratio}")


if __name__ == "__main__":
    main()
