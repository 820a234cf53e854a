"""Duplicates in an import: by email, phone digits or name; skip, update or create; inside the file too.

Updates only reach customers the importer may manage; other matches fail with a
reason that says nothing about the customer they matched.
"""
import datetime
import io

import pytest
from sqlalchemy import func, select, text

from crm_platform import sdk
from crm_platform.extensions import db
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import AuditEntry, Customer, Reminder
from crm_platform.models.base import utcnow

EVENTS = []


class Listener:
    """Records the customer events an import emits, with what was committed when each was heard."""

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        EVENTS.append(("created", customer.id, _committed_name(customer.id)))

    @sdk.hookimpl
    def crm_customer_updated(self, customer, changes):
        EVENTS.append(("updated", customer.id, changes))


def _committed_name(customer_id):
    """The customer's name as another connection sees it: None until committed."""
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT name FROM customers WHERE id = :id"), {"id": customer_id}).scalar()


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis (a test's own marker wins)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def import_rows(app, redis_db, client, data, **form):
    """Import CSV text through the API and run it; returns (job result, report reasons by row number)."""
    response = client.post("/api/v1/imports", data={"file": (io.BytesIO(data.encode()), "dups.csv"), **form},
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)
    job = client.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    body = client.get(f"/api/v1/imports/{job['params']['batch_id']}/errors").get_data().decode("utf-8-sig")
    reasons = {int(line.split(",", 2)[0]): line.split(",", 2)[1] for line in body.splitlines()[1:]}
    return job["result"], reasons


def customers_named(tenant_session, name):
    with tenant_session("acme") as session:
        found = session.scalars(select(Customer).where(Customer.name == name).order_by(Customer.created_at)).all()
        return [(c.id, c.email, c.phone, c.notes, c.level, c.status, c.tags) for c in found]


MATCHES = """Name,Email,Phone,Notes,Level
Someone Else,BUY@Alpha.test,,by email,intention
Phone Person,,13800138000,by phone,intention
  beta foods  ,,,by name,intention
Fresh Co,fresh@co.test,,new,intention
"""


@pytest.fixture
def phone_owner(world, api_client):
    """A customer of rep_n1's with a phone written with spaces; its id."""
    response = api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "Phone Owner Ltd",
                                                                            "phone": "138 0013 8000"})
    return response.get_json()["id"]


def test_matches_by_email_phone_and_name_are_skipped_by_default(app, world, api_client, tenant_session, redis_db,
                                                                phone_owner):
    result, reasons = import_rows(app, redis_db, api_client("acme", "rep_n1"), MATCHES)

    assert (result["created"], result["skipped"], result["updated"], result["failed"]) == (1, 3, 0, 0)
    assert customers_named(tenant_session, "Alpha Trading")[0][3] is None  # untouched
    assert customers_named(tenant_session, "Phone Owner Ltd")[0][3] is None
    assert customers_named(tenant_session, "Someone Else") == [] and len(customers_named(tenant_session, "Fresh Co")) == 1


def test_update_changes_only_the_cells_the_row_fills(app, world, api_client, tenant_session, redis_db, phone_owner):
    result, _ = import_rows(app, redis_db, api_client("acme", "rep_n1"), MATCHES, on_duplicate="update")

    assert (result["created"], result["updated"], result["failed"]) == (1, 3, 0)
    alpha = customers_named(tenant_session, "Someone Else")  # the name cell is a field like any other
    assert alpha and alpha[0][0] == world.acme.customers["n1_alpha"].id
    assert alpha[0][1:] == ("BUY@Alpha.test", "+1 555 0101", "by email", "intention", "signed", ["vip"])
    assert customers_named(tenant_session, "Phone Person")[0][:4] == (phone_owner, None, "13800138000", "by phone")
    beta = customers_named(tenant_session, "beta foods")
    assert beta[0][0] == world.acme.customers["n1_beta"].id and beta[0][3] == "by name"
    with tenant_session("acme") as session:
        updates = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert {entry.entity_id for entry in updates} == {
        world.acme.customers["n1_alpha"].id, world.acme.customers["n1_beta"].id, phone_owner}


