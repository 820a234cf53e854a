"""The demo workspace `demo`: an org chart, eight users and a realistic customer book.

`crm demo` calls `create_demo`. The data is deterministic (fixed seeds) and
written with batched ORM inserts inside the tenant scope, so 2,000 customers
with their contacts and contact records take a few seconds. Seed data is not
audited: nobody changed it.

`locale="zh_CN"` makes the Chinese demo: Chinese company, users, org chart,
customers (Faker's zh_CN provider), texts (tenants/demo_zh.py) and the sales
regions' Chinese names; the English demo is the default. Both give every
customer real divisions, a landline in its city's area code, a mainland
mobile, an industry and a source (tenants/demo_places.py).
"""
import logging
import os
import random
import time
from datetime import datetime, time as clock, timedelta, timezone
from types import SimpleNamespace

from faker import Faker
from flask_babel import gettext
from sqlalchemy import delete, insert, select
from werkzeug.exceptions import HTTPException

from crm_platform.auth.passwords import hash_password
from crm_platform.custom_fields.demo import seed_custom_fields
from crm_platform.extensions import db
from crm_platform.follow_ups.sync import refresh_all_contact_dates
from crm_platform.models import Activity, Contact, Customer, CustomerShare, CustomerTag, OrgUnit, Tenant, User
from crm_platform.models.customer_keys import customer_keys, search_keys
from crm_platform.modules.registry import current_registry
from crm_platform.modules.state import set_module
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import SETTING as SALES_REGIONS
from crm_platform.pool.service import put_in_pool
from crm_platform.tenancy import tenant_scope, unscoped
from tenants import demo_places, demo_zh
from tenants.demo_collaboration import seed_collaboration
from tenants.provisioning import create_workspace

log = logging.getLogger("crm.demo")

SLUG = "demo"
COMPANY = "Demo Trading Co."
DOMAIN = "demo.example.com"
SEED = 20240601
POOLED = 24  # at most this many customers start in the pool (one in 20)

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

LOCALES = {"zh_CN": 66, "en_US": 12, "zh_TW": 8, "ja_JP": 7, "de_DE": 7}
ROADS = ["Renmin", "Zhongshan", "Jiefang", "Huaihai", "Jianguo", "Heping", "Changjiang", "Xinhua", "Binjiang"]
INDUSTRIES = {"manufacturing": 22, "wholesale": 18, "retail": 12, "energy": 8, "software": 9, "telecom": 5,
              "hospitality": 6, "instruments": 6, "logistics": 7, "construction": 4, "healthcare": 3}
SOURCES = {"referral": 25, "exhibition": 18, "website": 15, "cold_call": 14, "partner": 12, "advertising": 6,
           "social_media": 7, "walk_in": 3}
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


def demo_texts(locale):
    """The words of the demo in `locale` ("zh_CN" or English), as one namespace."""
    if locale == "zh_CN":
        return SimpleNamespace(company=demo_zh.COMPANY, user_names=demo_zh.USER_NAMES, units=demo_zh.UNIT_NAMES,
                               locales=demo_zh.LOCALES, titles=demo_zh.TITLES, habits=demo_zh.HABITS,
                               activities=demo_zh.ACTIVITIES, outcomes=demo_zh.OUTCOMES,
                               next_steps=demo_zh.NEXT_STEPS, family=demo_zh.FAMILY_MEMBER,
                               key_account=demo_zh.KEY_ACCOUNT, chinese=True)
    return SimpleNamespace(company=COMPANY, user_names=[user[3] for user in USERS],
                           units={key: name for key, name, _kind, _parent in ORG_CHART}, locales=LOCALES,
                           titles=TITLES, habits=HABITS, activities=ACTIVITIES, outcomes=OUTCOMES,
                           next_steps=NEXT_STEPS, family="Family member", key_account="key account", chinese=False)


def system_locale(environ=None):
    """"zh_CN" when the system locale (LC_ALL, LC_MESSAGES or LANG) is Chinese, else "en"."""
    environ = os.environ if environ is None else environ
    value = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG") or ""
    return "zh_CN" if value.lower().startswith("zh") else "en"


def logins():
    """The demo's sign-ins as (role, email, password)."""
    return [(role, email, password) for role, email, password, _, _ in USERS]


