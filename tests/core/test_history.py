"""A readable history: names instead of ids and paths, who did it, and each customer's history on its page."""
from crm_platform.customers.standard_fields import INDUSTRY_LABELS
from crm_platform.testing import bearer_client


def test_the_audit_trail_names_users_and_units(world, api_client, page_client):
    acme = world.acme
    admin = api_client("acme", "admin")
    alpha = acme.customers["n1_alpha"].id
    assert admin.post(f"/api/v1/customers/{alpha}/reassign", json={"owner_id": acme.users["rep_n2"].id}).status_code == 200
    north1 = acme.units["north1"].id
    assert admin.patch(f"/api/v1/org-units/{north1}", json={"parent_id": acme.units["south"].id}).status_code == 200
    east = admin.post("/api/v1/org-units", json={"name": "East", "kind": "team", "parent_id": acme.units["north"].id})
    assert east.status_code == 201
    page = page_client("acme", "admin").get("/audit/").get_data(as_text=True)
    assert "Owner:" in page and "Rep N1 → Rep N2" in page
    assert "Parent unit:" in page and "North → South" in page
    assert "Company › North › East" in page  # the new unit's place, not its path of ids
    assert east.json["path"] not in page
    assert page.count("System") == 0
    items = admin.get("/api/v1/audit", query_string={"entity": "customer"}).json["items"]
    (entry,) = items
    assert entry["actor_name"] == "Admin"
    assert {"label": "Owner", "old": "Rep N1", "new": "Rep N2"} in entry["readable"]
    assert entry["changes"]["owner_id"] == [acme.users["rep_n1"].id, acme.users["rep_n2"].id]  # raw, as stored


def test_a_gone_user_shows_as_its_id(world, api_client, tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    created = admin.post("/api/v1/users", json={"name": "Short Stay", "email": "short@example.test",
                                                "password": "long enough", "role": "rep"}).json
    customer = admin.post("/api/v1/customers", json={"name": "Owned", "owner_id": created["id"]}).json
    admin.delete(f"/api/v1/customers/{customer['id']}")
    from crm_platform.models import User
    with tenant_session("acme") as session:
        session.delete(session.get(User, created["id"]))
        session.commit()
    entries = admin.get("/api/v1/audit", query_string={"entity": "customer", "entity_id": customer["id"]}).json
    create = [e for e in entries["items"] if e["action"] == "create"][0]
    assert {"label": "Owner", "old": None, "new": f"#{created['id']}"} in create["readable"]
    assert acme.users["admin"].id == create["actor_id"]


def test_a_signup_is_the_new_admins_doing_not_the_systems(client, app):
    body = client.post("/api/v1/signup", json={"company": "Initech", "slug": "initech", "name": "Bill",
                                               "email": "bill@initech.test", "password": "tps reports"}).json
    entries = bearer_client(app, body["token"]).get("/api/v1/audit").json["items"]
    assert {e["entity"] for e in entries} >= {"org_unit", "user"}
    assert {(e["actor_id"], e["actor_name"]) for e in entries} == {(body["user"]["id"], "Bill")}


def test_the_customer_page_links_its_history(world, api_client, page_client):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    alpha = acme.customers["n1_alpha"].id
    rep.patch(f"/api/v1/customers/{alpha}", json={"region": "South"})
    contact = rep.post(f"/api/v1/customers/{alpha}/contacts", json={"name": "Pat Contact"}).json
    rep.patch(f"/api/v1/customers/{alpha}/contacts/{contact['id']}", json={"title": "CFO"})
    rep.delete(f"/api/v1/customers/{alpha}/contacts/{contact['id']}")
    api_client("acme", "admin").patch(f"/api/v1/customers/{acme.customers['n1_beta'].id}", json={"notes": "Beta only"})
    client = page_client("acme", "rep_n1")
    assert f"/customers/{alpha}/history" in client.get(f"/customers/{alpha}").get_data(as_text=True)
    page = client.get(f"/customers/{alpha}/history").get_data(as_text=True)
    assert "History of Alpha Trading" in page and "North → South" in page and "Rep N1" in page
    assert page.count("Pat Contact") >= 2 and "CFO" in page  # created, changed and deleted since
    assert "Beta only" not in page  # another customer's change
    items = rep.get(f"/api/v1/customers/{alpha}/history").json["items"]
    assert [(e["entity"], e["action"]) for e in items] == [
        ("contact", "delete"), ("contact", "update"), ("contact", "create"), ("customer", "update")]
    assert {e["actor_name"] for e in items} == {"Rep N1"}


def test_history_follows_visibility(world, api_client, page_client):
    acme, globex = world.acme, world.globex
    hidden = acme.customers["s1"].id
    assert page_client("acme", "rep_n1").get(f"/customers/{hidden}/history").status_code == 404
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{hidden}/history").status_code == 404
    shared = acme.customers["s1_shared"].id
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{shared}/history").status_code == 200
    foreign = globex.customers["n1_alpha"].id
    assert api_client("acme", "admin").get(f"/api/v1/customers/{foreign}/history").status_code == 404


def test_a_kept_customer_carries_the_merged_ones_history(world, api_client):
    acme = world.acme
    admin = api_client("acme", "admin")
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    admin.patch(f"/api/v1/customers/{beta}", json={"notes": "Beta land"})
    admin.post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta})
    items = admin.get(f"/api/v1/customers/{alpha}/history").json["items"]
    merge = [e for e in items if e["action"] == "merge" and e["entity_id"] == alpha][0]
    assert {"label": "Merged customer", "old": None, "new": f"#{beta}"} in merge["readable"]
    moved = next(row["new"] for row in merge["readable"] if row["label"] == "Moved")
    assert moved["Contacts"] == 1 and moved["Contact records"] == 1  # by label, not by table name
    assert any(e["entity_id"] == beta and e["action"] == "update" for e in items)


def test_new_fields_read_by_label_and_name(world, api_client):
    """Standard fields by their labels and values' names, custom fields by their own labels."""
    rep = api_client("acme", "rep_n1")
    alpha = world.acme.customers["n1_alpha"].id
    changed = rep.patch(f"/api/v1/customers/{alpha}", json={
        "industry": "instruments", "province_code": "330000", "custom_fields": {"grade": "B"}})
    assert changed.status_code == 200, changed.json
    entries = rep.get(f"/api/v1/customers/{alpha}/history").json["items"]
    readable = {row["label"]: row["new"] for entry in entries for row in entry["readable"]}
    assert readable["Industry"] == str(INDUSTRY_LABELS["instruments"])
    assert readable["Province"] == "浙江省"
    assert readable["Grade"] == "B"
