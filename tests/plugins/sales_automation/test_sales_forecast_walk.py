"""Every forecast route, pages and API, answers another workspace's ids exactly as missing ones."""
from datetime import date

from crm_platform.sdk import OrgUnit, User, db

from plugins.sales_automation.forecast.service import adjust
from tests.plugins.sales_automation.sales_forecast_kit import add_deal
from tests.plugins.sales_automation.sales_walk import walk_feature

ADJUSTMENT = {"month": "2026-02", "figure": "weighted", "amount": "10", "note": "走查"}


def build(tw, tenant_session):
    """A February deal of rep_n1 and an adjustment of it by the admin; the ids of rep_n1 and North-1."""
    with tenant_session(tw.slug):
        add_deal(tw, "rep_n1", "100.00", date(2026, 2, 3), "commit", probability=40)
        unit_id = db.session.query(OrgUnit.id).filter(OrgUnit.name == "North-1").scalar()
        adjust(db.session.get(User, tw.users["admin"].id), date(2026, 2, 1), "unit", unit_id, "weighted", "5",
               "走查")
        db.session.commit()
        return {"user_id": tw.users["rep_n1"].id, "unit_id": unit_id}


def test_the_walk_of_every_forecast_route(sales, app, api_client, page_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    bodies = {"sales/forecast/adjust/user": {"POST": ADJUSTMENT}, "sales/forecast/adjust/unit": {"POST": ADJUSTMENT}}
    assert walk_feature(app, sales, api_client, page_client, "forecast", ids, bodies) == 2
    assert walk_feature(app, sales, api_client, page_client, "forecast", ids, bodies, user="manager_north") == 2


def test_the_api_answers_other_workspaces_subjects_as_missing_ones(sales, api_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    client = api_client("acme", "admin")
    for kind, key in (("user", "user_id"), ("unit", "unit_id")):
        body = {**ADJUSTMENT, "subject_kind": kind}
        foreign = client.post("/api/v1/sales/forecast/adjustments", json={**body, "subject_id": ids["globex"][key]})
        missing = client.post("/api/v1/sales/forecast/adjustments", json={**body, "subject_id": 404})
        assert foreign.status_code == missing.status_code == 422 and foreign.json == missing.json
    foreign = client.get(f"/api/v1/sales/forecast?unit_id={ids['globex']['unit_id']}")
    assert foreign.status_code == 422 and foreign.json == client.get("/api/v1/sales/forecast?unit_id=404").json
    history = client.get(f"/api/v1/sales/forecast/adjustments?subject_kind=unit&subject_id={ids['globex']['unit_id']}")
    assert history.status_code == 200 and history.json["items"] == []
