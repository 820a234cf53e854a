"""Every quotas route answers another workspace's people as missing ones; setting theirs is the same field error."""
from datetime import date
from decimal import Decimal

from crm_platform.sdk import db

from plugins.sales_automation.models import Quota
from tests.plugins.sales_automation.sales_walk import walk_feature


def build(tw, tenant_session):
    """A quota of rep_n1's set by their manager; rep_n1's id."""
    with tenant_session(tw.slug):
        quota = Quota(user_id=tw.users["rep_n1"].id, month=date(2026, 2, 1), amount=Decimal("100.00"),
                      set_by_id=tw.users["manager_north"].id)
        db.session.add(quota)
        db.session.commit()
        return {"user_id": tw.users["rep_n1"].id}


def test_the_walk_of_every_quotas_route(sales, app, api_client, page_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    bodies = {"sales/quotas": {"PUT": {"rows": [{"user_id": ids["acme"]["user_id"], "month": "2026-02",
                                                 "amount": "1"}]},
                               "POST": {f"quota-{ids['acme']['user_id']}-2026-02": "1"}}}
    assert walk_feature(app, sales, api_client, page_client, "quotas", ids, bodies) == 1
    assert walk_feature(app, sales, api_client, page_client, "quotas", ids, bodies, user="manager_north") == 1


def test_another_workspaces_person_is_the_same_field_error_as_a_missing_one(sales, api_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    client = api_client("acme", "admin")
    answers = [client.put("/api/v1/sales/quotas", json={"rows": [{"user_id": user_id, "month": "2026-02",
                                                                  "amount": "1"}]})
               for user_id in (ids["globex"]["user_id"], 404)]
    assert [answer.status_code for answer in answers] == [422, 422] and answers[0].json == answers[1].json
    grid = client.get("/api/v1/sales/quotas?month_from=2026-02&month_to=2026-02").json
    assert ids["globex"]["user_id"] not in [person["user_id"] for person in grid["people"]]
    with_quota = [p for p in grid["people"] if p["months"][0]["quota"] is not None]
    assert [(p["user_id"], p["months"][0]["quota"]) for p in with_quota] == [(ids["acme"]["user_id"], "100.00")]
    person = client.get(f"/api/v1/sales/quotas/people/{ids['acme']['user_id']}?month_from=2026-02&month_to=2026-02")
    assert person.status_code == 200 and person.json["months"][0]["quota"] == "100.00"
    hidden = api_client("acme", "manager_south").get(f"/api/v1/sales/quotas/people/{ids['acme']['user_id']}")
    assert hidden.status_code == 404