def test_create_makes_another_customer_anyway(app, world, api_client, tenant_session, redis_db):
    result, _ = import_rows(app, redis_db, api_client("acme", "rep_n1"), "Name\nBeta Foods\n", on_duplicate="create")

    assert result["created"] == 1 and len(customers_named(tenant_session, "Beta Foods")) == 2


def test_update_never_reaches_customers_the_importer_may_not_manage(app, world, api_client, tenant_session, redis_db):
    data = "Name,Notes\nDelta Shipping,taken over\nEpsilon Media,taken over\nAlpha Trading,mine\n"

    result, reasons = import_rows(app, redis_db, api_client("acme", "rep_n1"), data, on_duplicate="update")

    # Delta is rep_s1's and invisible to rep_n1; Epsilon is shared with rep_n1: seen, not managed.
    assert (result["updated"], result["failed"]) == (1, 2)
    assert reasons == {2: "It matches an existing customer (by name) that you may not change.",
                       3: "It matches an existing customer (by name) that you may not change."}
    for customer in ("Delta Shipping", "Epsilon Media"):
        assert customers_named(tenant_session, customer)[0][3] is None
    assert customers_named(tenant_session, "Alpha Trading")[0][3] == "mine"


def test_owner_cells_of_updates_follow_the_reassign_rules(app, world, api_client, tenant_session, redis_db):
    data = "Name,Owner\nAlpha Trading,rep_n1@example.test\nBeta Foods,manager_north@example.test\n"

    result, _ = import_rows(app, redis_db, api_client("acme", "manager_north"), data, on_duplicate="update")

    assert (result["updated"], result["failed"]) == (2, 0)  # a manager reassigns within North
    with tenant_session("acme") as session:
        assert session.get(Customer, world.acme.customers["n1_beta"].id).owner_id == world.acme.users["manager_north"].id
        assert session.get(Customer, world.acme.customers["n1_alpha"].id).owner_id == world.acme.users["rep_n1"].id
    result, reasons = import_rows(app, redis_db, api_client("acme", "rep_n1"),
                                  "Name,Owner\nAlpha Trading,rep_n2@example.test\n", on_duplicate="update")
    assert result["failed"] == 1 and reasons == {2: "owner: You may not assign customers to this user."}


@pytest.mark.parametrize("chunk", [3, 500], ids=["across-chunks", "same-chunk"])
@pytest.mark.parametrize("on_duplicate, created, expected_notes", [
    ("skip", 8, "row 3"), ("update", 8, "row 9"), ("create", 9, "row 3")])
def test_duplicates_inside_the_file_match_the_customer_an_earlier_row_created(
        app, world, api_client, tenant_session, redis_db, chunk, on_duplicate, created, expected_notes):
    app.config["CRM_IMPORT_CHUNK_SIZE"] = chunk  # the worker runs in this process, on this app
    rows = ["Name,Email,Notes"] + [f"Customer {n},c{n}@file.test,row {n}" for n in range(2, 9)]
    rows += ["Customer 3 again,C3@FILE.TEST,row 9", "Customer 10,c10@file.test,row 10"]

    result, _ = import_rows(app, redis_db, api_client("acme", "rep_n1"), "\n".join(rows) + "\n",
                            on_duplicate=on_duplicate)

    assert result["created"] == created and result["failed"] == 0
    with tenant_session("acme") as session:
        matching = session.scalars(select(Customer).where(func.lower(Customer.email) == "c3@file.test")
                                   .order_by(Customer.created_at, Customer.notes)).all()
    assert len(matching) == (2 if on_duplicate == "create" else 1)
    assert matching[0].notes == expected_notes


