"""Merging duplicate customers: everything moves to the one kept, only for who may manage both, audited."""
from datetime import date

from sqlalchemy import select

from crm_platform.models import Reminder
from crm_platform.testing import MISSING_ID


def merge(client, kept, merged):
    """POST the API merge of customer `merged` into `kept`."""
    return client.post(f"/api/v1/customers/{kept}/merge", json={"merge_id": merged})


def items(client, url):
    """The items of a list endpoint."""
    return client.get(url, query_string={"limit": 200}).json["items"]


def test_everything_moves_and_empty_fields_are_filled(world, api_client, tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    rep_n2 = acme.users["rep_n2"].id
    admin.patch(f"/api/v1/customers/{beta}", json={"tags": ["vip", "food"]})
    assert admin.post(f"/api/v1/customers/{alpha}/shares", json={"user_id": rep_n2}).status_code == 201
    assert admin.post(f"/api/v1/customers/{beta}/shares", json={"user_id": rep_n2}).status_code == 201
    with tenant_session("acme") as session:
        for customer_id in (alpha, beta):  # the same occasion on both: the kept one's reminder stays
            session.add(Reminder(user_id=acme.users["rep_n1"].id, customer_id=customer_id, kind="founding",
                                 due_date=date(2026, 3, 1)))
        session.add(Reminder(user_id=acme.users["rep_n1"].id, customer_id=alpha, kind="birthday",
                             due_date=date(2026, 4, 1)))
        session.commit()

    response = merge(admin, beta, alpha)
    assert response.status_code == 200, response.json
    kept = response.json
    assert kept["id"] == beta and kept["name"] == "Beta Foods" and kept["status"] == "following"
    assert (kept["email"], kept["phone"]) == ("buy@alpha.test", "+1 555 0101")  # empty on beta: filled
    assert kept["region"] == "North" and sorted(kept["tags"]) == ["food", "vip"]
    assert {c["id"] for c in items(admin, f"/api/v1/customers/{beta}/contacts")} == \
        {acme.contacts["n1_alpha"].id, acme.contacts["n1_beta"].id}
    assert {a["id"] for a in items(admin, f"/api/v1/customers/{beta}/activities")} == \
        {acme.activities["n1_alpha"].id, acme.activities["n1_beta"].id}
    assert [s["user"]["id"] for s in admin.get(f"/api/v1/customers/{beta}/shares").json["items"]] == [rep_n2]
    with tenant_session("acme") as session:
        reminders = session.execute(select(Reminder.customer_id, Reminder.kind, Reminder.user_id)).all()
    # The kept customer's owner (rep_n1 here too) is reminded of both occasions.
    assert sorted(r for r in reminders if r[0] in (alpha, beta)) == [
        (beta, "birthday", acme.users["rep_n1"].id), (beta, "founding", acme.users["rep_n1"].id)]
    assert admin.get(f"/api/v1/customers/{alpha}").status_code == 404

    trail = admin.get("/api/v1/audit", query_string={"entity": "customer"}).json["items"]
    merges = {e["entity_id"]: e for e in trail if e["action"] == "merge"}
    assert merges[beta]["changes"]["merged_id"] == alpha
    assert merges[beta]["changes"]["moved"] == {"contacts": 1, "activities": 1, "reminders": 1}
    assert merges[beta]["changes"]["filled"] == {"email": "buy@alpha.test", "phone": "+1 555 0101"}
    assert merges[alpha]["changes"]["merged_into"] == beta
    assert {e["entity_id"] for e in trail if e["action"] == "delete"} == {alpha}
    assert {e["actor_id"] for e in merges.values()} == {acme.users["admin"].id}


def test_only_who_manages_both_may_merge(world, api_client):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    alpha, beta, shared, hidden = (acme.customers[k].id for k in ("n1_alpha", "n1_beta", "s1_shared", "s1"))
    assert merge(rep, alpha, shared).status_code == 403  # seen through a share, not managed
    assert merge(rep, shared, alpha).status_code == 403
    assert merge(rep, alpha, hidden).json == merge(rep, alpha, MISSING_ID).json
    assert merge(rep, alpha, hidden).status_code == 404
    assert merge(rep, hidden, alpha).status_code == 404
    assert len(items(rep, f"/api/v1/customers/{alpha}/contacts")) == 1
    assert rep.get(f"/api/v1/customers/{shared}").status_code == 200
    # A manager manages the customers of the unit's subtree, so may merge two of them.
    assert merge(api_client("acme", "manager_north"), acme.customers["n2"].id, beta).status_code == 200
    assert merge(rep, alpha, alpha).status_code == 422


def test_bad_input_is_a_field_error(world, api_client):
    admin, alpha = api_client("acme", "admin"), world.acme.customers["n1_alpha"].id
    for body in ({}, {"merge_id": "x"}, {"merge_id": alpha}, {"merge_id": 0}):
        response = admin.post(f"/api/v1/customers/{alpha}/merge", json=body)
        assert response.status_code == 422 and "merge_id" in response.json["error"]["fields"], body


def test_another_tenants_customer_is_missing(world, api_client):
    admin, acme, globex = api_client("acme", "admin"), world.acme, world.globex
    alpha = acme.customers["n1_alpha"].id
    foreign = globex.customers["n1_beta"].id
    assert merge(admin, alpha, foreign).status_code == 404
    assert merge(admin, alpha, foreign).json == merge(admin, alpha, MISSING_ID).json
    assert merge(admin, foreign, alpha).json == merge(admin, MISSING_ID, alpha).json
    assert api_client("globex", "admin").get(f"/api/v1/customers/{foreign}").status_code == 200


def test_the_page_chooses_confirms_and_merges(world, page_client, api_client):
    acme = world.acme
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    admin_api = api_client("acme", "admin")
    admin_api.post("/api/v1/customers", json={"name": "alpha trading", "owner_id": acme.users["rep_n1"].id,
                                                 "allow_duplicate": True})
    admin_api.post("/api/v1/customers", json={"name": "Alpha Trading", "phone": "+1 201 555 0101",
                                                 "allow_duplicate": True})  # the admin's own
    client = page_client("acme", "rep_n1")
    assert f'/customers/{alpha}/merge' in client.get(f"/customers/{alpha}").get_data(as_text=True)
    choose = client.get(f"/customers/{alpha}/merge").get_data(as_text=True)
    # Suggestions: same name, phone or email, among the customers the rep manages.
    assert "Possible duplicates" in choose and choose.count('name="merge_id"') == 1
    assert "alpha trading" in choose and "Beta Foods" not in choose
    assert "Beta Foods" in client.get(f"/customers/{alpha}/merge", query_string={"q": "beta"}).get_data(as_text=True)
    confirm = client.get(f"/customers/{alpha}/merge", query_string={"merge_id": beta}).get_data(as_text=True)
    assert "Merge Beta Foods into Alpha Trading?" in confirm and 'id="moves"' in confirm
    assert "<th scope=\"row\">Contacts</th><td>1</td>" in confirm
    done = client.post(f"/customers/{alpha}/merge", data={"merge_id": beta})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/customers/{alpha}")
    assert "Beta Foods Contact" in client.get(f"/customers/{alpha}").get_data(as_text=True)
    assert client.get(f"/customers/{beta}").status_code == 404
    shared = acme.customers["s1_shared"].id
    assert client.get(f"/customers/{shared}/merge").status_code == 403
    assert f'/customers/{shared}/merge' not in client.get(f"/customers/{shared}").get_data(as_text=True)


def test_open_reminders_go_to_the_kept_customers_owner(world, api_client, tenant_session):
    acme = world.acme
    alpha, house = acme.customers["n1_alpha"].id, acme.customers["house"].id  # rep_n1's and the admin's
    assert merge(api_client("acme", "admin"), alpha, house).status_code == 200
    with tenant_session("acme") as session:
        reminder = session.get(Reminder, acme.reminder_id)
        assert (reminder.customer_id, reminder.user_id) == (alpha, acme.users["rep_n1"].id)
    assert [r["id"] for r in api_client("acme", "rep_n1").get("/api/v1/reminders").json["items"]] == [acme.reminder_id]
