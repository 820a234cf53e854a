"""The quotes API: numbers, lines and exact totals, versions, status changes, validation and who may change."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from plugins.sales_automation.models import Quote, QuoteLine

LINES = [{"description": "ERP licence", "quantity": "3", "unit_price": "3.335", "tax_rate": "13"},
         {"description": "Training", "quantity": "7", "unit": "hours", "unit_price": "19.99",
          "discount_percent": "12.5", "tax_rate": "6"}]


def new_quote(client, customer_id, lines=LINES, **extra):
    response = client.post("/api/v1/sales/quotes", json={"customer_id": customer_id, "title": "Offer", "lines": lines,
                                                          **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_quote_is_numbered_and_totalled_from_its_rounded_lines(sales, api_client):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id, valid_until="2026-12-31")
    year = date.today().year
    assert quote["number"] == f"BJ-{year}-0001" and quote["version"] == 1 and quote["status"] == "draft"
    assert [line["net"] for line in quote["lines"]] == ["10.01", "122.44"]
    assert [line["tax"] for line in quote["lines"]] == ["1.30", "7.35"]
    assert (quote["subtotal"], quote["discount_total"], quote["tax_total"], quote["total"]) == (
        "149.94", "17.49", "8.65", "141.10")
    assert quote["currency"] == "CNY" and quote["latest"] is True
    second = new_quote(rep, sales.acme.customers["n1_beta"].id)
    assert second["number"] == f"BJ-{year}-0002"
    other = new_quote(api_client("globex", "rep_n1"), sales.globex.customers["n1_alpha"].id)
    assert other["number"] == f"BJ-{year}-0001", "each workspace numbers its own quotes"


def test_a_line_without_a_tax_rate_takes_the_workspace_default(sales, api_client, enable_plugin):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id,
                      lines=[{"description": "Support", "quantity": "1", "unit_price": "100"}])
    assert quote["lines"][0]["tax_rate"] == "13.00" and quote["total"] == "113.00"
    enable_plugin("acme", "sales_automation", settings={"default_tax_rate": "6.00", "quote_prefix": "Q"})
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id,
                      lines=[{"description": "Support", "quantity": "1", "unit_price": "100"}])
    assert quote["lines"][0]["tax_rate"] == "6.00" and quote["number"].startswith("Q-")


def test_bad_lines_are_refused_with_field_messages_and_nothing_written(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    customer_id = sales.acme.customers["n1_alpha"].id
    for line, field in [({"quantity": "0"}, "quantity"), ({"quantity": "1.00001"}, "quantity"),
                        ({"unit_price": "-1"}, "unit_price"), ({"unit_price": "0.00001"}, "unit_price"),
                        ({"discount_percent": "100.01"}, "discount_percent"), ({"tax_rate": "-1"}, "tax_rate"),
                        ({"quantity": "1000000000", "unit_price": "1000000000000"}, "unit_price"),
                        ({"quantity": "NaN"}, "quantity"), ({"quantity": 1.5e300}, "quantity")]:
        body = {"description": "X", "quantity": "1", "unit_price": "10", **line}
        response = rep.post("/api/v1/sales/quotes", json={"customer_id": customer_id, "title": "T", "lines": [body]})
        assert response.status_code == 422, (line, response.get_json())
        assert field in response.get_json()["error"]["fields"]["lines"]["0"], line
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(Quote)) == 0


def test_a_contact_or_opportunity_of_another_customer_is_refused(sales, api_client):
    rep = api_client("acme", "rep_n1")
    response = rep.post("/api/v1/sales/quotes", json={"customer_id": sales.acme.customers["n1_alpha"].id, "title": "T",
                                                      "contact_id": sales.acme.contacts["n1_beta"].id})
    assert response.status_code == 422 and "contact_id" in response.get_json()["error"]["fields"]


def test_lines_are_added_changed_moved_and_removed_on_a_draft(sales, api_client):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id)
    url = f"/api/v1/sales/quotes/{quote['id']}"
    added = rep.post(f"{url}/lines", json={"description": "Setup", "quantity": "1", "unit_price": "50",
                                           "tax_rate": "0", "position": 1}).get_json()
    assert added["id"] == quote["id"], "a draft changes in place"
    assert [line["description"] for line in added["lines"]] == ["Setup", "ERP licence", "Training"]
    setup = added["lines"][0]["id"]
    moved = rep.patch(f"{url}/lines/{setup}", json={"position": 3, "unit_price": "60"}).get_json()
    assert [line["description"] for line in moved["lines"]] == ["ERP licence", "Training", "Setup"]
    assert [line["position"] for line in moved["lines"]] == [1, 2, 3]
    assert moved["total"] == str(Decimal("141.10") + 60)
    removed = rep.delete(f"{url}/lines/{setup}").get_json()
    assert removed["total"] == "141.10" and [line["position"] for line in removed["lines"]] == [1, 2]
    replaced = rep.patch(url, json={"lines": [{"description": "Only", "quantity": "2", "unit_price": "10",
                                               "tax_rate": "0"}]}).get_json()
    assert [line["description"] for line in replaced["lines"]] == ["Only"] and replaced["total"] == "20.00"


def test_editing_a_sent_quote_makes_a_new_version_and_keeps_the_old(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id)
    url = f"/api/v1/sales/quotes/{quote['id']}"
    assert rep.post(f"{url}/send", json={}).get_json()["status"] == "sent"
    line_id = quote["lines"][0]["id"]
    second = rep.patch(f"{url}/lines/{line_id}", json={"quantity": "6"}).get_json()
    assert second["id"] != quote["id"] and second["number"] == quote["number"] and second["version"] == 2
    assert second["status"] == "draft" and second["lines"][0]["quantity"] == "6.0000"
    assert second["lines"][0]["id"] != line_id, "the new version has lines of its own"
    assert [(v["version"], v["status"]) for v in second["versions"]] == [(1, "superseded"), (2, "draft")]
    old = rep.get(url).get_json()
    assert old["status"] == "superseded" and old["latest"] is False
    assert old["lines"][0]["quantity"] == "3.0000" and old["total"] == "141.10", "the sent version is kept as it was"
    for attempt in (rep.patch(url, json={"title": "Changed"}), rep.post(f"{url}/accept", json={}),
                    rep.post(f"{url}/lines", json={"description": "X", "quantity": "1", "unit_price": "1"})):
        assert attempt.status_code == 409, attempt.get_json()
    second_url = f"/api/v1/sales/quotes/{second['id']}"
    assert rep.post(f"{second_url}/accept", json={}).status_code == 409, "a draft is sent before it is accepted"
    rep.post(f"{second_url}/send", json={})
    accepted = rep.post(f"{second_url}/accept", json={}).get_json()
    assert accepted["status"] == "accepted"
    assert rep.patch(second_url, json={"title": "Later"}).status_code == 409, "an accepted quote is final"
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(QuoteLine)) == 4
    listed = rep.get("/api/v1/sales/quotes").get_json()["items"]
    assert [item["id"] for item in listed] == [second["id"]], "the list shows the latest version"


def test_a_rejected_quote_can_be_revised_into_a_new_version(sales, api_client):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id)
    url = f"/api/v1/sales/quotes/{quote['id']}"
    rep.post(f"{url}/send", json={})
    assert rep.post(f"{url}/reject", json={}).get_json()["status"] == "rejected"
    revised = rep.patch(url, json={"title": "Better offer"}).get_json()
    assert (revised["version"], revised["status"], revised["title"]) == (2, "draft", "Better offer")


def test_an_empty_draft_cannot_be_sent(sales, api_client):
    rep = api_client("acme", "rep_n1")
    quote = new_quote(rep, sales.acme.customers["n1_alpha"].id, lines=[])
    response = rep.post(f"/api/v1/sales/quotes/{quote['id']}/send", json={})
    assert response.status_code == 409 and response.get_json()["error"]["message"]


def test_visibility_follows_the_customer_and_changes_need_management(sales, api_client):
    quote = new_quote(api_client("acme", "rep_s1"), sales.acme.customers["s1_shared"].id)
    url = f"/api/v1/sales/quotes/{quote['id']}"
    assert api_client("acme", "rep_n2").get(url).status_code == 404
    assert api_client("acme", "manager_north").get(url).status_code == 404
    assert api_client("acme", "manager_south").get(url).status_code == 200
    assert api_client("acme", "executive").get(url).status_code == 200
    shared = api_client("acme", "rep_n1")  # s1_shared is shared with rep_n1: may see, may not manage
    assert shared.get(url).status_code == 200
    assert shared.patch(url, json={"title": "Mine now"}).status_code == 403
    assert api_client("acme", "manager_south").patch(url, json={"title": "Checked"}).status_code == 200
    missing = api_client("acme", "rep_n2").get("/api/v1/sales/quotes/999999999")
    assert api_client("acme", "rep_n2").get(url).get_json() == missing.get_json()