def create_demo(customers=2000, reset=False, echo=print, locale="en"):
    """Create the `demo` workspace (or keep the existing one) in `locale` ("zh_CN" or "en") and return its logins."""
    with unscoped("the demo command looks up its own workspace"):
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == SLUG))
    if tenant_id is not None and not reset:
        echo(gettext("The demo workspace already exists; `crm demo --reset` recreates it."))
        return logins()
    started = time.perf_counter()
    if tenant_id is not None:
        echo(gettext("Deleting the existing demo workspace ..."))
        delete_tenant(tenant_id)
    rng = random.Random(SEED)
    Faker.seed(SEED)
    texts = demo_texts(locale)
    tenant_id, users = seed_workspace(SLUG, customers, rng, echo, texts)
    with tenant_scope(tenant_id, users["admin"][0]):
        _fill_pool(rng, tenant_id)
        seed_custom_fields(SEED, echo, chinese=texts.chinese)
        echo("  " + seed_collaboration(users, texts.chinese, SEED))
        _seed_modules(echo, texts.chinese)
    echo(gettext("Demo workspace ready in %(seconds).1f s.", seconds=time.perf_counter() - started))
    return logins()


def seed_workspace(slug, customers, rng, echo, texts):
    """Workspace `slug` with the demo's org chart, users and `customers` customers; returns (tenant id, users).

    The core of the demo without its pool, custom fields, collaboration and
    modules: also what bench/load.py builds its 100 workspaces with.
    """
    echo(gettext("Creating the workspace, its org chart and users ..."))
    tenant_id, users = _workspace_and_users(texts, slug)
    with tenant_scope(tenant_id, users["admin"][0]):
        _seed_customers(rng, users, customers, echo, texts)
    return tenant_id, users


def _seed_modules(echo, chinese):
    """Enable every installed module that brings demo data (crm_demo_data) and let it fill the workspace.

    A module that cannot be enabled (broken, or needing one that is not) is skipped
    with a note; one that fails while seeding is rolled back and left enabled and empty.
    """
    for impl in demo_fillers(current_registry()):
        name = impl.plugin_name
        try:
            set_module(name, True)
        except HTTPException as refused:
            echo(gettext("Module %(name)s left off: %(reason)s", name=name, reason=refused.description))
            continue
        echo(gettext("Filling module %(name)s ...", name=name))
        try:
            impl.function(**{arg: {"seed": SEED, "chinese": chinese, "echo": echo}[arg] for arg in impl.argnames})
            db.session.commit()
        except Exception:  # one module's demo must not take the others' or the core's with it
            db.session.rollback()
            log.exception("module %s failed to fill the demo workspace", name)
            echo(gettext("Module %(name)s could not fill its demo data (see the log).", name=name))


def demo_fillers(registry):
    """The crm_demo_data implementations in the order they fill: `tryfirst` ones, the rest, then `trylast` ones.

    Each group by plugin name (the bundled modules' entry points). A module that
    reads what the others' demos wrote (customer insights: the complaints of
    the service module) marks its implementation `trylast`.
    """
    impls = registry.pm.hook.crm_demo_data.get_hookimpls()
    return sorted(impls, key=lambda impl: (0 if impl.tryfirst else 2 if impl.trylast else 1, impl.plugin_name))


