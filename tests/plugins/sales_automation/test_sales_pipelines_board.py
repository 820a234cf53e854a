"""The Kanban board and its list view: counts and totals with filters and visibility, column pages, moves."""
from datetime import date
from decimal import Decimal

import pytest

from sales_pipelines_kit import make_deals, stage_of

SPECS = [
    ("Alpha ERP", "n1_alpha", "rep_n1", "1000.10", 0, date(2026, 3, 5)),
    ("Alpha CRM", "n1_alpha", "rep_n1", "200.00", 0, date(2026, 4, 1)),
    ("Beta mill", "n1_beta", "rep_n1", "50.25", 1, None),
    ("North 2", "n2", "rep_n2", "300.00", 0, date(2026, 3, 31)),
    ("Gamma port", "s1", "rep_s1", "4000.00", 0, date(2026, 3, 10)),
    ("House", "house", "admin", "10.00", 5, None),
]


@pytest.fixture
def deals(sales, tenant_session):
    return make_deals(tenant_session, sales, "acme", SPECS)


def columns_of(api, pipeline_id, query=""):
    response = api.get(f"/api/v1/sales/pipelines/{pipeline_id}/board{query}")
    assert response.status_code == 200, response.get_json()
    return {c["stage"]["id"]: c for c in response.get_json()["columns"]}


def test_counts_and_totals_follow_visibility_and_filters(sales, deals, api_client):
    pipeline_id, stages, _ = deals
    admin = columns_of(api_client("acme", "admin"), pipeline_id)
    assert [c["stage"]["kind"] for c in admin.values()][-2:] == ["won", "lost"]
    assert admin[stages[0]]["count"] == 4
    assert admin[stages[0]]["totals"] == [{"currency": "CNY", "amount": "5500.10"}]
    assert [card["name"] for card in admin[stages[0]]["items"]] == ["Gamma port", "North 2", "Alpha CRM", "Alpha ERP"]
    rep = columns_of(api_client("acme", "rep_n1"), pipeline_id)
    assert (rep[stages[0]]["count"], rep[stages[0]]["totals"][0]["amount"]) == (2, "1200.10")
    assert rep[stages[5]]["count"] == 0 and rep[stages[5]]["totals"] == []
    manager = columns_of(api_client("acme", "manager_north"), pipeline_id)
    assert manager[stages[0]]["count"] == 3  # the north unit's: rep_n1 and rep_n2, not the south
    march = columns_of(api_client("acme", "admin"), pipeline_id, "?close_month=2026-03")
    assert {c["name"] for c in march[stages[0]]["items"]} == {"Alpha ERP", "North 2", "Gamma port"}
    owner = columns_of(api_client("acme", "admin"), pipeline_id, f"?owner_id={sales.acme.users['rep_n2'].id}")
    assert owner[stages[0]]["count"] == 1
    unit = columns_of(api_client("acme", "admin"), pipeline_id, f"?org_unit_id={sales.acme.units['north'].id}")
    assert (unit[stages[0]]["count"], unit[stages[0]]["totals"][0]["amount"]) == (3, "1500.10")
    assert api_client("acme", "admin").get(f"/api/v1/sales/pipelines/{pipeline_id}/board?close_month=2026-13"
                                            ).status_code == 422


def test_a_column_pages_by_cursor_without_gaps_or_duplicates(sales, tenant_session, api_client):
    specs = [(f"Deal {i:02d}", "n1_alpha", "rep_n1", f"{i}.00", 0, None) for i in range(47)]
    pipeline_id, stages, ids = make_deals(tenant_session, sales, "acme", specs)
    api = api_client("acme", "admin")
    first = columns_of(api, pipeline_id)[stages[0]]
    assert first["count"] == 47 and len(first["items"]) == 20 and first["next_cursor"]
    seen, cursor = [c["id"] for c in first["items"]], first["next_cursor"]
    while cursor:
        page = api.get(f"/api/v1/sales/pipelines/{pipeline_id}/stages/{stages[0]}/cards?cursor={cursor}").get_json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
    assert seen == list(reversed(ids))  # newest in the stage first, every card once
    bad = api.get(f"/api/v1/sales/pipelines/{pipeline_id}/stages/{stages[0]}/cards?cursor=nonsense")
    assert bad.status_code == 400


