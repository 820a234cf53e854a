"""The demo workspace `demo`: an org chart, eight users and a realistic customer book.

`crm demo` calls `create_demo`. The data is deterministic (fixed seeds) and
written with batched ORM inserts inside the tenant scope, so 2,000 customers
with their contacts and contact records take a few seconds. Seed data is not
audited: nobody changed it.
"""
import random
import time
from datetime import datetime, time as clock, timedelta, timezone

from faker import Faker
from sqlalchemy import delete, insert, select

from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.follow_ups.sync import refresh_all_contact_dates
from crm_platform.models import Activity, Contact, Customer, CustomerShare, CustomerTag, OrgUnit, Tenant, User
from crm_platform.models.customers import duplicate_keys
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.provisioning import create_workspace

SLUG = "demo"
COMPANY = "Demo Trading Co."
DOMAIN = "demo.example.com"
SEED = 20240601

# (role, email, password, name, unit key); unit keys refer to ORG_CHART.
USERS = [
    ("admin", f"admin@{DOMAIN}", "demo-admin-pass", "Ada Admin", "company"),
    ("executive", f"ceo@{DOMAIN}", "demo-exec-pass", "Wang Jianguo", "company"),
    ("manager", f"east.manager@{DOMAIN}", "demo-manager-pass", "Chen Hua", "east"),
    ("manager", f"north.manager@{DOMAIN}", "demo-manager-pass", "Zhao Min", "north"),
    ("rep", f"east.rep1@{DOMAIN}", "demo-rep-pass", "Li Na", "east_team"),
    ("rep", f"east.rep2@{DOMAIN}", "demo-rep-pass", "Sun Wei", "east_team"),
    ("rep", f"north.rep1@{DOMAIN}", "demo-rep-pass", "Liu Yang", "north_team"),
    ("rep", f"north.rep2@{DOMAIN}", "demo-rep-pass", "Zhou Jie", "north_team"),
]
# (key, name, kind, parent key); "company" is the unit create_workspace makes.
ORG_CHART = [
    ("east", "East branch", "branch", "company"),
    ("north", "North branch", "branch", "company"),
    ("east_team", "East sales team", "team", "east"),
    ("north_team", "North sales team", "team", "north"),
]

# The five large regions with their cities (English, Chinese), and the branch
# whose reps cover them.
REGIONS = {
    "East China": ("east", 32, [("Shanghai", "上海"), ("Nanjing", "南京"), ("Hangzhou", "杭州"),
                                ("Suzhou", "苏州"), ("Hefei", "合肥"), ("Jinan", "济南"), ("Qingdao", "青岛")]),
    "South China": ("east", 24, [("Guangzhou", "广州"), ("Shenzhen", "深圳"), ("Dongguan", "东莞"),
                                 ("Xiamen", "厦门"), ("Nanning", "南宁"), ("Haikou", "海口")]),
    "Central China": ("east", 14, [("Wuhan", "武汉"), ("Changsha", "长沙"), ("Zhengzhou", "郑州"),
                                   ("Nanchang", "南昌")]),
    "North China": ("north", 20, [("Beijing", "北京"), ("Tianjin", "天津"), ("Shijiazhuang", "石家庄"),
                                  ("Taiyuan", "太原"), ("Hohhot", "呼和浩特")]),
    "West China": ("north", 10, [("Chengdu", "成都"), ("Chongqing", "重庆"), ("Xi'an", "西安"),
                                 ("Kunming", "昆明"), ("Lanzhou", "兰州")]),
}
LOCALES = {"zh_CN": 66, "en_US": 12, "zh_TW": 8, "ja_JP": 7, "de_DE": 7}
ROADS = ["Renmin", "Zhongshan", "Jiefang", "Huaihai", "Jianguo", "Heping", "Changjiang", "Xinhua", "Binjiang"]
INDUSTRIES = {"manufacturing": 22, "wholesale & distribution": 18, "retail": 12, "energy": 8, "software": 9,
              "telecom": 5, "hospitality": 6, "instruments": 6, "logistics": 7, "construction": 4, "healthcare": 3}
STATUS_LEVELS = {  # status weight, then level weights within it
    "signed": (30, {"effective": 80, "potential": 15, "intention": 5}),
    "following": (55, {"effective": 5, "potential": 50, "intention": 45}),
    "terminated": (15, {"effective": 10, "potential": 70, "intention": 20}),
}
TITLES = ["General Manager", "Purchasing Manager", "Finance Director", "Chief Engineer", "Sales Director",
          "Owner", "IT Manager", "Office Manager", "Logistics Supervisor"]
HABITS = ["Orders every quarter; wants delivery before the 10th.", "Pays by bank transfer within 30 days.",
          "Prefers WeChat to phone calls.", "Price sensitive; compares our offers with competitors'.",
          "Buys in bulk before Chinese New Year.", "Asks for the technical sheet with every quote.",
          "Slow to pay; check the balance before shipping.", "Likes on-site visits more than calls."]
