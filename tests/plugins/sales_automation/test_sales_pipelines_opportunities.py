"""Opportunities: create and edit (API and pages), who may see and change them, the detail page, the panel, merges."""
from datetime import timedelta

from sales_pipelines_kit import make_deals

from plugins.sales_automation.pipelines.history import duration_text
from plugins.sales_automation.pipelines.opportunity_views import OPPORTUNITY_PARTIALS


def body(world, **changes):
    return {"name": "Cold store", "customer_id": world.acme.customers["n1_alpha"].id, "amount": "1999.90",
            "expected_close": "2026-06-30", "source": "referral", "forecast_category": "best_case", **changes}


def test_create_by_api_defaults_and_checks_references(sales, api_client):
    rep = api_client("acme", "rep_n1")
    made = rep.post("/api/v1/sales/opportunities", json=body(sales))
    assert made.status_code == 201, made.get_json()
    deal = made.get_json()
    assert (deal["owner_id"], deal["currency"], deal["amount"], deal["status"], deal["probability"]) == (
        sales.acme.users["rep_n1"].id, "CNY", "1999.90", "open", None)
    unseen = rep.post("/api/v1/sales/opportunities", json=body(sales, customer_id=sales.acme.customers["s1"].id))
    assert unseen.status_code == 422 and "customer_id" in unseen.get_json()["error"]["fields"]
    foreign = rep.post("/api/v1/sales/opportunities",
                       json=body(sales, customer_id=sales.globex.customers["n1_alpha"].id))
    assert foreign.get_json() == unseen.get_json()
    other_contact = rep.post("/api/v1/sales/opportunities",
                             json=body(sales, contact_id=sales.acme.contacts["n1_beta"].id))
    assert "contact_id" in other_contact.get_json()["error"]["fields"]
    own_contact = rep.post("/api/v1/sales/opportunities",
                           json=body(sales, contact_id=sales.acme.contacts["n1_alpha"].id))
    assert own_contact.status_code == 201
    for_someone = rep.post("/api/v1/sales/opportunities", json=body(sales, owner_id=sales.acme.users["rep_n2"].id))
    assert "owner_id" in for_someone.get_json()["error"]["fields"]  # reps create their own
    manager = api_client("acme", "manager_north")
    assigned = manager.post("/api/v1/sales/opportunities", json=body(sales, owner_id=sales.acme.users["rep_n1"].id))
    assert assigned.status_code == 201
    assert manager.post("/api/v1/sales/opportunities",
                        json=body(sales, owner_id=sales.acme.users["rep_s1"].id)).status_code == 422
    assert rep.post("/api/v1/sales/opportunities", json=body(sales, amount="-1")).status_code == 422


def test_visibility_and_change_rights(sales, api_client, tenant_session):
    _, _, (north, south) = make_deals(tenant_session, sales, "acme", [
        ("North deal", "n1_alpha", "rep_n1", "10.00", 0, None), ("South deal", "s1", "rep_s1", "20.00", 0, None)])
    _, _, (globex_deal,) = make_deals(tenant_session, sales, "globex", [("G", "n1_alpha", "rep_n1", "1.00", 0, None)])
    rep = api_client("acme", "rep_n1")
    missing = rep.get("/api/v1/sales/opportunities/12345")
    assert missing.status_code == 404
    assert rep.get(f"/api/v1/sales/opportunities/{south}").get_json() == missing.get_json()
    assert rep.get(f"/api/v1/sales/opportunities/{globex_deal}").get_json() == missing.get_json()
    assert api_client("acme", "manager_north").get(f"/api/v1/sales/opportunities/{north}").status_code == 200
    assert api_client("acme", "manager_north").get(f"/api/v1/sales/opportunities/{south}").status_code == 404
    assert api_client("acme", "executive").get(f"/api/v1/sales/opportunities/{south}").status_code == 200
    assert rep.patch(f"/api/v1/sales/opportunities/{north}", json={"amount": "12.50", "probability": 35}
                     ).get_json()["amount"] == "12.50"
    # The owner always sees their own, even on a customer they may not see.
    _, _, (owned,) = make_deals(tenant_session, sales, "acme", [("Owned", "s1", "rep_n1", "1.00", 0, None)])
    assert rep.get(f"/api/v1/sales/opportunities/{owned}").status_code == 200
    assert rep.patch(f"/api/v1/sales/opportunities/{owned}", json={"name": "Mine"}).status_code == 200
    listed = rep.get("/api/v1/sales/opportunities").get_json()["items"]
    assert {d["name"] for d in listed} == {"North deal", "Mine"}