def test_the_board_page_shows_columns_and_the_list_sorts(sales, deals, page_client):
    pipeline_id, stages, _ = deals
    client = page_client("acme", "rep_n1")
    assert client.get("/sales/pipelines/").headers["Location"].endswith(f"/sales/pipelines/{pipeline_id}/")
    page = client.get(f"/sales/pipelines/{pipeline_id}/").get_data(as_text=True)
    assert "Alpha ERP" in page and "Gamma port" not in page and "board.js" in page
    assert client.get("/sales/pipelines/static/sales_automation/board.js").status_code == 200
    listed = client.get(f"/sales/pipelines/{pipeline_id}/list?sort=name&limit=2")
    text = listed.get_data(as_text=True)
    assert listed.status_code == 200 and text.index("Alpha CRM") < text.index("Alpha ERP") and "Beta mill" not in text
    assert "cursor=" in text
    assert client.get(f"/sales/pipelines/{pipeline_id}/list?sort=bogus").status_code == 400


def test_moves_by_api_need_a_reason_to_close(sales, deals, api_client, tenant_session):
    pipeline_id, stages, ids = deals
    api = api_client("acme", "rep_n1")
    assert api.post(f"/api/v1/sales/opportunities/{ids[0]}/move", json={"stage_id": stages[2]}).status_code == 200
    refused = api.post(f"/api/v1/sales/opportunities/{ids[0]}/move", json={"stage_id": stages[5]})
    assert refused.status_code == 422 and "close_reason" in refused.get_json()["error"]["fields"]
    won = api.post(f"/api/v1/sales/opportunities/{ids[0]}/move", json={"stage_id": stages[5], "close_reason": "Price"})
    assert won.status_code == 200 and won.get_json()["status"] == "won"
    assert stage_of(tenant_session, "acme", ids[0]) == (stages[5], "won", "Price")
    other = make_deals(tenant_session, sales, "globex", [("G", "n1_alpha", "rep_n1", "1.00", 0, None)])
    foreign_stage = api.post(f"/api/v1/sales/opportunities/{ids[1]}/move", json={"stage_id": other[1][1]})
    assert foreign_stage.status_code == 422
    assert api_client("acme", "rep_s1").post(f"/api/v1/sales/opportunities/{ids[1]}/move",
                                             json={"stage_id": stages[1]}).status_code == 404


def test_moves_by_the_keyboard_form_ask_why_for_won_and_lost(sales, deals, page_client, tenant_session):
    pipeline_id, stages, ids = deals
    client = page_client("acme", "rep_n1")
    back = f"/sales/pipelines/{pipeline_id}/"
    moved = client.post(f"/sales/pipelines/opportunities/{ids[1]}/move", data={"stage_id": stages[3], "next": back})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(back)
    assert stage_of(tenant_session, "acme", ids[1])[0] == stages[3]
    asked = client.post(f"/sales/pipelines/opportunities/{ids[1]}/move", data={"stage_id": stages[6], "next": back})
    assert asked.status_code == 200 and "Why did we lose it?" in asked.get_data(as_text=True)
    empty = client.post(f"/sales/pipelines/opportunities/{ids[1]}/move",
                        data={"stage_id": stages[6], "close_reason": " ", "next": back})
    assert empty.status_code == 422 and stage_of(tenant_session, "acme", ids[1])[1] == "open"
    lost = client.post(f"/sales/pipelines/opportunities/{ids[1]}/move",
                       data={"stage_id": stages[6], "close_reason": "Too dear", "next": "https://evil.test/"})
    assert lost.status_code == 302 and lost.headers["Location"].endswith(f"/sales/pipelines/opportunities/{ids[1]}")
    assert stage_of(tenant_session, "acme", ids[1]) == (stages[6], "lost", "Too dear")


def test_only_the_owner_or_a_manager_of_the_customer_may_move(sales, deals, api_client, tenant_session):
    pipeline_id, stages, _ = deals
    # s1_shared is shared with rep_n1: they see rep_s1's deal on it but may not change it.
    _, _, (shared,) = make_deals(tenant_session, sales, "acme", [("Shared", "s1_shared", "rep_s1", "5.00", 0, None)])
    rep = api_client("acme", "rep_n1")
    assert rep.get(f"/api/v1/sales/opportunities/{shared}").status_code == 200
    assert rep.post(f"/api/v1/sales/opportunities/{shared}/move", json={"stage_id": stages[1]}).status_code == 403
    manager = api_client("acme", "manager_south")
    assert manager.post(f"/api/v1/sales/opportunities/{shared}/move", json={"stage_id": stages[1]}).status_code == 200
    assert stage_of(tenant_session, "acme", shared)[0] == stages[1]
    assert Decimal("5.00") == Decimal(rep.get(f"/api/v1/sales/opportunities/{shared}").get_json()["amount"])
