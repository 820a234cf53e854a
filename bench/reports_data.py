"""The data set of bench/reports.py: one workspace of a sales company over two years.

An org tree (company > 4 regions > 4 teams each; a manager per region and per team,
10 reps per team, 4 of whom left in mid-2026), 50,000 customers, 1,000,000
opportunities, 1,000,000 done activities (plus planned ones), contracts with their
instalments and payments for a third of the won deals, and every rep's monthly quota.
Core executemany in chunks with explicit ids (operator work outside any request).
"""
import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import text

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Activity, Customer, CustomerShare, OrgUnit, Tenant, User
from crm_platform.models.modules import TenantModule

from plugins.sales_automation.models import Contract, Instalment, Opportunity, Payment, Pipeline, Quota, Stage

TID = 1
ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
"""The data's "now": the last full month is November 2026; open deals close from December on."""
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
LEFT = datetime(2026, 6, 30, tzinfo=timezone.utc)
"""When the leavers left: their later work is their team's first rep's, and so are their customers."""
REGIONS = ("华东", "华南", "华北", "西部")
TEAMS, REPS = 4, 10  # teams per region, reps per team
STAGES = [("初步接洽", 10, "open", 40), ("需求确认", 25, "open", 25), ("方案报价", 40, "open", 15),
          ("商务谈判", 60, "open", 12), ("合同审批", 80, "open", 8), ("赢单", 100, "won", 0), ("输单", 0, "lost", 0)]
KINDS = (("call", 45), ("email", 25), ("visit", 20), ("meeting", 10))
CATEGORIES = (("commit", 20), ("best_case", 30), ("pipeline", 50))
CHUNK = 50_000
PIPELINE, STAGE0 = 900, 901
OPPORTUNITY0, ACTIVITY0, CONTRACT0, INSTALMENT0, PAYMENT0, QUOTA0 = (
    1_000_000, 3_000_000, 5_000_000, 6_000_000, 7_000_000, 8_000_000)
CUSTOMER0 = 100_000


def org():
    """(units [(id, name, kind, parent_id, path)], users [(id, name, role, unit_id, active)], teams {unit: [reps]})."""
    units, users, teams = [(1, "总公司", "company", None, "/1/")], [(100, "系统管理员", "admin", 1, True),
                                                                  (101, "销售总监", "executive", 1, True)], {}
    next_unit, next_user = 2, 102
    for r, region in enumerate(REGIONS):
        region_id = next_unit
        units.append((region_id, f"{region}大区", "branch", 1, f"/1/{region_id}/"))
        users.append((next_user, f"{region}大区经理", "manager", region_id, True))
        next_unit, next_user = next_unit + 1, next_user + 1
        for t in range(TEAMS):
            team_id = next_unit
            units.append((team_id, f"{region}{t + 1}组", "team", region_id, f"/1/{region_id}/{team_id}/"))
            users.append((next_user, f"{region}{t + 1}组组长", "manager", team_id, True))
            next_unit, next_user = next_unit + 1, next_user + 1
            teams[team_id] = []
            for k in range(REPS):
                # The last rep of each region's first team left in mid-2026.
                users.append((next_user, f"{region}{t + 1}组销售{k + 1:02d}", "rep", team_id, not (t == 0 and k == REPS - 1)))
                teams[team_id].append(next_user)
                next_user += 1
    return units, users, teams


def _when(rng, start, end):
    """A random instant in [start, end)."""
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def _money(rng, low, high):
    """A random amount in yuan with fen, [low, high)."""
    return Decimal(rng.randrange(low * 100, high * 100)).scaleb(-2)


def _insert(conn, table, rows):
    """Insert `rows` into `table` CHUNK at a time."""
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start:start + CHUNK])


