"""The test world: two tenants with an org chart, users of every role and customers.

Built once per test session and copied into each test's database (see
crm_platform.testing), so ids are the same in every test.
"""
from dataclasses import dataclass, field

from sqlalchemy import delete, text

PASSWORD = "correct horse battery"
MISSING_ID = 999_999
"""An id no row has in a test database: what "missing" looks like in assertions."""
ATTACHMENT_BYTES = b"%PDF-1.4\n%%EOF\n"
"""The contents of the world's attachment file (brochure.pdf on s1_shared)."""
WORLD_STORED_NAME = "0" * 32
"""The stored name of the world's attachment files on disk."""


@dataclass(frozen=True)
class Unit:
    """An org unit of the world."""

    key: str
    id: int
    name: str
    parent: str | None


@dataclass(frozen=True)
class Person:
    """A user of the world; ``key`` is also their role-and-place, e.g. ``rep_n1``."""

    key: str
    id: int
    name: str
    email: str
    role: str
    unit: str


@dataclass(frozen=True)
class Account:
    """A customer of the world and the key of the user who owns it."""

    key: str
    id: int
    name: str
    owner: str


@dataclass(frozen=True)
class Record:
    """A contact or activity of the world, under the customer with the same key."""

    key: str
    id: int
    customer: str


@dataclass(frozen=True)
class Token:
    """A user's API token: the row id and the secret to send."""

    id: int
    secret: str


@dataclass
class TenantWorld:
    """One tenant of the world; every mapping is keyed by the names below."""

    slug: str
    id: int
    name: str
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    customers: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    shares: list = field(default_factory=list)
    tokens: dict = field(default_factory=dict)
    job_id: int | None = None
    reminder_id: int | None = None
    batch_id: int | None = None
    field_id: int | None = None
    attachment_id: int | None = None
    day_id: int | None = None
    time_off_id: int | None = None

    def route_ids(self, customer="s1_shared"):
        """Ids for a route's ``<int:…>`` parameters, by parameter name.

        Customer, contact and activity belong together; ``user_id`` is rep_n1,
        whom s1_shared is shared with; ``token_id`` is the admin's API token;
        ``job_id`` the admin's finished self-test job; ``reminder_id`` the
        admin's open care reminder about house; ``batch_id`` the admin's
        import batch (a draft whose file is gone); ``field_id`` the customer
        custom field "grade" (a choice of A, B, C); ``attachment_id`` the file
        attached to s1_shared; ``day_id`` the company day off on 2026-03-02;
        ``time_off_id`` rep_n1's time off.
        """
        return {
            "customer_id": self.customers[customer].id,
            "contact_id": self.contacts[customer].id,
            "activity_id": self.activities[customer].id,
            "user_id": self.users["rep_n1"].id,
            "unit_id": self.units["north"].id,
            "token_id": self.tokens["admin"].id,
            "job_id": self.job_id,
            "reminder_id": self.reminder_id,
            "batch_id": self.batch_id,
            "field_id": self.field_id,
            "attachment_id": self.attachment_id,
            "day_id": self.day_id,
            "time_off_id": self.time_off_id,
        }


@dataclass
class World:
    """The two tenants, built alike (same names and emails, different ids).

    Org chart and users (both tenants)::

        company            admin, executive
        ├── north          manager_north, rep_n2
        │   └── north1     rep_n1
        └── south          manager_south, rep_s1

    Customers by key (owner): n1_alpha, n1_beta (rep_n1), n2 (rep_n2), s1 and
    s1_shared (rep_s1; s1_shared is shared with rep_n1), north_mgr
    (manager_north), house (admin). Every customer has one contact and one
    activity under the same key. The admin has one finished self-test job, one
    open care reminder (house's founding date, due 2026-01-05) and one draft import batch.
    Customers have one custom field, ``grade`` (choice of A, B, C; no values set);
    s1_shared has one attachment, brochure.pdf (its file is written by `write_attachment_files`).
    Every user's password is ``PASSWORD``.
    """

    acme: TenantWorld
    globex: TenantWorld
    password: str = PASSWORD

    def __getitem__(self, slug):
        return {"acme": self.acme, "globex": self.globex}[slug]

    @property
    def tenants(self):
        """Both tenants."""
        return [self.acme, self.globex]

    def other(self, tenant):
        """The tenant that is not `tenant` (a TenantWorld or slug)."""
        slug = getattr(tenant, "slug", tenant)
        return self.globex if slug == "acme" else self.acme