@pytest.mark.app_config(CRM_PLUGINS={"listener": Listener()}, CRM_IMPORT_CHUNK_SIZE=2)
def test_plugins_hear_each_created_and_updated_customer_after_its_chunk_commits(
        app, world, api_client, enable_plugin, redis_db):
    enable_plugin("acme", "listener")
    EVENTS.clear()

    import_rows(app, redis_db, api_client("acme", "rep_n1"),
                "Name,Notes\nOne,a\nTwo,b\nAlpha Trading,changed\nOne,again\n", on_duplicate="update")

    created = [event for event in EVENTS if event[0] == "created"]
    assert [name for _, _, name in created] == ["One", "Two"]  # committed when heard
    one_id = created[0][1]
    # Chunks of two: "One again" is in the second chunk, so it updates the committed "One".
    assert [event for event in EVENTS if event[0] == "updated"] == [
        ("updated", world.acme.customers["n1_alpha"].id, {"notes": [None, "changed"]}),
        ("updated", one_id, {"notes": ["a", "again"]})]


NON_ASCII = "Name,Email,Notes\närzte gmbh,,\nCafé Zürich,,\nCAFÉ ZÜRICH,,\nＣａｆé　Ｚürich\u3000,,\nNobody,ÖL@beispiel.DE,\n"


@pytest.mark.parametrize("chunk", [1, 2, 500])
def test_non_ascii_duplicates_match_alike_in_the_database_and_inside_a_chunk(
        app, world, api_client, tenant_session, redis_db, chunk):
    app.config["CRM_IMPORT_CHUNK_SIZE"] = chunk
    client = api_client("acme", "rep_n1")
    for customer in ({"name": "Ärzte GmbH"}, {"name": "Öl Händler", "email": "Öl@Beispiel.de"}):
        assert client.post("/api/v1/customers", json=customer).status_code == 201

    result, reasons = import_rows(app, redis_db, client, NON_ASCII)

    # Row 2 is the Ärzte, row 6 the Öl Händler by email, rows 4 and 5 repeat row 3: whatever the chunks.
    assert (result["created"], result["skipped"], result["failed"]) == (1, 4, 0) and reasons == {}
    with tenant_session("acme") as session:
        cafes = session.scalars(select(Customer.name).where(Customer.name_key == "café zürich")).all()
    assert cafes == ["Café Zürich"]


def test_an_owner_change_by_an_import_moves_the_open_reminders(app, world, api_client, tenant_session, redis_db):
    acme = world.acme
    with tenant_session("acme") as session:
        reminders = [Reminder(user_id=acme.users["rep_n1"].id, customer_id=acme.customers["n1_beta"].id,
                              kind="founding", due_date=datetime.date(2030, 5, day)) for day in (1, 2)]
        reminders[1].done_at, reminders[1].done_by = utcnow(), acme.users["rep_n1"].id
        session.add_all(reminders)
        session.commit()
        open_id, done_id = (reminder.id for reminder in reminders)

    result, _ = import_rows(app, redis_db, api_client("acme", "manager_north"),
                            "Name,Owner\nBeta Foods,manager_north@example.test\n", on_duplicate="update")

    assert result["updated"] == 1
    with tenant_session("acme") as session:
        assert session.get(Customer, acme.customers["n1_beta"].id).owner_id == acme.users["manager_north"].id
        # The new owner takes over what is still to do; what rep_n1 did stays theirs (as update_customer does it).
        assert session.get(Reminder, open_id).user_id == acme.users["manager_north"].id
        assert session.get(Reminder, done_id).user_id == acme.users["rep_n1"].id


def test_a_rows_mobile_matches_a_customers_phone_and_the_other_way_round(app, world, api_client, tenant_session,
                                                                         redis_db):
    rep = api_client("acme", "rep_n1")
    landline = rep.post("/api/v1/customers", json={"name": "杭州仪器", "phone": "0571-8765 4321"}).get_json()
    mobile = rep.post("/api/v1/customers", json={"name": "宁波贸易", "mobile": "139 1234 5678"}).get_json()
    data = "名称,手机,电话,备注\n另一个名字,+86 571 8765 4321,,by mobile\n又一个名字,,13912345678,by phone\n"

    result, _ = import_rows(app, redis_db, rep, data, on_duplicate="update")

    assert (result["updated"], result["created"], result["failed"]) == (2, 0, 0)
    with tenant_session("acme") as session:
        assert session.get(Customer, landline["id"]).notes == "by mobile"
        assert session.get(Customer, mobile["id"]).notes == "by phone"