def build(key, customers=50_000, opportunities=1_000_000, activities=1_000_000):
    """Write the whole data set into the (emptied, migrated) database."""
    rng = random.Random(13)
    units, users, teams = org()
    active_users = {uid for uid, _, _, _, active in users if active}
    leavers = {uid: reps[0] for reps in teams.values() for uid in reps if uid not in active_users}
    reps = [uid for team in teams.values() for uid in team]
    leads = [uid for uid, _, role, unit, _ in users if role == "manager" and unit in teams]
    team_of = {uid: team for team, members in teams.items() for uid in members}
    team_of.update({uid: unit for uid, _, role, unit, _ in users if uid in leads})
    password_hash = hash_password("bench-password")
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": TID, "name": "Reports bench", "slug": "reports-001",
                                                  "settings": {"bench": key, "timezone": str(ZONE)},
                                                  "created_at": START}])
        conn.execute(OrgUnit.__table__.insert(), [{"id": uid, "tenant_id": TID, "name": name, "kind": kind,
                                                   "parent_id": parent, "path": path, "created_at": START}
                                                  for uid, name, kind, parent, path in units])
        conn.execute(User.__table__.insert(), [
            {"id": uid, "tenant_id": TID, "name": name, "email": f"u{uid}@reports.test", "password_hash": password_hash,
             "role": role, "org_unit_id": unit, "active": active, "created_at": START, "updated_at": START}
            for uid, name, role, unit, active in users])
        conn.execute(TenantModule.__table__.insert(), [{"id": 1, "tenant_id": TID, "name": "sales_automation",
                                                        "enabled": True, "settings": {}, "updated_at": START}])
        conn.execute(Pipeline.__table__.insert(), [{"id": PIPELINE, "tenant_id": TID, "name": "销售管道", "position": 0,
                                                    "is_default": True, "created_at": START}])
        conn.execute(Stage.__table__.insert(), [
            {"id": STAGE0 + i, "tenant_id": TID, "pipeline_id": PIPELINE, "name": name, "position": i,
             "probability": probability, "kind": kind, "created_at": START}
            for i, (name, probability, kind, _) in enumerate(STAGES)])
        conn.execute(Quota.__table__.insert(), _quotas(rng, reps, leavers, team_of, users))
    owners = _customers(rng, customers, reps, leads, leavers, units)
    own = {}
    for cid, owner in owners.items():
        if owner is not None:
            own.setdefault(owner, []).append(cid)
    for leaver, heir in leavers.items():
        own[leaver] = own[heir]  # before leaving, they worked the customers their heir took over
    won = _opportunities(rng, opportunities, owners, [uid for uid in reps if uid not in leavers], leavers, team_of)
    _contracts(rng, won)
    _activities(rng, activities, own, list(owners), reps, leads, leavers, users)
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"))
        conn.execute(text("ANALYZE"))


def _quotas(rng, reps, leavers, team_of, users):
    """Each rep's quota from January 2025 to May 2027 (a leaver's until June 2026), set by their team lead."""
    lead_of = {unit: uid for uid, _, role, unit, _ in users if role == "manager"}
    rows, month = [], START.date()
    while month <= datetime(2027, 5, 1).date():
        for uid in reps:
            if uid in leavers and month > LEFT.date():
                continue
            rows.append({"id": QUOTA0 + len(rows), "tenant_id": TID, "user_id": uid, "month": month,
                         "amount": _money(rng, 15_000_000, 25_000_000), "set_by_id": lead_of[team_of[uid]],
                         "created_at": START, "updated_at": START})
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return rows


