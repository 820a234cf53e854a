"""The forecast and quotas API: shapes, permissions, field errors, and the same answers for other workspaces' ids."""
from datetime import date

import pytest

from crm_platform.sdk import OrgUnit, db

from tests.plugins.sales_automation.sales_forecast_kit import add_deal

FEB = "2026-02"


@pytest.fixture
def pipeline(sales, tenant_session):
    """A February deal of rep_n1 (500.00 weighted, commit) and one of rep_s1, in acme and in globex."""
    for slug in ("acme", "globex"):
        with tenant_session(slug):
            add_deal(sales[slug], "rep_n1", "1000.00", date(2026, 2, 10), "commit", probability=50)
            add_deal(sales[slug], "rep_s1", "100.00", date(2026, 2, 10), "best_case", probability=10,
                     customer="s1")
            db.session.commit()
    return sales


def unit_ids(tenant_session, slug):
    with tenant_session(slug):
        return {unit.name: unit.id for unit in db.session.query(OrgUnit)}


def test_the_forecast_api_rolls_up_for_a_manager(pipeline, api_client):
    answer = api_client("acme", "manager_north").get(f"/api/v1/sales/forecast?month_from={FEB}&month_to={FEB}")
    assert answer.status_code == 200, answer.json
    rows = {row["name"]: row for row in answer.json["rows"]}
    assert set(rows) == {"North", "Manager North", "Rep N2", "North-1", "Rep N1"}
    assert rows["North"]["cells"][0]["weighted"] == "500.00" and rows["Rep N1"]["cells"][0]["commit"] == "500.00"
    assert rows["Rep N1"]["adjustable"] and not rows["Manager North"]["adjustable"]
    assert answer.json["months"] == [FEB] and answer.json["totals"][0]["weighted"] == "500.00"


def test_an_adjustment_through_the_api_is_kept_with_its_note(pipeline, api_client, tenant_session):
    client = api_client("acme", "manager_north")
    rep = pipeline.acme.users["rep_n1"].id
    body = {"month": FEB, "subject_kind": "user", "subject_id": rep, "figure": "weighted", "amount": "800",
            "note": "客户确认预算"}
    made = client.post("/api/v1/sales/forecast/adjustments", json=body)
    assert made.status_code == 201, made.json
    assert (made.json["original_amount"], made.json["amount"], made.json["subject_name"]) == ("500.00", "800.00",
                                                                                            "Rep N1")
    blank = client.post("/api/v1/sales/forecast/adjustments", json={**body, "note": " "})
    assert blank.status_code == 422 and "note" in blank.json["error"]["fields"]
    history = client.get("/api/v1/sales/forecast/adjustments").json["items"]
    assert [(item["amount"], item["note"], item["adjusted_by"]) for item in history] == [
        ("800.00", "客户确认预算", "Manager North")]
    rows = {row["name"]: row for row in client.get(f"/api/v1/sales/forecast?month_from={FEB}&month_to={FEB}")
            .json["rows"]}
    assert rows["North"]["cells"][0]["weighted"] == "800.00"
    assert rows["Rep N1"]["cells"][0]["adjustments"][0]["original"] == "500.00"
    assert api_client("acme", "rep_n1").get("/api/v1/sales/forecast/adjustments").json["items"] == []
    refused = api_client("acme", "rep_n1").post("/api/v1/sales/forecast/adjustments", json=body)
    assert refused.status_code == 403


def test_other_branches_and_other_workspaces_get_the_same_field_errors(pipeline, api_client, tenant_session):
    client = api_client("acme", "manager_north")
    south, foreign = unit_ids(tenant_session, "acme")["South"], unit_ids(tenant_session, "globex")["North"]
    answers = [client.get(f"/api/v1/sales/forecast?unit_id={unit}") for unit in (south, foreign, 1)]
    assert {answer.status_code for answer in answers} == {422}
    assert len({str(answer.json["error"]["fields"]) for answer in answers}) == 1
    body = {"month": FEB, "subject_kind": "user", "figure": "weighted", "amount": "1", "note": "x"}
    errors = [client.post("/api/v1/sales/forecast/adjustments", json={**body, "subject_id": subject}).json
              for subject in (pipeline.acme.users["rep_s1"].id, pipeline.globex.users["rep_n1"].id, 7)]
    assert all(error["error"]["fields"] == errors[0]["error"]["fields"] for error in errors)


def test_attainment_gauges_answer_a_chart(pipeline, api_client, enable_plugin):
    client = api_client("acme", "manager_north")
    put = client.put("/api/v1/sales/quotas", json={"rows": [
        {"user_id": pipeline.acme.users["rep_n1"].id, "month": FEB, "amount": "1000"}]})
    assert put.status_code == 200, put.json
    chart = client.get(f"/api/v1/sales/forecast/attainment?month={FEB}").json
    assert chart["categories"] == ["North", "North-1"]
    assert chart["series"][0]["data"] == [0.0, 0.0] and chart["series"][2]["data"] == [1000.0, 1000.0]


def test_quotas_api_reads_the_remit_and_sets_rows(pipeline, api_client):
    manager = api_client("acme", "manager_north")
    grid = manager.get(f"/api/v1/sales/quotas?month_from={FEB}&month_to=2026-03").json
    assert [(p["name"], p["editable"]) for p in grid["people"]] == [("Manager North", False), ("Rep N1", True),
                                                                   ("Rep N2", True)]
    assert grid["months"] == [FEB, "2026-03"] and grid["basis"] == "won"
    users = pipeline.acme.users
    bad = manager.put("/api/v1/sales/quotas", json={"rows": [
        {"user_id": users["rep_n1"].id, "month": FEB, "amount": "5"},
        {"user_id": users["rep_s1"].id, "month": FEB, "amount": "5"},
        {"user_id": users["manager_north"].id, "month": FEB, "amount": "5"},
        {"user_id": pipeline.globex.users["rep_n1"].id, "month": FEB, "amount": "5"}]})
    assert bad.status_code == 422
    fields = bad.json["error"]["fields"]["rows"]
    assert set(fields) == {"1", "2", "3"} and fields["1"] == fields["3"]
    assert api_client("acme", "rep_n1").put("/api/v1/sales/quotas", json={"rows": [
        {"user_id": users["rep_n1"].id, "month": FEB, "amount": "5"}]}).status_code == 403
    assert manager.get(f"/api/v1/sales/quotas?month_from={FEB}").json["people"][1]["months"][0]["quota"] is None
    ok = api_client("acme", "executive").put("/api/v1/sales/quotas", json={"rows": [
        {"user_id": users["manager_north"].id, "month": FEB, "amount": "5000.5"}]})
    assert ok.status_code == 200 and ok.json[0]["amount"] == "5000.50"
    mine = api_client("acme", "manager_north").get(f"/api/v1/sales/quotas?month_from={FEB}&month_to={FEB}").json
    assert mine["people"][0]["months"][0]["quota"] == "5000.50"
    assert manager.get("/api/v1/sales/quotas?month_from=2026-05&month_to=2026-02").status_code == 422
