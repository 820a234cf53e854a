"""Every referrals route, pages and API, answers another workspace's ids exactly as missing ones; no list leaks."""
from insights_purchases_kit import add_referral
from insights_walk import walk_feature
from sqlalchemy import func, select

from plugins.customer_insights.models import Referral


def test_the_walk_of_every_referrals_route(insights, app, api_client, page_client, tenant_session):
    ids = {tenant: {"referral_id": add_referral(insights, tenant_session, "house", referred="n2", tenant=tenant),
                    "customer_id": insights[tenant].customers["house"].id} for tenant in ("acme", "globex")}
    bodies = {"insights/referrals/customers/new": {"POST": {"referred_name": "Walk Ltd", "note": "walk"}},
              "insights/referrals/delete": {"POST": {}}}

    assert walk_feature(app, insights, api_client, page_client, "referrals", ids, bodies) == 3


def test_lists_and_writes_never_reach_another_workspace(insights, api_client, tenant_session):
    add_referral(insights, tenant_session, "house", name="globex secret", tenant="globex")
    acme = api_client("acme", "admin")
    foreign_house, foreign_n2 = (insights.globex.customers[key].id for key in ("house", "n2"))

    assert acme.get("/api/v1/insights/referrals").json["items"] == []
    assert acme.get(f"/api/v1/insights/referrals?customer_id={foreign_house}").json["items"] == []
    by_foreign = acme.post("/api/v1/insights/referrals", json={"customer_id": foreign_house, "referred_name": "X"})
    by_missing = acme.post("/api/v1/insights/referrals", json={"customer_id": 999_999, "referred_name": "X"})
    assert by_foreign.status_code == by_missing.status_code == 404
    house = insights.acme.customers["house"].id
    of_foreign = acme.post("/api/v1/insights/referrals", json={"customer_id": house,
                                                                "referred_customer_id": foreign_n2})
    of_missing = acme.post("/api/v1/insights/referrals", json={"customer_id": house, "referred_customer_id": 999_999})
    assert of_foreign.status_code == of_missing.status_code == 422
    assert of_foreign.json == of_missing.json
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 0