def _customers(rng, count, reps, leads, leavers, units):
    """{customer id: owner id or None (pooled)}: reps own 93%, team leads 5%, 2% sit in a pool; 1% are shared."""
    regions = [uid for uid, _, kind, _, _ in units if kind == "branch"]
    holders = [uid for uid in reps if uid not in leavers]
    owners, rows, shares = {}, [], []
    for i in range(count):
        cid, draw = CUSTOMER0 + i, rng.random()
        owner = rng.choice(holders) if draw < 0.93 else rng.choice(leads) if draw < 0.98 else None
        created = _when(rng, START - timedelta(days=365), NOW)
        owners[cid] = owner
        rows.append({"id": cid, "tenant_id": TID, "name": f"客户{cid}", "kind": "company", "status": "following",
                     "level": "potential", "owner_id": owner, "assigned_at": created, "created_at": created,
                     "updated_at": created, "pooled_at": None if owner else created,
                     "pool_unit_id": None if owner or rng.random() < 0.5 else rng.choice(regions)})
        if owner and rng.random() < 0.01:
            shares.append({"id": CUSTOMER0 + i, "tenant_id": TID, "customer_id": cid,
                           "user_id": rng.choice(holders), "created_at": created})
    with db.engine.begin() as conn:
        _insert(conn, Customer.__table__, rows)
        _insert(conn, CustomerShare.__table__, [share for share in shares if share["user_id"] != owners[share["customer_id"]]])
    return owners


def _opportunities(rng, count, owners, holders, leavers, team_of):
    """`count` opportunities: 12% open (closing from September 2026 to May 2027), 30% won, 58% lost; the won ones'
    (id, customer, owner, amount, closed_at) for a third of them, to sign contracts for."""
    customers, heirs = list(owners), {heir: leaver for leaver, heir in leavers.items()}
    team_members = {}
    for uid, team in team_of.items():
        team_members.setdefault(team, []).append(uid)
    open_weights = [share for *_, share in STAGES[:5]]
    won, rows = [], []
    for i in range(count):
        customer = rng.choice(customers)
        owner = owners[customer] or rng.choice(holders)  # a pooled customer's deal: a rep's from before
        if rng.random() < 0.05:
            owner = rng.choice(team_members[team_of[owner]])  # a teammate's deal with the customer
        draw = rng.random()
        if draw < 0.12:
            created = _when(rng, NOW - timedelta(days=270), NOW)
            stage = rng.choices(range(5), weights=open_weights)[0]
            closed = None
            expected = _when(rng, datetime(2026, 9, 1, tzinfo=timezone.utc), datetime(2027, 6, 1, tzinfo=timezone.utc))
            if owner in leavers:
                owner = leavers[owner]  # open deals passed to the heir
        else:
            created = _when(rng, START, NOW - timedelta(days=10))
            closed = created + timedelta(days=rng.randrange(5, 150), seconds=rng.randrange(86400))
            if closed >= NOW:
                closed = _when(rng, created, NOW)  # still closed before "now", without piling up on its eve
            stage = 5 if draw < 0.42 else 6
            expected = closed + timedelta(days=rng.randrange(-20, 20))
            if owner in heirs and closed < LEFT and rng.random() < 0.5:
                owner = heirs[owner]
            elif owner in leavers and closed >= LEFT:
                owner = leavers[owner]
        amount = _money(rng, 5_000, 500_000)
        oid = OPPORTUNITY0 + i
        rows.append({
            "id": oid, "tenant_id": TID, "name": f"商机 {i}", "customer_id": customer, "owner_id": owner,
            "pipeline_id": PIPELINE, "stage_id": STAGE0 + stage, "status": STAGES[stage][2], "amount": amount,
            "currency": "CNY", "probability": rng.randrange(5, 100, 5) if rng.random() < 0.25 else None,
            "forecast_category": rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0],
            "stage_entered_at": closed or _when(rng, created, NOW), "expected_close": expected.astimezone(ZONE).date(),
            "closed_at": closed, "close_reason": "bench" if closed else None, "created_at": created,
            "updated_at": closed or created})
        if stage == 5 and rng.random() < 1 / 3:
            won.append((oid, customer, owner, amount, closed))
        if len(rows) == CHUNK:
            with db.engine.begin() as conn:
                conn.execute(Opportunity.__table__.insert(), rows)
            rows = []
    if rows:
        with db.engine.begin() as conn:
            conn.execute(Opportunity.__table__.insert(), rows)
    return won