UNITS = [("company", "Company", "company", None), ("north", "North", "branch", "company"),
         ("north1", "North-1", "team", "north"), ("south", "South", "branch", "company")]
USERS = [("admin", "admin", "company"), ("executive", "executive", "company"),
         ("manager_north", "manager", "north"), ("manager_south", "manager", "south"),
         ("rep_n1", "rep", "north1"), ("rep_n2", "rep", "north"), ("rep_s1", "rep", "south")]
CUSTOMERS = [
    ("n1_alpha", "Alpha Trading", "rep_n1", dict(status="signed", level="effective", region="North",
                                                 email="buy@alpha.test", phone="+1 555 0101"), ["vip"]),
    ("n1_beta", "Beta Foods", "rep_n1", dict(status="following", level="potential", region="North"), []),
    ("n2", "Gamma Tools", "rep_n2", dict(status="following", level="intention", region="North"), ["vip"]),
    ("s1", "Delta Shipping", "rep_s1", dict(status="signed", level="effective", region="South"), ["export"]),
    ("s1_shared", "Epsilon Media", "rep_s1", dict(status="terminated", level="potential", region="South"), []),
    ("north_mgr", "Zeta Energy", "manager_north", dict(status="following", level="effective", region="North"), []),
    ("house", "Eta Holdings", "admin", dict(status="signed", level="effective", region=None), []),
]
SHARES = [("s1_shared", "rep_n1")]
# The customers' regions are the workspace's sales regions (crm_platform/regions): North and South.
SALES_REGIONS = [{"name": "North", "provinces": ["110000", "120000", "130000"]},
                 {"name": "South", "provinces": ["440000", "450000", "460000"]}]


def _build_tenant(slug, name, password_hash):
    """Create one tenant of the world in the database; returns its TenantWorld."""
    from datetime import date, datetime, timezone

    from crm_platform.auth.api import issue_token
    from crm_platform.extensions import db
    from crm_platform.models import (
        Activity, CalendarDay, Contact, Customer, CustomerAttachment, CustomerShare, CustomFieldDefinition,
        ImportBatch, Job, OrgUnit, Reminder, Tenant, TimeOff, User,
    )
    from crm_platform.tenancy import tenant_scope

    tenant = Tenant(name=name, slug=slug, settings={"sales_regions": SALES_REGIONS})
    db.session.add(tenant)
    db.session.flush()
    tw = TenantWorld(slug=slug, id=tenant.id, name=name)
    with tenant_scope(tenant.id):
        units = {}
        for key, unit_name, kind, parent in UNITS:
            unit = OrgUnit(name=unit_name, kind=kind, parent_id=units[parent].id if parent else None)
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{units[parent].path if parent else '/'}{unit.id}/"
            units[key] = unit
            tw.units[key] = Unit(key, unit.id, unit_name, parent)
        users = {}
        for key, role, unit in USERS:
            user = User(name=key.replace("_", " ").title(), email=f"{key}@example.test", role=role,
                        org_unit_id=units[unit].id, password_hash=password_hash)
            db.session.add(user)
            users[key] = user
        db.session.flush()
        for key, role, unit in USERS:
            user = users[key]
            tw.users[key] = Person(key, user.id, user.name, user.email, role, unit)
        for key, cname, owner, fields, tags in CUSTOMERS:
            customer = Customer(name=cname, owner_id=users[owner].id, **fields)
            customer.tags = tags
            db.session.add(customer)
            db.session.flush()
            contact = Contact(customer_id=customer.id, name=f"{cname} Contact", email=f"contact@{key}.test")
            activity = Activity(customer_id=customer.id, user_id=users[owner].id, kind="call",
                                occurred_at=datetime(2026, 1, 5, 10, tzinfo=timezone.utc), subject="Intro call")
            db.session.add_all([contact, activity])
            db.session.flush()
            tw.customers[key] = Account(key, customer.id, cname, owner)
            tw.contacts[key] = Record(key, contact.id, key)
            tw.activities[key] = Record(key, activity.id, key)
        for customer_key, user_key in SHARES:
            db.session.add(CustomerShare(customer_id=tw.customers[customer_key].id, user_id=users[user_key].id))
            tw.shares.append((customer_key, user_key))
        job = Job(user_id=users["admin"].id, kind="selftest", status="finished", progress_done=1, progress_total=1,
                  params={"count": 1}, result={"counted": 1})
        reminder = Reminder(user_id=users["admin"].id, customer_id=tw.customers["house"].id, kind="founding",
                            due_date=date(2026, 1, 5))
        batch = ImportBatch(user_id=users["admin"].id, filename="customers.csv", format="csv", headers=["Name"],
                            mapping={"Name": "name"}, on_duplicate="skip", total_rows=1)
        grade = CustomFieldDefinition(entity="customer", key="grade", label="Grade", type="choice",
                                      choices=["A", "B", "C"], position=0)
        attachment = CustomerAttachment(customer_id=tw.customers["s1_shared"].id, uploaded_by=users["rep_s1"].id,
                                        name="brochure.pdf", content_type="application/pdf",
                                        size=len(ATTACHMENT_BYTES), stored_name=WORLD_STORED_NAME)
        day_off = CalendarDay(day=date(2026, 3, 2), working=False, note="Company outing")
        time_off = TimeOff(user_id=users["rep_n1"].id, starts_at=datetime(2026, 3, 3, 1, tzinfo=timezone.utc),
                           ends_at=datetime(2026, 3, 4, 10, tzinfo=timezone.utc), note="Annual leave")
        db.session.add_all([job, reminder, batch, grade, attachment, day_off, time_off])
        db.session.commit()
        tw.job_id, tw.reminder_id, tw.batch_id, tw.field_id = job.id, reminder.id, batch.id, grade.id
        tw.attachment_id = attachment.id
        tw.day_id, tw.time_off_id = day_off.id, time_off.id
        for key, user in users.items():
            row, secret = issue_token(user, "tests")
            tw.tokens[key] = Token(row.id, secret)
    return tw