def test_pages_create_edit_and_show_history(sales, page_client, tenant_session):
    client = page_client("acme", "rep_n1")
    customer = sales.acme.customers["n1_alpha"]
    form = client.get(f"/sales/pipelines/opportunities/new?customer_id={customer.id}").get_data(as_text=True)
    assert customer.name in form and 'name="contact_id"' in form
    assert client.get(f"/sales/pipelines/opportunities/new?customer_id={sales.acme.customers['s1'].id}"
                      ).status_code == 404
    bad = client.post(f"/sales/pipelines/opportunities/new?customer_id={customer.id}",
                      data={"customer_id": customer.id, "name": "", "owner_id": sales.acme.users["rep_n1"].id})
    assert bad.status_code == 422
    made = client.post(f"/sales/pipelines/opportunities/new?customer_id={customer.id}",
                       data={"customer_id": customer.id, "name": "Forklifts", "amount": "88.80", "currency": "CNY",
                             "owner_id": sales.acme.users["rep_n1"].id, "forecast_category": "commit"})
    assert made.status_code == 302
    detail_url = made.headers["Location"]
    page = client.get(detail_url).get_data(as_text=True)
    assert "Forklifts" in page and "Stage history" in page and "still there" in page and "under a minute" in page
    edit_url = detail_url + "/edit"
    assert client.post(edit_url, data={"name": "Forklifts x2", "amount": "177.60", "currency": "CNY",
                                       "owner_id": sales.acme.users["rep_n1"].id,
                                       "forecast_category": "commit"}).status_code == 302
    assert "Forklifts x2" in client.get(detail_url).get_data(as_text=True)
    assert page_client("acme", "rep_n2").get(detail_url).status_code == 404


def test_the_detail_page_includes_other_features_partials(sales, page_client, tenant_session, app, tmp_path):
    assert len(OPPORTUNITY_PARTIALS) == 4 and all(p.endswith("/_opportunity.html") for p in OPPORTUNITY_PARTIALS)
    _, _, (deal,) = make_deals(tenant_session, sales, "acme", [("Shared", "s1_shared", "rep_s1", "1.00", 0, None)])
    folder = tmp_path / "sales_automation" / "todos"
    folder.mkdir(parents=True)
    (folder / "_opportunity.html").write_text("<p id='probe'>{{ opportunity.name }}|{{ customer.name }}|"
                                              "{{ can_manage }}</p>")
    from jinja2 import ChoiceLoader, FileSystemLoader
    # A stand-in for the to-dos feature's partial, tried before the app's own templates.
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(str(tmp_path)), app.jinja_env.loader])
    page = page_client("acme", "rep_n1").get(f"/sales/pipelines/opportunities/{deal}").get_data(as_text=True)
    assert "<p id='probe'>Shared|Epsilon Media|False</p>" in page


def test_durations_read_like_people_say_them():
    assert duration_text(30) == "under a minute"
    assert duration_text(timedelta(hours=2, minutes=5).total_seconds()) == "2 hours 5 minutes"
    assert duration_text(timedelta(days=3, hours=4, minutes=9).total_seconds()) == "3 days 4 hours"
    assert duration_text(86400) == "1 day"


def test_the_customer_panel_lists_visible_open_deals_and_merges_move_them(sales, page_client, api_client,
                                                                        tenant_session):
    _, _, ids = make_deals(tenant_session, sales, "acme", [
        ("Open one", "n1_beta", "rep_n1", "10.00", 0, None), ("Won one", "n1_beta", "rep_n1", "10.00", 5, None),
        ("Alpha one", "n1_alpha", "rep_n1", "7.00", 0, None)])
    beta = sales.acme.customers["n1_beta"]
    page = page_client("acme", "rep_n1").get(f"/customers/{beta.id}").get_data(as_text=True)
    assert "Open one" in page and "Won one" not in page and f"opportunities/new?customer_id={beta.id}" in page
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{beta.id}/merge",
                                              json={"merge_id": sales.acme.customers["n1_alpha"].id})
    assert merged.status_code == 200, merged.get_json()
    assert api_client("acme", "admin").get(f"/api/v1/sales/opportunities/{ids[2]}").get_json()["customer_id"] == beta.id
