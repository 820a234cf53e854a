"""Issue 8 bug 10: ids of workspaces and their rows are random, so they reveal nothing about others' volume."""
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models import Customer, Tenant
from crm_platform.opaque_ids import ID_MAX, ID_MIN, MAX_ID
from crm_platform.tenancy import TenantScoped, unscoped
from crm_platform.testing import bearer_client


def _signup(client, app, slug):
    body = client.post("/api/v1/signup", json={"company": slug.title(), "slug": slug, "name": "Owner",
                                               "email": f"owner@{slug}.test", "password": "long enough"}).json
    return bearer_client(app, body["token"]), body


def test_two_new_workspaces_first_customers_reveal_nothing(world, client, app):
    """Not consecutive, not small, not a count: nothing says how many customers anyone has."""
    first, body_a = _signup(client, app, "initech")
    second, body_b = _signup(client, app, "hooli")
    a = first.post("/api/v1/customers", json={"name": "First of A"}).json
    b = second.post("/api/v1/customers", json={"name": "First of B"}).json
    workspaces = [c.get("/api/v1/workspace").json["id"] for c in (first, second)]
    with_ids = [a["id"], b["id"], body_a["user"]["id"], body_b["user"]["id"], body_a["user"]["org_unit_id"],
                *workspaces]  # nor how many companies signed up before
    assert all(ID_MIN <= value < ID_MAX for value in with_ids), with_ids
    assert abs(a["id"] - b["id"]) > 1000
    with app.app_context(), unscoped("the test counts every workspace's customers"):
        everyone = db.session.scalar(select(func.count()).select_from(Customer))
    assert everyone > 2 and all(value > everyone for value in with_ids)
    # The page of the customer shows its opaque id in links and no small number that could be a counter.
    page = first.get(f"/api/v1/customers/{a['id']}")
    assert page.status_code == 200 and page.json["id"] == a["id"]


def test_every_tenant_scoped_model_gets_them_plugins_included():
    """Any model mixing in TenantScoped, declared anywhere, gets the default and 64-bit id columns."""

    class Base(DeclarativeBase):
        pass

    class PluginWidget(TenantScoped, Base):
        __tablename__ = "crm_widgets_widgets"
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int]
        quantity: Mapped[int]

    table = PluginWidget.__table__
    assert table.c.id.default is not None and ID_MIN <= table.c.id.default.arg(None) < ID_MAX
    for name, widened in (("id", True), ("customer_id", True), ("quantity", False)):
        pg = table.c[name].type.compile(dialect=postgresql.dialect())
        assert (pg == "BIGINT") is widened, (name, pg)
        assert table.c[name].type.compile(dialect=sqlite.dialect()) == "INTEGER"  # still the rowid on SQLite
    for mapper in db.Model.registry.mappers:  # the core's own models
        if issubclass(mapper.class_, TenantScoped):
            assert mapper.local_table.c.id.default is not None, mapper.class_
            # tenant_id takes the type of tenants.id: workspace ids are random too.
            assert mapper.local_table.c.tenant_id.type.compile(dialect=postgresql.dialect()) == "BIGINT"
    assert Tenant.__table__.c.id.type.compile(dialect=postgresql.dialect()) == "BIGINT"


def test_core_bulk_inserts_get_random_ids_too(world, tenant_session):
    """Imports and the demo insert with Core statements: the column default covers them."""
    with tenant_session(world.acme) as session:
        owner = world.acme.users["rep_n1"].id
        ids = session.scalars(insert(Customer).returning(Customer.id, sort_by_parameter_order=True),
                              [{"name": f"Bulk {i}", "owner_id": owner} for i in range(20)]).all()
        session.commit()
    assert len(set(ids)) == 20 and all(ID_MIN <= value < ID_MAX for value in ids)
    assert sorted(ids) != [ids[0] + i for i in range(20)]


def test_a_collision_is_refused_not_merged(world, tenant_session):
    existing = world.acme.customers["n1_alpha"]
    with tenant_session(world.acme) as session:
        session.add(Customer(id=existing.id, name="Impostor", owner_id=world.acme.users["rep_n1"].id))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        assert session.get(Customer, existing.id).name == existing.name


def test_old_counter_ids_keep_working_and_big_ids_route(world, tenant_session, page_client, api_client):
    """A row made before random ids (a small id) is still found; ids up to BIGINT route, beyond is a 404."""
    with tenant_session(world.acme) as session:
        session.add(Customer(id=2001, name="Made long ago", owner_id=world.acme.users["rep_n1"].id))
        session.commit()
    rep = api_client("acme", "rep_n1")
    assert rep.get("/api/v1/customers/2001").json["name"] == "Made long ago"
    assert "Made long ago" in page_client("acme", "rep_n1").get("/customers/2001").get_data(as_text=True)
    for missing in (ID_MAX - 1, MAX_ID):
        assert rep.get(f"/api/v1/customers/{missing}").status_code == 404
        assert page_client("acme", "rep_n1").get(f"/customers/{missing}").status_code == 404
    assert rep.get(f"/api/v1/customers/{MAX_ID + 1}").status_code == 404


def test_lists_keep_creation_order_with_random_ids(world, api_client):
    """Newest-first lists order by creation time, not by the (random) id."""
    rep = api_client("acme", "rep_n1")
    url = f"/api/v1/customers/{world.acme.customers['n1_beta'].id}/activities"
    call = {"kind": "call", "occurred_at": "2026-03-01T09:30:00"}
    made = [rep.post(url, json={**call, "subject": f"call {i}"}).json["id"] for i in range(6)]
    listed = [a["id"] for a in rep.get(url, query_string={"limit": 200}).json["items"]]
    assert listed[:6] == made[::-1]
    contacts = f"/api/v1/customers/{world.acme.customers['n1_beta'].id}/contacts"
    added = [rep.post(contacts, json={"name": f"Person {i}"}).json["id"] for i in range(6)]
    assert [c["id"] for c in rep.get(contacts, query_string={"limit": 200}).json["items"]][-6:] == added
