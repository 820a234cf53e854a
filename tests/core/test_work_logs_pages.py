"""The work log pages: mine with today's log and this week's plan, the team's with filters, one log with comments."""
from datetime import date, datetime, timezone

from collaboration_support import add_work_log


def test_writing_todays_log_and_this_weeks_plan_on_my_page(page_client, api_client):
    page = page_client("acme", "rep_n1")
    today = datetime.now(timezone.utc).date()
    assert page.get("/work-logs/").status_code == 200
    assert page.post("/work-logs/", data={"kind": "daily", "day": today.isoformat(), "body": "Called Alpha"}) \
        .status_code == 302
    assert page.post("/work-logs/", data={"kind": "daily", "day": today.isoformat(), "body": "Called Alpha, Beta"}) \
        .status_code == 302  # the same day's form rewrites it
    assert page.post("/work-logs/", data={"kind": "weekly", "day": "", "body": "Visit Gamma"}).status_code == 302
    mine = page.get("/work-logs/").get_data(as_text=True)
    assert "Called Alpha, Beta" in mine and "Visit Gamma" in mine
    items = api_client("acme", "rep_n1").get("/api/v1/work-logs").json["items"]
    assert sorted((i["kind"], i["body"]) for i in items) == [("daily", "Called Alpha, Beta"), ("weekly", "Visit Gamma")]
    bad = page.post("/work-logs/", data={"kind": "daily", "day": "2999-01-01", "body": "Ahead"})
    assert bad.status_code == 422 and "ahead of its day" in bad.get_data(as_text=True)


def test_a_manager_reads_the_team_filters_and_sees_who_has_not_written(page_client, tenant_session, world):
    add_work_log(tenant_session, world, "acme", "rep_n1", body="North-1 day")
    add_work_log(tenant_session, world, "acme", "rep_n2", kind="weekly", body="North plan")
    add_work_log(tenant_session, world, "acme", "rep_s1", body="South day")
    manager = page_client("acme", "manager_north")
    team = manager.get("/work-logs/team").get_data(as_text=True)
    assert "North-1 day" in team and "North plan" in team and "South day" not in team
    missing = team[team.index('id="missing"'):team.index("</section>", team.index('id="missing"'))]
    assert "Rep N1" in missing and "Rep S1" not in missing
    only = manager.get("/work-logs/team", query_string={"user_id": world.acme.users["rep_n2"].id}).get_data(
        as_text=True)
    assert "North plan" in only and "North-1 day" not in only
    daily = manager.get("/work-logs/team", query_string={"kind": "daily", "day_from": "2026-01-01",
                                                         "day_to": "2026-01-31"}).get_data(as_text=True)
    assert "North-1 day" in daily and "North plan" not in daily
    assert manager.get("/work-logs/team", query_string={"day_from": "nonsense"}).status_code == 400
    assert page_client("acme", "rep_n1").get("/work-logs/team").status_code == 403
    assert "South day" in page_client("acme", "executive").get("/work-logs/team").get_data(as_text=True)


def test_comments_on_the_log_page_and_only_the_author_edits(page_client, tenant_session, world):
    log = add_work_log(tenant_session, world, "acme", "rep_n1", body="Quoted Beta", day=date(2026, 1, 6))
    manager, rep = page_client("acme", "manager_north"), page_client("acme", "rep_n1")
    assert manager.post(f"/work-logs/{log}/comments", data={"body": "Ask for the deposit"}).status_code == 302
    assert manager.post(f"/work-logs/{log}/comments", data={"body": ""}).status_code == 422
    assert rep.post(f"/work-logs/{log}/comments", data={"body": "Will do"}).status_code == 302
    page = rep.get(f"/work-logs/{log}").get_data(as_text=True)
    assert page.index("Ask for the deposit") < page.index("Will do") and "Edit" in page
    assert "Edit" not in manager.get(f"/work-logs/{log}").get_data(as_text=True).split("Comments")[0]
    assert manager.get(f"/work-logs/{log}/edit").status_code == 403
    assert rep.post(f"/work-logs/{log}/edit", data={"body": "Quoted Beta and Gamma"}).status_code == 302
    assert "Quoted Beta and Gamma" in rep.get(f"/work-logs/{log}").get_data(as_text=True)
