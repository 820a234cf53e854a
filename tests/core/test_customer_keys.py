"""The duplicate keys stored on customers: one set of functions, kept in step by every way a customer is written.

An import finds duplicates by these columns (imports/duplicates.py); they are
computed in Python, so "Ärzte GmbH" and "ärzte gmbh" match on SQLite as on
PostgreSQL, in the database as inside one chunk.
"""
from sqlalchemy import event, select

from crm_platform.extensions import db
from crm_platform.imports.duplicates import existing_matches, keys_of
from crm_platform.models import Customer, Tenant
from crm_platform.identity.phones import phone_key
from crm_platform.models.customer_keys import email_key, name_key
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo


def test_keys_fold_case_width_and_white_space_beyond_ascii():
    assert name_key("Ärzte GmbH") == name_key("ärzte gmbh") == name_key(" ÄRZTE\u3000 GmbH\u3000") == "ärzte gmbh"
    assert name_key("Ｂｅｔａ　Ｆｏｏｄｓ") == "beta foods"  # full-width letters and space, as Chinese input types them
    assert name_key("Straße") == name_key("STRASSE") and name_key("  ") is None and name_key(None) is None
    assert email_key("Öl@Beispiel.DE ") == "öl@beispiel.de"
    assert phone_key("+86 (138) 0013-8000") == "+8613800138000" == phone_key("138 0013 8000") == phone_key("＋８６ １３８００１３８０００")
    assert phone_key("ext. 12") is None  # too short to mean anything


def stored_keys(tenant_session, customer_id):
    with tenant_session("acme") as session:
        customer = session.get(Customer, customer_id)
        return customer.email_key, customer.phone_key, customer.name_key


def test_every_write_keeps_the_keys_in_step(world, api_client, tenant_session):
    client = api_client("acme", "rep_n1")
    created = client.post("/api/v1/customers", json={"name": "Café ZÜRICH", "email": "Info@Café.test",
                                                     "phone": "＋４１ ４４ 123 45 67"}).get_json()
    assert stored_keys(tenant_session, created["id"]) == ("info@café.test", "+41441234567", "café zürich")

    response = client.patch(f"/api/v1/customers/{created['id']}", json={"name": "Ｃａｆé Bern", "email": None})
    assert response.status_code == 200, response.get_json()
    assert stored_keys(tenant_session, created["id"]) == (None, "+41441234567", "café bern")

    # The fixtures build their customers with the ORM constructor: the keys come with it.
    alpha = world.acme.customers["n1_alpha"]
    assert stored_keys(tenant_session, alpha.id) == ("buy@alpha.test", "15550101", "alpha trading")


def test_the_demo_fills_the_keys_of_its_bulk_inserted_customers(app):
    with app.app_context():
        create_demo(customers=30, echo=lambda line: None)
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            customers = db.session.scalars(select(Customer)).all()
    assert len(customers) == 30
    for customer in customers:
        assert (customer.email_key, customer.phone_key, customer.name_key) == (
            email_key(customer.email), phone_key(customer.phone), name_key(customer.name))
        assert customer.name_key is not None and customer.email_key is not None


def test_the_import_look_up_searches_the_key_indexes_instead_of_scanning(app, world):
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "_key IN" in statement:
            statements.append((statement, parameters))

    with app.app_context(), tenant_scope(world.acme.id):
        # Enough customers that a planner with statistics has a real choice to make.
        owner = world.acme.users["rep_n1"].id
        db.session.add_all([Customer(name=f"Filler {n}", email=f"f{n}@fill.test", phone=f"139{n:08d}", owner_id=owner)
                            for n in range(2000)])
        db.session.commit()
        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            # Several keys of each kind, as a chunk has: with one, any plan would do.
            existing_matches([key for n in range(3) for key in keys_of(
                {"email": f"a{n}@b.test", "phone": f"1380013800{n}", "name": f"Alpha {n}"})])
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        sqlite = db.engine.dialect.name == "sqlite"
        with db.engine.connect() as connection:
            if sqlite:
                plans = [" ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
                         for sql, params in statements]
            else:
                connection.exec_driver_sql("ANALYZE customers")
                plans = [" ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))
                         for sql, params in statements]

    # A phone is looked up among phones and mobiles: one query each.
    assert len(plans) == 4
    for plan, key in zip(plans, ("email_key", "phone_key", "mobile_key", "name_key")):
        if sqlite:
            assert f"USING INDEX ix_customers_tenant_{key} (tenant_id=? AND {key}=?)" in plan, plan
        else:
            assert f"ix_customers_tenant_{key} on customers" in plan and f"{key})::text = ANY" in plan, plan