ACTIVITIES = {  # kind: (weight, subjects)
    "call": (40, ["Follow-up call on the quotation", "Called about the renewal", "Checked the delivery schedule",
                  "Return call after the complaint", "Introduced the new product line"]),
    "visit": (20, ["On-site visit to purchasing", "Factory visit with our engineer",
                   "Return visit after installation", "Courtesy visit before the holidays"]),
    "email": (25, ["Sent the product catalogue", "Sent the revised quotation", "Sent holiday greetings",
                   "Sent the contract draft"]),
    "meeting": (15, ["Price negotiation", "Quarterly business review", "Technical presentation",
                     "Contract signing"]),
}
OUTCOMES = ["Interested; asked for a revised quote.", "Decision postponed to next quarter.",
            "Agreed to a trial order.", "Satisfied with our service.", "Complained about the delivery time.",
            "A competitor offered a lower price.", "Signed the framework agreement.", "No answer; left a message."]
NEXT_STEPS = ["Send the revised quotation by Friday.", "Schedule a visit with their general manager.",
              "Call back next week.", "Arrange a product demo.", "Prepare the contract draft.",
              "Check the payment status with finance.", "Send a holiday greeting card.", None]


def logins():
    """The demo's sign-ins as (role, email, password)."""
    return [(role, email, password) for role, email, password, _, _ in USERS]


def create_demo(customers=2000, reset=False, echo=print):
    """Create the `demo` workspace (or keep the existing one) and return its logins."""
    with unscoped("the demo command looks up its own workspace"):
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == SLUG))
    if tenant_id is not None and not reset:
        echo("The demo workspace already exists; `crm demo --reset` recreates it.")
        return logins()
    started = time.perf_counter()
    if tenant_id is not None:
        echo("Deleting the existing demo workspace ...")
        delete_tenant(tenant_id)
    rng = random.Random(SEED)
    Faker.seed(SEED)
    echo("Creating the workspace, its org chart and users ...")
    tenant_id, users = _workspace_and_users()
    with tenant_scope(tenant_id, users["admin"][0]):
        _seed_customers(rng, users, customers, echo)
    echo(f"Demo workspace ready in {time.perf_counter() - started:.1f} s.")
    return logins()


def delete_tenant(tenant_id):
    """Delete a tenant and every row it owns, children first (operator work, so unscoped)."""
    with unscoped(f"deleting tenant {tenant_id}"):
        for table in reversed(db.metadata.sorted_tables):
            if "tenant_id" in table.c:
                db.session.execute(delete(table).where(table.c.tenant_id == tenant_id))
        db.session.execute(delete(Tenant).where(Tenant.id == tenant_id))
    db.session.commit()


def _workspace_and_users():
    """The tenant (provisioned like a signup), its org chart and users.

    Returns (tenant id, {"admin" or email: (user id, unit key)}).
    """
    _, email, password, name, _ = USERS[0]
    tenant, admin = create_workspace(COMPANY, SLUG, name, email, password)
    with tenant_scope(tenant.id, admin.id):
        units = {"company": admin.org_unit_id}
        paths = {"company": db.session.get(OrgUnit, admin.org_unit_id).path}
        for key, unit_name, kind, parent in ORG_CHART:
            unit = OrgUnit(name=unit_name, kind=kind, parent_id=units[parent])
            db.session.add(unit)
            db.session.flush()
            unit.path = paths[key] = f"{paths[parent]}{unit.id}/"
            units[key] = unit.id
        users = {"admin": (admin.id, "company")}
        for role, email, password, name, unit_key in USERS[1:]:
            user = User(name=name, email=email, password_hash=hash_password(password), role=role,
                        org_unit_id=units[unit_key])
            db.session.add(user)
            db.session.flush()
            users[email] = (user.id, unit_key)
        db.session.commit()
    return tenant.id, users


def _weighted(rng, table):
    """One key of {key: weight}."""
    return rng.choices(list(table), weights=list(table.values()))[0]