def _contracts(rng, won):
    """A contract per deal in `won`, signed the day it was won, paid in 1-3 instalments; 4% cancelled unpaid."""
    contracts, instalments, payments = [], [], []
    today = NOW.astimezone(ZONE).date()
    for n, (oid, customer, owner, amount, closed) in enumerate(won):
        signed = closed.astimezone(ZONE).date()
        cancelled = rng.random() < 0.04
        parts = rng.randrange(1, 4)
        settled_all = not cancelled
        for p in range(parts):
            share = (amount / parts).quantize(Decimal("0.01")) if p < parts - 1 else amount - (
                amount / parts).quantize(Decimal("0.01")) * (parts - 1)
            due = signed + timedelta(days=30 * p + 15)
            paid = not cancelled and due <= today and rng.random() < 0.92
            settled_all = settled_all and paid
            iid = INSTALMENT0 + len(instalments)
            instalments.append({"id": iid, "tenant_id": TID, "contract_id": CONTRACT0 + n, "position": p + 1,
                                "due_date": due, "amount": share, "paid": share if paid else Decimal(0),
                                "settled": paid})
            if paid:
                received = min(due + timedelta(days=rng.randrange(-10, 20)), today - timedelta(days=1))
                payments.append({"id": PAYMENT0 + len(payments), "tenant_id": TID, "contract_id": CONTRACT0 + n,
                                 "instalment_id": iid, "amount": share, "received_on": received,
                                 "method": "bank_transfer", "recorded_by_id": owner,
                                 "created_at": datetime.combine(received, datetime.min.time(), timezone.utc)})
        contracts.append({"id": CONTRACT0 + n, "tenant_id": TID, "number": f"HT{n:07d}", "title": f"合同 {n}",
                          "customer_id": customer, "owner_id": owner, "opportunity_id": oid, "amount": amount,
                          "currency": "CNY", "signed_on": signed, "start_date": signed,
                          "status": "cancelled" if cancelled else "completed" if settled_all else "active",
                          "created_at": closed, "updated_at": closed})
    with db.engine.begin() as conn:
        _insert(conn, Contract.__table__, contracts)
        _insert(conn, Instalment.__table__, instalments)
        _insert(conn, Payment.__table__, payments)


def _activities(rng, count, own, customers, reps, leads, leavers, users):
    """`count` done calls, emails, visits and meetings over two years (85% on the doer's own customers), 2% more planned."""
    managers = [uid for uid, _, role, _, _ in users if role == "manager" and uid not in leads]
    people = reps + leads + managers
    weights = [10 if uid in reps else 3 if uid in leads else 1 for uid in people]
    kinds, kind_weights = [k for k, _ in KINDS], [w for _, w in KINDS]
    rows = []
    for i in range(count + count // 50):
        done = i < count
        at = _when(rng, START, NOW) if done else _when(rng, NOW, NOW + timedelta(days=30))
        user = rng.choices(people, weights=weights)[0]
        if user in leavers and at >= LEFT:
            user = leavers[user]
        mine = own.get(user)
        customer = rng.choice(mine) if mine and rng.random() < 0.85 else rng.choice(customers)
        rows.append({"id": ACTIVITY0 + i, "tenant_id": TID, "customer_id": customer, "user_id": user,
                     "kind": rng.choices(kinds, weights=kind_weights)[0], "status": "done" if done else "planned",
                     "occurred_at": at if done else None, "due_at": None if done else at,
                     "follow_up_at": None if done else at, "subject": "跟进",
                     "created_at": at if done else NOW})
        if len(rows) == CHUNK:
            with db.engine.begin() as conn:
                conn.execute(Activity.__table__.insert(), rows)
            rows = []
    if rows:
        with db.engine.begin() as conn:
            conn.execute(Activity.__table__.insert(), rows)
