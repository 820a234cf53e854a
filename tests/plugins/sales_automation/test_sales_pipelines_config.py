"""Pipeline settings: several pipelines, one default, stages in order with won and lost last, safe removal."""
from sqlalchemy import func, select

from sales_pipelines_kit import make_deals

from plugins.sales_automation.models import Pipeline, StageStay


def pipelines_of(api):
    response = api.get("/api/v1/sales/pipelines")
    assert response.status_code == 200
    return response.get_json()


def test_pipelines_are_added_ordered_made_default_and_deleted(sales, api_client):
    api = api_client("acme", "admin")
    first = pipelines_of(api)[0]
    assert first["is_default"] and [s["kind"] for s in first["stages"]][-2:] == ["won", "lost"]
    made = api.post("/api/v1/sales/pipelines", json={"name": "Projects"})
    assert made.status_code == 201 and not made.get_json()["is_default"]
    assert api.post("/api/v1/sales/pipelines", json={"name": "projects"}).status_code == 422
    projects = made.get_json()["id"]
    assert api.patch(f"/api/v1/sales/pipelines/{projects}", json={"position": 0, "is_default": True}).status_code == 200
    assert [(p["name"], p["is_default"]) for p in pipelines_of(api)] == [("Projects", True), (first["name"], False)]
    assert api.delete(f"/api/v1/sales/pipelines/{projects}").status_code == 204
    assert [(p["id"], p["is_default"]) for p in pipelines_of(api)] == [(first["id"], True)]
    last = api.delete(f"/api/v1/sales/pipelines/{first['id']}")
    assert last.status_code == 422 and "at least one pipeline" in last.get_json()["error"]["fields"]["_schema"][0]


def test_a_pipeline_with_opportunities_cannot_be_deleted(sales, api_client, tenant_session):
    api = api_client("acme", "admin")
    api.post("/api/v1/sales/pipelines", json={"name": "Spare"})
    pipeline_id, _, _ = make_deals(tenant_session, sales, "acme", [("D", "n1_alpha", "rep_n1", "1.00", 0, None)])
    refused = api.delete(f"/api/v1/sales/pipelines/{pipeline_id}")
    assert refused.status_code == 422 and "has opportunities" in refused.get_json()["error"]["message"] + str(
        refused.get_json()["error"]["fields"])
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(Pipeline)) == 2


def test_only_configurers_change_pipelines(sales, api_client, page_client):
    assert api_client("acme", "rep_n1").post("/api/v1/sales/pipelines", json={"name": "Mine"}).status_code == 403
    assert len(pipelines_of(api_client("acme", "rep_n1"))) == 1  # everyone reads them (the board needs them)
    assert page_client("acme", "manager_north").get("/sales/pipelines/settings/").status_code == 403
    assert page_client("acme", "admin").get("/sales/pipelines/settings/").status_code == 200


def test_open_stages_are_added_renamed_and_reordered_won_and_lost_stay_last(sales, api_client):
    api = api_client("acme", "admin")
    pipeline = pipelines_of(api)[0]
    base = f"/api/v1/sales/pipelines/{pipeline['id']}/stages"
    added = api.post(base, json={"name": "Pilot", "probability": 70})
    assert added.status_code == 201 and added.get_json()["kind"] == "open"
    assert api.post(base, json={"name": "Too sure", "probability": 101}).status_code == 422
    stage_id = added.get_json()["id"]
    assert api.patch(f"{base}/{stage_id}", json={"position": 0, "name": "Pilot run"}).status_code == 200
    stages = pipelines_of(api)[0]["stages"]
    assert stages[0]["name"] == "Pilot run" and [s["kind"] for s in stages][-2:] == ["won", "lost"]
    won = next(s for s in stages if s["kind"] == "won")
    assert api.patch(f"{base}/{won['id']}", json={"position": 0}).status_code == 422
    assert api.patch(f"{base}/{won['id']}", json={"name": "Signed"}).status_code == 200
    assert api.delete(f"{base}/{won['id']}").status_code == 422