def _fill_pool(rng, tenant_id):
    """Turn the pool rules on and put a few unsigned customers in their units' pools (docs/pool.md)."""
    tenant = db.session.get(Tenant, tenant_id)
    tenant.settings = {**(tenant.settings or {}), "pool_inactive_days": 30, "pool_unsigned_days": 90}
    # By name, not by id: ids are random, and the same seed must pool the same customers.
    ids = db.session.scalars(select(Customer.id).where(Customer.status != "signed")
                             .order_by(Customer.name, Customer.email, Customer.id)).all()
    picked = rng.sample(ids, min(POOLED, len(ids) // 20))
    for customer in db.session.scalars(select(Customer).where(Customer.id.in_(picked))):
        put_in_pool(customer, "inactive", None, tenant)
    db.session.commit()


def delete_tenant(tenant_id):
    """Delete a tenant and every row it owns, children first (operator work, so unscoped)."""
    with unscoped(f"deleting tenant {tenant_id}"):
        for table in reversed(db.metadata.sorted_tables):
            if "tenant_id" in table.c:
                db.session.execute(delete(table).where(table.c.tenant_id == tenant_id))
        db.session.execute(delete(Tenant).where(Tenant.id == tenant_id))
    db.session.commit()


def _workspace_and_users(texts, slug):
    """The tenant `slug` (provisioned like a signup), its sales regions, org chart and users.

    Returns (tenant id, {"admin" or email: (user id, unit key)}).
    """
    _, email, password, _name, _ = USERS[0]
    tenant, admin = create_workspace(texts.company, slug, texts.user_names[0], email, password)
    settings = {SALES_REGIONS: demo_places.demo_regions(english=not texts.chinese)}
    if texts.chinese:
        settings["timezone"] = "Asia/Shanghai"
    tenant.settings = {**(tenant.settings or {}), **settings}
    with tenant_scope(tenant.id, admin.id):
        units = {"company": admin.org_unit_id}
        paths = {"company": db.session.get(OrgUnit, admin.org_unit_id).path}
        for key, _unit_name, kind, parent in ORG_CHART:
            unit = OrgUnit(name=texts.units[key], kind=kind, parent_id=units[parent])
            db.session.add(unit)
            db.session.flush()
            unit.path = paths[key] = f"{paths[parent]}{unit.id}/"
            units[key] = unit.id
        users = {"admin": (admin.id, "company")}
        for (role, email, password, _name, unit_key), name in zip(USERS[1:], texts.user_names[1:]):
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


def _seed_customers(rng, users, count, echo, texts):
    """Customers with tags, contacts, contact records and a few shares, in batches."""
    reps = {branch: [uid for email, (uid, unit) in users.items() if unit == f"{branch}_team"]
            for branch in ("east", "north")}
    managers = {unit: uid for email, (uid, unit) in users.items() if unit in ("east", "north")}
    fakers = {locale: Faker(locale) for locale in texts.locales}
    now = datetime.now(timezone.utc).replace(microsecond=0)
    today = now.date()
    weights = demo_places.region_weights()
    rows, extras, credit_codes = [], [], set()
    for _ in range(count):
        region, branch, city, english_city, area_code, district = demo_places.place(rng, weights)
        locale = _weighted(rng, texts.locales)
        fake = fakers[locale]
        owner = managers[branch] if rng.random() < 0.05 else rng.choice(reps[branch])
        status = _weighted(rng, {s: w for s, (w, _) in STATUS_LEVELS.items()})
        kind = "person" if rng.random() < 0.2 else "company"
        created = now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1440))
        row = {
            "name": fake.name() if kind == "person" else fake.company(),
            "kind": kind,
            "region": region if texts.chinese else demo_places.ENGLISH_REGIONS[region],
            "status": status,
            "level": _weighted(rng, STATUS_LEVELS[status][1]),
            "owner_id": owner,
            "phone": demo_places.landline(rng, area_code) if kind == "company" else None,
            "mobile": demo_places.mobile(rng),
            "email": fake.email() if kind == "person" else fake.company_email(),
            "wechat": f"{fake.user_name()}{rng.randint(10, 9999)}" if rng.random() < 0.7 else None,
            "website": f"https://www.{fake.domain_name()}" if kind == "company" and rng.random() < 0.6 else None,
            "industry": _weighted(rng, INDUSTRIES) if kind == "company" else None,
            "source": _weighted(rng, SOURCES),
            "province_code": city[:2] + "0000",
            "city_code": city,
            "district_code": district,
            "address": _address(rng, fake, locale.startswith("zh"), city, english_city, district),
            # Chinese companies carry their 统一社会信用代码; a clash (one in ~10^8) gets none, not an error.
            "credit_code": _unique(credit_codes, demo_places.credit_code(rng, district or city))
            if kind == "company" and locale.startswith("zh") else None,
            "notes": rng.choice(texts.habits) if rng.random() < 0.6 else None,
            "care_date": _care_date(rng, today, status),
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randint(0, (now - created).days)),
        }
        rows.append({**row, **customer_keys(row)})  # a Core insert: no ORM validator sets them
        extras.append((fake, branch, owner, kind, created))
    ids = db.session.scalars(
        insert(Customer).returning(Customer.id, sort_by_parameter_order=True), rows).all()
    db.session.commit()
    echo("  " + gettext("%(num)d customers", num=len(ids)))
    tags, contacts, activities, shares = [], [], [], []
    for customer_id, (fake, branch, owner, kind, created) in zip(ids, extras):
        if rng.random() < 0.08:
            tags.append({"customer_id": customer_id, "tag": texts.key_account})
        contacts.extend(_contacts(rng, fake, customer_id, kind, now, texts))
        activities.extend(_activities(rng, customer_id, owner, created, now, texts))
        colleagues = [uid for uid in reps[branch] if uid != owner]
        if colleagues and rng.random() < 0.03:
            shares.append({"customer_id": customer_id, "user_id": rng.choice(colleagues), "created_at": now})
    contacts = [{**contact, **search_keys(contact)} for contact in contacts]  # a Core insert, as above
    for model, batch in ((CustomerTag, tags), (Contact, contacts), (Activity, activities), (CustomerShare, shares)):
        if batch:
            db.session.execute(insert(model), batch)
    refresh_all_contact_dates(db.session)  # the Core inserts bypass the session hooks
    db.session.commit()
    echo("  " + gettext("%(contacts)d contacts, %(records)d contact records, %(tags)d tags, %(shares)d shares",
                        contacts=len(contacts), records=len(activities), tags=len(tags), shares=len(shares)))


