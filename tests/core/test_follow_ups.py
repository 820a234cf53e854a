"""Planned and logged activities, contacts on activities, and each customer's "last contacted" and "next follow-up"."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm_platform.models import Activity, Customer


def iso(moment):
    """An aware datetime as the API writes it."""
    return moment.astimezone(timezone.utc).isoformat()


def soon(**delta):
    """Now plus `delta`, to the second."""
    return (datetime.now(timezone.utc) + timedelta(**delta)).replace(microsecond=0)


def contact_dates(tenant_session, customer_id):
    """(last_contacted_at, next_follow_up_at) as stored on the customer."""
    with tenant_session("acme") as session:
        customer = session.get(Customer, customer_id)
        return customer.last_contacted_at, customer.next_follow_up_at


def test_a_planned_activity_is_a_follow_up_and_completing_it_logs_it(world, api_client, tenant_session):
    cid = world.acme.customers["n1_beta"].id
    rep = api_client("acme", "rep_n1")
    due = soon(days=2)
    response = rep.post(f"/api/v1/customers/{cid}/activities",
                        json={"kind": "visit", "status": "planned", "due_at": iso(due), "subject": "Tasting"})
    assert response.status_code == 201, response.json
    planned = response.json
    assert (planned["status"], planned["occurred_at"], planned["follow_up_at"]) == ("planned", None, iso(due))
    before_last, next_follow_up = contact_dates(tenant_session, cid)
    assert next_follow_up == due

    done = rep.post(f"/api/v1/follow-ups/{planned['id']}/done", json={"outcome": "They order 20 cases"})
    assert done.status_code == 200, done.json
    assert (done.json["status"], done.json["follow_up_at"], done.json["outcome"]) == ("done", None, "They order 20 cases")
    last, next_follow_up = contact_dates(tenant_session, cid)
    assert next_follow_up is None
    assert last == datetime.fromisoformat(done.json["occurred_at"]) and (before_last is None or last > before_last)
    # Again: unchanged.
    assert rep.post(f"/api/v1/follow-ups/{planned['id']}/done", json={}).json == done.json


def test_a_dated_next_step_is_a_follow_up_until_done(world, api_client, tenant_session):
    cid = world.acme.customers["n1_alpha"].id
    rep = api_client("acme", "rep_n1")
    due = soon(days=-1)
    response = rep.post(f"/api/v1/customers/{cid}/activities", json={
        "kind": "call", "occurred_at": iso(soon(days=-3)), "next_step": "Send the price list", "next_step_due_at": iso(due)})
    assert response.status_code == 201, response.json
    aid = response.json["id"]
    mine = rep.get("/api/v1/follow-ups").json["items"]
    assert [(item["id"], item["overdue"], item["customer"]["id"]) for item in mine] == [(aid, True, cid)]
    assert contact_dates(tenant_session, cid)[1] == due

    assert rep.post(f"/api/v1/follow-ups/{aid}/done", json={}).status_code == 200
    assert rep.get("/api/v1/follow-ups").json["items"] == []
    assert contact_dates(tenant_session, cid)[1] is None
    assert rep.get(f"/api/v1/customers/{cid}/activities/{aid}").json["next_step_done_at"] is not None


def test_the_earliest_open_follow_up_and_latest_logged_activity_win_and_follow_deletes(world, api_client,
                                                                                   tenant_session):
    cid = world.acme.customers["n2"].id
    rep = api_client("acme", "rep_n2")
    base = f"/api/v1/customers/{cid}/activities"
    late, early = soon(days=9), soon(days=4)
    ids = [rep.post(base, json={"kind": "call", "status": "planned", "due_at": iso(moment)}).json["id"]
           for moment in (late, early)]
    logged = rep.post(base, json={"kind": "email", "occurred_at": iso(soon(hours=-1))}).json
    assert contact_dates(tenant_session, cid) == (datetime.fromisoformat(logged["occurred_at"]), early)

    assert rep.delete(f"{base}/{ids[1]}").status_code == 204
    assert contact_dates(tenant_session, cid)[1] == late
    sooner = soon(days=1)
    assert rep.patch(f"{base}/{ids[0]}", json={"due_at": iso(sooner)}).status_code == 200
    assert contact_dates(tenant_session, cid)[1] == sooner
    assert rep.delete(f"{base}/{logged['id']}").status_code == 204
    # Back to the world's own intro call of Jan 5.
    assert contact_dates(tenant_session, cid)[0] == datetime(2026, 1, 5, 10, tzinfo=timezone.utc)


def test_logging_does_not_count_as_changing_the_customer(world, api_client, tenant_session):
    cid = world.acme.customers["n1_alpha"].id
    with tenant_session("acme") as session:
        updated = session.get(Customer, cid).updated_at
    api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/activities",
                                      json={"kind": "call", "occurred_at": iso(soon())})
    with tenant_session("acme") as session:
        assert session.get(Customer, cid).updated_at == updated


@pytest.mark.parametrize("body, fields", [
    ({"kind": "call", "status": "planned"}, {"due_at"}),
    ({"kind": "call", "status": "later", "due_at": "2026-01-01T00:00:00Z"}, {"status"}),
    ({"kind": "call", "occurred_at": "2026-01-01T00:00:00Z", "next_step_due_at": "2026-02-01T00:00:00Z"},
     {"next_step"}),
    ({"kind": "call", "occurred_at": "2026-01-01T00:00:00Z", "next_step": "x", "next_step_due_at": "whenever"},
     {"next_step_due_at"}),
    ({"kind": "call", "status": "done"}, {"occurred_at"}),
])
def test_bad_follow_up_input_is_a_field_error(world, api_client, tenant_session, body, fields):
    cid = world.acme.customers["n1_alpha"].id
    response = api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/activities", json=body)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == fields


def test_a_planned_activity_edited_to_lose_its_due_time_is_refused(world, api_client):
    cid = world.acme.customers["n1_alpha"].id
    rep = api_client("acme", "rep_n1")
    aid = rep.post(f"/api/v1/customers/{cid}/activities",
                   json={"kind": "call", "status": "planned", "due_at": iso(soon(days=1))}).json["id"]
    response = rep.patch(f"/api/v1/customers/{cid}/activities/{aid}", json={"due_at": None})
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"due_at"}


def test_an_activity_names_a_contact_of_its_own_customer_only(world, api_client, tenant_session):
    acme = world.acme
    cid = acme.customers["n1_alpha"].id
    rep = api_client("acme", "rep_n1")
    own = acme.contacts["n1_alpha"].id
    response = rep.post(f"/api/v1/customers/{cid}/activities",
                        json={"kind": "meeting", "occurred_at": iso(soon()), "contact_id": own})
    assert response.status_code == 201
    assert response.json["contact"] == {"id": own, "name": "Alpha Trading Contact"}

    for foreign in (acme.contacts["n1_beta"].id, world.globex.contacts["n1_alpha"].id, 10**9):
        refused = rep.post(f"/api/v1/customers/{cid}/activities",
                           json={"kind": "meeting", "occurred_at": iso(soon()), "contact_id": foreign})
        assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"contact_id"}
        patched = rep.patch(f"/api/v1/customers/{cid}/activities/{response.json['id']}", json={"contact_id": foreign})
        assert patched.status_code == 422

    # Deleting the contact keeps the record, without the person.
    assert rep.delete(f"/api/v1/customers/{cid}/contacts/{own}").status_code == 204
    assert rep.get(f"/api/v1/customers/{cid}/activities/{response.json['id']}").json["contact_id"] is None


def test_the_page_form_plans_and_logs_with_a_contact(world, page_client, tenant_session):
    acme = world.acme
    cid = acme.customers["n1_alpha"].id
    client = page_client("acme", "rep_n1")
    planned = client.post(f"/customers/{cid}/activities", data={
        "kind": "visit", "status": "planned", "occurred_at": "2031-05-06T09:30", "subject": "Factory tour",
        "contact_id": str(acme.contacts["n1_alpha"].id)})
    assert planned.status_code == 302
    logged = client.post(f"/customers/{cid}/activities", data={
        "kind": "call", "status": "done", "occurred_at": "2026-11-30T15:00", "next_step": "Quote",
        "next_step_due_at": "2031-05-01T10:00"})
    assert logged.status_code == 302
    with tenant_session("acme") as session:
        rows = session.scalars(select(Activity).where(Activity.customer_id == cid).order_by(Activity.created_at.desc())
                               .limit(2)).all()
        (call, visit) = rows
        assert (visit.status, visit.occurred_at, visit.due_at, visit.contact_id) == (
            "planned", None, datetime(2031, 5, 6, 9, 30, tzinfo=timezone.utc), acme.contacts["n1_alpha"].id)
        assert (call.status, call.follow_up_at) == ("done", datetime(2031, 5, 1, 10, tzinfo=timezone.utc))
        assert session.get(Customer, cid).next_follow_up_at == datetime(2031, 5, 1, 10, tzinfo=timezone.utc)

    page = client.get(f"/customers/{cid}").get_data(as_text=True)
    assert "Factory tour" in page and "Planned, due" in page and 'id="next-follow-up"' in page

    refused = client.post(f"/customers/{cid}/activities", data={
        "kind": "call", "status": "planned", "occurred_at": "", "contact_id": str(acme.contacts["n1_beta"].id)})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'id="activity-occurred_at-error"' in body or "activity-occurred_at" in body


def test_completing_needs_the_author_and_another_tenants_activity_is_404(world, api_client):
    cid = world.acme.customers["s1_shared"].id
    owner = api_client("acme", "rep_s1")
    aid = owner.post(f"/api/v1/customers/{cid}/activities",
                     json={"kind": "call", "status": "planned", "due_at": iso(soon(days=1))}).json["id"]
    # rep_n1 sees the customer through a share, but the follow-up is rep_s1's.
    assert api_client("acme", "rep_n1").post(f"/api/v1/follow-ups/{aid}/done", json={}).status_code == 403
    assert api_client("acme", "rep_n2").post(f"/api/v1/follow-ups/{aid}/done", json={}).status_code == 404
    assert api_client("globex", "rep_s1").post(f"/api/v1/follow-ups/{aid}/done", json={}).status_code == 404
    assert owner.post(f"/api/v1/follow-ups/{aid}/done", json={}).status_code == 200


def test_the_demo_fills_contact_dates_and_plans_follow_ups(app):
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope, unscoped
    from tenants.demo import create_demo

    with app.app_context():
        create_demo(customers=40, echo=lambda line: None)
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            customers = db.session.scalars(select(Customer)).all()
            planned = db.session.scalars(select(Activity).where(Activity.status == "planned")).all()
    assert all(c.last_contacted_at is not None for c in customers)  # every demo customer has a record
    assert planned and {c.id for c in customers if c.next_follow_up_at} == {a.customer_id for a in planned}


def test_a_reassigned_customers_planned_activities_follow_it(world, api_client):
    acme = world.acme
    cid = acme.customers["n1_alpha"].id
    rep_n1, rep_n2 = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    planned = rep_n1.post(f"/api/v1/customers/{cid}/activities",
                          json={"kind": "call", "status": "planned", "due_at": iso(soon(days=1))}).json["id"]
    logged = rep_n1.post(f"/api/v1/customers/{cid}/activities", json={
        "kind": "call", "occurred_at": iso(soon()), "next_step": "Quote", "next_step_due_at": iso(soon(days=2))}).json

    moved = api_client("acme", "admin").post(f"/api/v1/customers/{cid}/reassign",
                                             json={"owner_id": acme.users["rep_n2"].id})
    assert moved.status_code == 200
    assert [item["id"] for item in rep_n2.get("/api/v1/follow-ups").json["items"]] == [planned]
    assert rep_n1.get("/api/v1/follow-ups").json["items"] == []  # the customer left rep_n1's remit
    record = rep_n2.get(f"/api/v1/customers/{cid}/activities/{logged['id']}").json
    assert record["user"]["id"] == acme.users["rep_n1"].id  # a logged record keeps its author


def test_a_logged_activity_cannot_be_planned_again(world, api_client):
    cid = world.acme.customers["n1_alpha"].id
    aid = world.acme.activities["n1_alpha"].id
    response = api_client("acme", "rep_n1").patch(f"/api/v1/customers/{cid}/activities/{aid}",
                                                  json={"status": "planned", "due_at": iso(soon(days=1))})
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"status"}


def test_mark_done_on_the_timeline_goes_back_to_the_customer(world, api_client, page_client):
    cid = world.acme.customers["n1_beta"].id
    aid = api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/activities", json={
        "kind": "call", "status": "planned", "due_at": iso(soon(days=1)), "subject": "Ring back"}).json["id"]
    client = page_client("acme", "rep_n1")
    assert "Mark done: Ring back" in client.get(f"/customers/{cid}").get_data(as_text=True)
    response = client.post(f"/today/follow-ups/{aid}/done?back=customer")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/customers/{cid}#timeline")
    assert "Mark done: Ring back" not in client.get(f"/customers/{cid}").get_data(as_text=True)
