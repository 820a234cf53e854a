"""The report email's routes in the cross-tenant walk: none takes an id, and a user's choice stays in their workspace."""
from datetime import date, datetime, timezone

from crm_platform.extensions import db

from plugins.sales_automation.models import ReportEmailOptOut, ReportEmailSent
from tests.plugins.sales_automation.sales_walk import walk_feature


def build(tw, tenant_session):
    """An opt-out (rep_s1's) and a report sent (manager_north's, for March 2026); nothing for a route to take."""
    with tenant_session(tw.slug):
        db.session.add_all([ReportEmailOptOut(user_id=tw.users["rep_s1"].id),
                            ReportEmailSent(user_id=tw.users["manager_north"].id, month=date(2026, 3, 1),
                                            sent_at=datetime(2026, 4, 1, 7, tzinfo=timezone.utc))])
        db.session.commit()
    return {}


def test_the_walk_of_every_report_email_route(sales, app, api_client, page_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    bodies = {"sales/report-email/subscription": {"PUT": {"subscribed": False}},
              "sales/report-email": {"POST": {"subscribed": "0"}}}
    assert walk_feature(app, sales, api_client, page_client, "report_email", ids, bodies) == 0
    # The routes act on the caller alone: globex's rep_s1 (same email) keeps their choice, and sees their own month.
    for user in ("admin", "rep_s1", "manager_north"):
        api_client("acme", user).put("/api/v1/sales/report-email/subscription", json={"subscribed": True})
        page_client("acme", user).post("/sales/report-email/", data={"subscribed": "1"})
    assert api_client("globex", "rep_s1").get("/api/v1/sales/report-email/subscription").json["subscribed"] is False
    assert api_client("globex", "manager_north").get(
        "/api/v1/sales/report-email/subscription").json["last_sent_month"] == "2026-03-01"