def _unique(seen, value):
    """`value` the first time it is seen, else None."""
    if value in seen:
        return None
    seen.add(value)
    return value


def _address(rng, fake, chinese, city, english_city, district):
    """A street address in the customer's city and district, written the Chinese or the English way."""
    if chinese:
        return f"{divisions.name(city)}{divisions.name(district) or ''}{fake.street_name()}{rng.randint(1, 999)}号"
    return f"{rng.randint(1, 999)} {rng.choice(ROADS)} Road, {english_city}"


def _care_date(rng, today, status):
    """The next return visit or greeting: most signed customers have one planned."""
    chance = {"signed": 0.7, "following": 0.35, "terminated": 0.05}[status]
    return today + timedelta(days=rng.randint(-10, 90)) if rng.random() < chance else None


def _contacts(rng, fake, customer_id, kind, now, texts):
    if kind == "person":
        return [{"customer_id": customer_id, "name": fake.name(), "title": texts.family,
                 "phone": demo_places.mobile(rng), "email": None, "created_at": now, "updated_at": now}]
    return [{"customer_id": customer_id, "name": fake.name(), "title": rng.choice(texts.titles),
             "phone": demo_places.mobile(rng), "email": fake.email(), "created_at": now, "updated_at": now}
            for _ in range(rng.choice((1, 1, 2, 2, 3)))]


def _activities(rng, customer_id, owner, created, now, texts):
    """One to five contact records between the customer's creation and today."""
    span = max(1, (now - created).days)
    records = []
    for _ in range(rng.randint(1, 5)):
        kind = _weighted(rng, {k: w for k, (w, _) in texts.activities.items()})
        day = (created + timedelta(days=rng.randint(0, span))).date()
        occurred = min(now, datetime.combine(day, clock(rng.randint(1, 10), rng.choice((0, 15, 30, 45))),
                                             timezone.utc))
        records.append({"customer_id": customer_id, "user_id": owner, "kind": kind, "status": "done",
                        "occurred_at": occurred, "due_at": None, "follow_up_at": None,
                        "subject": rng.choice(texts.activities[kind][1]), "outcome": rng.choice(texts.outcomes),
                        "next_step": rng.choice(texts.next_steps), "created_at": occurred})
    if rng.random() < 0.3:  # a planned call or visit: a follow-up, some of them overdue
        kind = rng.choice(("call", "visit"))
        due = now + timedelta(days=rng.randint(-5, 14), hours=rng.randint(0, 8))
        records.append({"customer_id": customer_id, "user_id": owner, "kind": kind, "status": "planned",
                        "occurred_at": None, "due_at": due, "follow_up_at": due,
                        "subject": rng.choice(texts.activities[kind][1]), "outcome": None, "next_step": None,
                        "created_at": now})
    return records