def build_world():
    """Create the two tenants of :class:`World` in the app's database (in an app context)."""
    from crm_platform.auth.passwords import hash_password
    from crm_platform.extensions import db
    from crm_platform.models import AuditEntry
    from crm_platform.tenancy import unscoped

    password_hash = hash_password(PASSWORD)
    world = World(acme=_build_tenant("acme", "Acme", password_hash),
                  globex=_build_tenant("globex", "Globex", password_hash))
    with unscoped("tests start with an empty audit trail"):
        db.session.execute(delete(AuditEntry))
        db.session.commit()
    return world


def write_attachment_files(rows):
    """Write the files of the world's attachment rows where the current app keeps attachments."""
    from crm_platform.attachments.storage import attachment_path

    for row in rows.get("customer_attachments", []):
        path = attachment_path(row["tenant_id"], row["stored_name"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ATTACHMENT_BYTES)


def dump_rows(engine, metadata):
    """Every row of every table, as {table name: [row dicts]} (parents first, rows in creation order)."""
    from crm_platform.tenancy import unscoped

    def creation_order(table):
        # Ids are random (opaque_ids.py): a row referring to another of its table
        # (a unit's parent) has no larger id, but was created later.
        return ([table.c.created_at] if "created_at" in table.c else []) + list(table.primary_key.columns)

    with unscoped("test kit: copy the world out of its database"), engine.connect() as conn:
        return {table.name: [dict(row._mapping) for row in conn.execute(
            table.select().order_by(*creation_order(table)))] for table in metadata.sorted_tables}


def load_rows(engine, metadata, rows):
    """Insert rows made by :func:`dump_rows` and move id sequences past them."""
    from crm_platform.tenancy import unscoped

    with unscoped("test kit: copy the world into a test's database"), engine.begin() as conn:
        for table in metadata.sorted_tables:
            if rows.get(table.name):
                conn.execute(table.insert(), rows[table.name])
        if conn.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                if "id" in table.c and rows.get(table.name) and table.c.id.autoincrement:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT MAX(id) FROM \"{table.name}\"))"))