def test_removing_a_stage_with_opportunities_asks_where_they_go(sales, api_client, tenant_session):
    pipeline_id, stages, ids = make_deals(tenant_session, sales, "acme",
                                          [("D1", "n1_alpha", "rep_n1", "1.00", 1, None),
                                           ("D2", "n1_alpha", "rep_n1", "1.00", 1, None)])
    api = api_client("acme", "admin")
    base = f"/api/v1/sales/pipelines/{pipeline_id}/stages"
    refused = api.delete(f"{base}/{stages[1]}")
    assert refused.status_code == 422 and "holds 2 opportunities" in str(refused.get_json()["error"])
    assert api.delete(f"{base}/{stages[1]}?move_to_id={stages[5]}").status_code == 422  # won is not an open stage
    assert api.delete(f"{base}/{stages[1]}?move_to_id={stages[3]}").status_code == 204
    for deal_id in ids:
        assert api.get(f"/api/v1/sales/opportunities/{deal_id}").get_json()["stage_id"] == stages[3]
    history = api.get(f"/api/v1/sales/opportunities/{ids[0]}/history").get_json()
    assert [h["stage_id"] for h in history] == [stages[0], stages[3]]  # the removed stage's stay merged
    with tenant_session("acme") as session:
        assert not session.scalar(select(func.count()).select_from(StageStay).where(StageStay.stage_id == stages[1]))
    # An empty stage goes without asking; its history merges into the stage before it.
    assert api.delete(f"{base}/{stages[2]}").status_code == 204
    assert len(pipelines_of(api)[0]["stages"]) == 5


def test_settings_pages_add_move_and_remove(sales, page_client, tenant_session):
    client = page_client("acme", "admin")
    added = client.post("/sales/pipelines/settings/", data={"name": "Channel"})
    assert added.status_code == 302
    assert client.post("/sales/pipelines/settings/", data={"name": ""}).status_code == 422
    with tenant_session("acme") as session:
        channel = session.scalar(select(Pipeline).where(Pipeline.name == "Channel"))
        channel_id = channel.id
    page = client.get(f"/sales/pipelines/settings/{channel_id}").get_data(as_text=True)
    assert "Initial contact" in page and "Add stage" in page
    assert client.post(f"/sales/pipelines/settings/{channel_id}/stages",
                       data={"name": "Demo", "probability": "55"}).status_code == 302
    assert client.post(f"/sales/pipelines/settings/{channel_id}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"/sales/pipelines/settings/{channel_id}/default").status_code == 302
    listing = client.get("/sales/pipelines/settings/").get_data(as_text=True)
    assert listing.index("Channel") < listing.index("Sales pipeline")
    assert client.post(f"/sales/pipelines/settings/{channel_id}", data={"name": "Partners"}).status_code == 302
    deleted = client.post(f"/sales/pipelines/settings/{channel_id}/delete", follow_redirects=True)
    assert "Pipeline Partners deleted." in deleted.get_data(as_text=True)


def test_stage_pages_rename_move_and_remove_with_a_target(sales, page_client, tenant_session, api_client):
    pipeline_id, stages, (deal,) = make_deals(tenant_session, sales, "acme",
                                              [("D", "n1_alpha", "rep_n1", "1.00", 1, None)])
    client = page_client("acme", "admin")
    base = f"/sales/pipelines/settings/{pipeline_id}/stages"
    saved = client.post(f"{base}/{stages[1]}", data={"name": "Qualified", "probability": "30"}, follow_redirects=True)
    assert "Stage Qualified saved." in saved.get_data(as_text=True)
    bad = client.post(f"{base}/{stages[1]}", data={"name": "Qualified", "probability": "300"}, follow_redirects=True)
    assert "flash-error" in bad.get_data(as_text=True)
    moved = client.post(f"{base}/{stages[5]}/move", data={"direction": "up"}, follow_redirects=True)
    assert "only open stages move" in moved.get_data(as_text=True)
    assert client.post(f"{base}/{stages[1]}/move", data={"direction": "up"}).status_code == 302
    refused = client.post(f"{base}/{stages[1]}/delete", follow_redirects=True).get_data(as_text=True)
    assert "choose the stage to move them to" in refused
    removed = client.post(f"{base}/{stages[1]}/delete", data={"move_to_id": stages[4]}, follow_redirects=True)
    assert "its opportunities are now in Negotiation" in removed.get_data(as_text=True)
    names = [s["name"] for s in api_client("acme", "admin").get(f"/api/v1/sales/pipelines/{pipeline_id}").get_json()[
        "stages"]]
    assert names == ["Initial contact", "Solution presented", "Quoted", "Negotiation", "Won", "Lost"]
    assert api_client("acme", "admin").get(f"/api/v1/sales/opportunities/{deal}").get_json()["stage_id"] == stages[4]
