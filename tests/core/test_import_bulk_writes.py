"""The import's write path: a chunk's new customers, tags, custom field values and audit entries in set-based statements.

Whatever the path, what is written must be what the API writes: the same
columns, the same audit entry, the same custom field values.
"""
import io
from collections import Counter

import pytest
from sqlalchemy import event, inspect, select

from crm_platform import sdk
from crm_platform.custom_fields.values import read
from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Customer

WRITTEN = ("customers", "customer_tags", "custom_field_values", "audit_entries")
# Set when a plugin hears of it: columns that differ between any two customers however they are created.
UNIQUE = {"id", "created_at", "updated_at", "assigned_at"}
HEARD = []
FIELDS = ({"key": "employees", "label": "Employees", "type": "number"},
          {"key": "channels", "label": "Channels", "type": "multi_choice", "choices": ["web", "phone", "shop"]})


@pytest.fixture
def admin(world, api_client, jobs):
    """Acme's admin, with a number and a multi-choice custom field on customers (and the app on the kit's Redis)."""
    client = api_client("acme", "admin")
    assert all(client.post("/api/v1/custom-fields", json=body).status_code == 201 for body in FIELDS)
    return client


class Listener:
    """Notes each created customer as a plugin sees it: every column, its tags and its custom field values."""

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        columns = {attr.key: getattr(customer, attr.key) for attr in inspect(Customer).column_attrs
                   if attr.key not in UNIQUE}
        HEARD.append({**columns, "tags": customer.tags, "custom_fields": read("customer", customer.id)})


def run_import(app, jobs, client, text, statements=None, **form):
    """Import CSV `text` through the API and run it; counts the statements the run sends into `statements`."""
    response = client.post("/api/v1/imports", data={"file": (io.BytesIO(text.encode()), "c.csv"), **form},
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()

    def count(conn, cursor, statement, parameters, context, executemany):
        words = statement.split()
        statements[(words[0], words[2] if words[0] == "INSERT" else None)] += 1

    with app.app_context():
        engine = db.engine
    if statements is not None:
        event.listen(engine, "before_cursor_execute", count)
    try:
        jobs.work()
    finally:
        if statements is not None:
            event.remove(engine, "before_cursor_execute", count)
    job = client.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    return job["result"]


def rows(count, start=0):
    """CSV lines of `count` new customers with two tags and both custom fields each."""
    return [f"Bulk {n},bulk{n}@example.test,1380013{n:04d},a;b,{n},web;shop" for n in range(start, start + count)]


HEADER = "Name,Email,Phone,Tags,Employees,Channels"


def test_a_chunk_writes_its_customers_tags_values_and_audit_entries_in_one_insert_each(app, world, admin, jobs):
    small, large = Counter(), Counter()

    run_import(app, jobs, admin, "\n".join([HEADER, *rows(5)]) + "\n", small)
    result = run_import(app, jobs, admin, "\n".join([HEADER, *rows(60, start=100)]) + "\n", large)

    assert result["created"] == 60
    for table in WRITTEN:
        assert large[("INSERT", table)] == 1, (table, large)
    # Twelve times the rows, not one statement more: nothing is written or read row by row.
    assert sum(large.values()) == sum(small.values()), (small, large)


def entry_of(tenant_session, customer_id):
    """The audit entry of a customer's creation, as (action, summary, actor, changes without the assignment time)."""
    with tenant_session("acme") as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer",
                                                         AuditEntry.entity_id == customer_id)).one()
        changes = dict(entry.changes)
        assert changes.pop("assigned_at")
        return entry.action, entry.summary, entry.actor_id, changes


def test_an_imported_customer_is_audited_exactly_as_one_created_through_the_api(app, world, admin, jobs,
                                                                                tenant_session):
    created = admin.post("/api/v1/customers", json={
        "name": "Same Co", "kind": "person", "phone": "138 0013 9999", "email": "same@example.test",
        "care_date": "1990-05-06", "tags": ["vip", " north "], "notes": "twice", "province_code": "330000",
        "custom_fields": {"employees": "12", "channels": ["shop", "web"]}}).get_json()

    run_import(app, jobs, admin, "Name,Kind,Phone,Email,Care date,Tags,Notes,Province,Employees,Channels\n"
                                     "Same Co,person,138 0013 9999,same@example.test,1990/05/06,vip; north,twice,"
                                     "浙江,12,shop;web\n", on_duplicate="create")

    with tenant_session("acme") as session:
        imported = session.scalars(select(Customer.id).where(Customer.name == "Same Co",
                                                             Customer.id != created["id"])).one()
    assert entry_of(tenant_session, imported) == entry_of(tenant_session, created["id"])


@pytest.mark.app_config(CRM_PLUGINS={"listener": Listener()})
def test_plugins_hear_of_an_imported_customer_exactly_as_of_one_created_through_the_api(app, world, admin, jobs,
                                                                                       enable_plugin):
    enable_plugin("acme", "listener")
    HEARD.clear()
    admin.post("/api/v1/customers", json={
        "name": "Heard Co", "kind": "person", "phone": "138 0013 9998", "email": "heard@example.test",
        "care_date": "1990-05-06", "tags": ["vip", " north "], "notes": "twice", "province_code": "330000",
        "custom_fields": {"employees": "12", "channels": ["shop", "web"]}})

    run_import(app, jobs, admin, "Name,Kind,Phone,Email,Care date,Tags,Notes,Province,Employees,Channels\n"
                                     "Heard Co,person,138 0013 9998,heard@example.test,1990/05/06,vip; north,twice,"
                                     "浙江,12,shop;web\n", on_duplicate="create")

    assert len(HEARD) == 2 and sorted(HEARD[0]["custom_fields"]["channels"]) == ["shop", "web"]
    assert HEARD[1] == HEARD[0]


def test_a_later_row_of_the_chunk_updates_the_customer_an_earlier_row_created(app, world, admin, jobs,
                                                                              tenant_session):
    # The province makes settling the second row's location read the workspace (a query, once a flush).
    result = run_import(app, jobs, admin, "Name,Email,Province,Tags,Notes,Employees,Channels\n"
                                              "First,twice@example.test,浙江,a,first,12,web\n"
                                              "Second,TWICE@example.test,,b,second,99,phone\n",
                        on_duplicate="update")

    assert (result["created"], result["updated"]) == (1, 1)
    with tenant_session("acme") as session:
        customer = session.scalars(select(Customer).where(Customer.email_key == "twice@example.test")).one()
        assert (customer.name, customer.notes, customer.tags) == ("Second", "second", ["b"])
        # The later row's values win, as they do when the two rows fall into different chunks.
        values = read("customer", customer.id)
        assert (values["employees"], values["channels"]) == ("99", ["phone"])
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == customer.id)).all()
    # One entry, the creation, with what the customer ended up as.
    assert [(entry.action, entry.summary) for entry in entries] == [("create", "Second")]
    assert {key: entries[0].changes[key] for key in ("notes", "tags", "cf_employees", "cf_channels")} == {
        "notes": "second", "tags": ["b"], "cf_employees": "99", "cf_channels": ["phone"]}
