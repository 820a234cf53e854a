"""A merge takes along what the newer parts of the customer file hang on the duplicate.

Custom field values (the kept customer's own win), the pool's moves, the
follow-up dates its activities give, and a credit code or mobile the kept
customer lacks, with their derived keys: the search and duplicate checks find
the kept customer by them afterwards.
"""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from crm_platform.models import Activity, Customer, PoolMove, Reminder
from pool_support import to_pool

CREDIT_CODE = "913301061803406344"  # correct check digits


def test_a_merge_moves_custom_values_pool_moves_follow_ups_and_fills_codes(world, api_client, tenant_session):
    acme = world.acme
    admin, rep = api_client("acme", "admin"), api_client("acme", "rep_n1")
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    assert admin.post("/api/v1/custom-fields", json={"entity": "customer", "key": "tier", "label": "Tier",
                                                     "type": "text"}).status_code == 201
    assert rep.patch(f"/api/v1/customers/{alpha}", json={"custom_fields": {"tier": "gold"}}).status_code == 200
    changed = rep.patch(f"/api/v1/customers/{beta}", json={
        "custom_fields": {"tier": "silver", "grade": "B"}, "credit_code": CREDIT_CODE, "mobile": "139 1234 5678"})
    assert changed.status_code == 200, changed.json
    due = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
    assert rep.post(f"/api/v1/customers/{beta}/activities", json={
        "kind": "call", "status": "planned", "due_at": due.isoformat(), "subject": "Call back"}).status_code == 201
    to_pool(tenant_session, acme, "n1_beta")
    assert rep.post(f"/api/v1/pool/{beta}/claim").status_code == 200

    response = admin.post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta})

    assert response.status_code == 200, response.json
    kept = response.json
    assert kept["custom_fields"]["tier"] == "gold" and kept["custom_fields"]["grade"] == "B"
    assert (kept["credit_code"], kept["mobile"]) == (CREDIT_CODE, "139 1234 5678")
    assert datetime.fromisoformat(kept["next_follow_up_at"]) == due
    with tenant_session("acme") as session:
        moves = session.scalar(select(func.count(PoolMove.id)).where(PoolMove.customer_id == alpha))
        stored = session.get(Customer, alpha)
        keys = (stored.mobile_key, stored.mobile_digits, stored.pooled_at)
    assert moves == 2 and keys == ("+8613912345678", "13912345678", None)
    # Found by the mobile's digits, and a new customer with that mobile or credit code is its duplicate.
    assert [item["id"] for item in rep.get("/api/v1/customers", query_string={"q": "13912345678"}).json["items"]] \
        == [alpha]
    for field, value in (("mobile", "+86 139-1234-5678"), ("phone", "13912345678")):
        clash = rep.post("/api/v1/customers", json={"name": "Another", field: value})
        assert clash.status_code == 409, (field, clash.json)
    trail = admin.get("/api/v1/audit", query_string={"entity": "customer"}).json["items"]
    moved = next(e for e in trail if e["action"] == "merge" and e["entity_id"] == alpha)["changes"]["moved"]
    assert moved["pool moves"] == 2 and moved["custom field values"] == 1  # the duplicate's tier lost to gold


def test_a_merge_keeps_one_care_reminder_a_date_moves_planned_work_and_fills_consistently(world, api_client,
                                                                                           tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    kept, dup = acme.customers["n1_alpha"].id, acme.customers["n2"].id  # rep_n1's and rep_n2's
    care = "1990-03-01"
    # The same person entered twice: once as a person (birthday), once as a company (founding date).
    assert admin.patch(f"/api/v1/customers/{kept}", json={"kind": "person", "care_date": care,
                                                           "province_code": "110000"}).status_code == 200
    duplicate = {"care_date": care, "credit_code": CREDIT_CODE, "province_code": "310000", "city_code": "310100"}
    assert admin.patch(f"/api/v1/customers/{dup}", json=duplicate).status_code == 200
    with tenant_session("acme") as session:
        session.add_all([Reminder(user_id=acme.users["rep_n1"].id, customer_id=kept, kind="birthday",
                                  due_date=date(2026, 3, 1)),
                         Reminder(user_id=acme.users["rep_n2"].id, customer_id=dup, kind="founding",
                                  due_date=date(2026, 3, 1))])
        session.commit()
    due = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    planned = api_client("acme", "rep_n2").post(f"/api/v1/customers/{dup}/activities", json={
        "kind": "visit", "status": "planned", "due_at": due, "subject": "Visit"}).json

    merged = admin.post(f"/api/v1/customers/{kept}/merge", json={"merge_id": dup})

    assert merged.status_code == 200, merged.json
    # A person takes no credit code, and a place is taken whole or not at all.
    place = (merged.json["province_code"], merged.json["city_code"])
    assert merged.json["credit_code"] is None and place == ("110000", None)
    with tenant_session("acme") as session:
        on_march_1 = session.scalars(select(Reminder.kind).where(Reminder.customer_id == kept,
                                                                 Reminder.due_date == date(2026, 3, 1))).all()
        owner_of_visit = session.get(Activity, planned["id"]).user_id
    assert on_march_1 == ["birthday"] and owner_of_visit == acme.users["rep_n1"].id
    # ... so turning the kept customer into a company relabels its one reminder, no clash.
    assert admin.patch(f"/api/v1/customers/{kept}", json={"kind": "company"}).status_code == 200