def _seed_customers(rng, users, count, echo):
    """Customers with tags, contacts, contact records and a few shares, in batches."""
    reps = {branch: [uid for email, (uid, unit) in users.items() if unit == f"{branch}_team"]
            for branch in ("east", "north")}
    managers = {unit: uid for email, (uid, unit) in users.items() if unit in ("east", "north")}
    fakers = {locale: Faker(locale) for locale in LOCALES}
    now = datetime.now(timezone.utc).replace(microsecond=0)
    today = now.date()
    rows, extras = [], []
    for _ in range(count):
        region = _weighted(rng, {name: weight for name, (_, weight, _) in REGIONS.items()})
        branch, _, cities = REGIONS[region]
        locale = _weighted(rng, LOCALES)
        fake = fakers[locale]
        owner = managers[branch] if rng.random() < 0.05 else rng.choice(reps[branch])
        status = _weighted(rng, {s: w for s, (w, _) in STATUS_LEVELS.items()})
        kind = "person" if rng.random() < 0.2 else "company"
        created = now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1440))
        row = {
            "name": fake.name() if kind == "person" else fake.company(),
            "kind": kind,
            "region": region,
            "status": status,
            "level": _weighted(rng, STATUS_LEVELS[status][1]),
            "owner_id": owner,
            "phone": fake.phone_number(),
            "email": fake.email() if kind == "person" else fake.company_email(),
            "address": _address(rng, fake, locale, rng.choice(cities)),
            "notes": rng.choice(HABITS) if rng.random() < 0.6 else None,
            "care_date": _care_date(rng, today, status),
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randint(0, (now - created).days)),
        }
        rows.append({**row, **duplicate_keys(row)})  # a Core insert: no ORM validator sets them
        extras.append((fake, branch, owner, kind, created))
    ids = db.session.scalars(
        insert(Customer).returning(Customer.id, sort_by_parameter_order=True), rows).all()
    db.session.commit()
    echo(f"  {len(ids)} customers")
    tags, contacts, activities, shares = [], [], [], []
    for customer_id, (fake, branch, owner, kind, created) in zip(ids, extras):
        tags.append({"customer_id": customer_id, "tag": _weighted(rng, INDUSTRIES)})
        if rng.random() < 0.08:
            tags.append({"customer_id": customer_id, "tag": "key account"})
        contacts.extend(_contacts(rng, fake, customer_id, kind, now))
        activities.extend(_activities(rng, customer_id, owner, created, now))
        colleagues = [uid for uid in reps[branch] if uid != owner]
        if colleagues and rng.random() < 0.03:
            shares.append({"customer_id": customer_id, "user_id": rng.choice(colleagues), "created_at": now})
    for model, batch in ((CustomerTag, tags), (Contact, contacts), (Activity, activities), (CustomerShare, shares)):
        if batch:
            db.session.execute(insert(model), batch)
    refresh_all_contact_dates(db.session)  # the Core inserts bypass the session hooks
    db.session.commit()
    echo(f"  {len(contacts)} contacts, {len(activities)} contact records, {len(tags)} tags, {len(shares)} shares")


def _address(rng, fake, locale, city):
    english, chinese = city
    if locale.startswith("zh"):
        return f"{chinese}市{fake.street_name()}{rng.randint(1, 999)}号"
    return f"{rng.randint(1, 999)} {rng.choice(ROADS)} Road, {english}"


def _care_date(rng, today, status):
    """The next return visit or greeting: most signed customers have one planned."""
    chance = {"signed": 0.7, "following": 0.35, "terminated": 0.05}[status]
    return today + timedelta(days=rng.randint(-10, 90)) if rng.random() < chance else None


def _contacts(rng, fake, customer_id, kind, now):
    if kind == "person":
        return [{"customer_id": customer_id, "name": fake.name(), "title": "Family member",
                 "phone": fake.phone_number(), "email": None, "created_at": now, "updated_at": now}]
    return [{"customer_id": customer_id, "name": fake.name(), "title": rng.choice(TITLES),
             "phone": fake.phone_number(), "email": fake.email(), "created_at": now, "updated_at": now}
            for _ in range(rng.choice((1, 1, 2, 2, 3)))]


def _activities(rng, customer_id, owner, created, now):
    """One to five contact records between the customer's creation and today."""
    span = max(1, (now - created).days)
    records = []
    for _ in range(rng.randint(1, 5)):
        kind = _weighted(rng, {k: w for k, (w, _) in ACTIVITIES.items()})
        day = (created + timedelta(days=rng.randint(0, span))).date()
        occurred = min(now, datetime.combine(day, clock(rng.randint(1, 10), rng.choice((0, 15, 30, 45))),
                                             timezone.utc))
        records.append({"customer_id": customer_id, "user_id": owner, "kind": kind, "status": "done",
                        "occurred_at": occurred, "due_at": None, "follow_up_at": None,
                        "subject": rng.choice(ACTIVITIES[kind][1]), "outcome": rng.choice(OUTCOMES),
                        "next_step": rng.choice(NEXT_STEPS), "created_at": occurred})
    if rng.random() < 0.3:  # a planned call or visit: a follow-up, some of them overdue
        kind = rng.choice(("call", "visit"))
        due = now + timedelta(days=rng.randint(-5, 14), hours=rng.randint(0, 8))
        records.append({"customer_id": customer_id, "user_id": owner, "kind": kind, "status": "planned",
                        "occurred_at": None, "due_at": due, "follow_up_at": due,
                        "subject": rng.choice(ACTIVITIES[kind][1]), "outcome": None, "next_step": None,
                        "created_at": now})
    return records
