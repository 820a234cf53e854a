"""Work logs: error answers in the API's one shape, and the date filters finding a week's plan by any of its days."""
from datetime import date, datetime, timedelta, timezone

from collaboration_support import add_work_log


def test_date_problems_are_lists_of_messages_like_every_field_error(api_client):
    rep = api_client("acme", "rep_n1")
    ahead = (datetime.now(timezone.utc).date() + timedelta(days=30)).isoformat()
    for body, field in (({"body": "x", "day": ahead}, "day"),
                        ({"kind": "weekly", "body": "x", "day": ahead}, "day")):
        answer = rep.post("/api/v1/work-logs", json=body)
        assert answer.status_code == 422 and isinstance(answer.json["error"]["fields"][field], list), answer.json
    backwards = rep.get("/api/v1/work-logs", query_string={"day_from": "2026-02-01", "day_to": "2026-01-01"})
    assert backwards.status_code == 422
    assert backwards.json["error"]["fields"] == {"day_to": ["This date is before day_from."]}


def test_a_day_in_the_middle_of_a_week_finds_that_weeks_plan_whatever_the_kind(api_client, tenant_session, world):
    plan = add_work_log(tenant_session, world, "acme", "rep_n1", "weekly", day=date(2026, 1, 5), body="Plan")
    wednesday = add_work_log(tenant_session, world, "acme", "rep_n1", day=date(2026, 1, 7), body="Wednesday")
    monday = add_work_log(tenant_session, world, "acme", "rep_n1", day=date(2026, 1, 5), body="Monday")
    rep = api_client("acme", "rep_n1")

    def listed(**args):
        return {item["id"] for item in rep.get("/api/v1/work-logs", query_string=args).json["items"]}

    # Logs and plans together: the plan of the week holding day_from is in, the log of a day before it is not.
    assert listed(day_from="2026-01-07") == {plan, wednesday}
    assert listed(day_from="2026-01-07", kind="weekly") == {plan}
    assert listed(day_from="2026-01-07", kind="daily") == {wednesday}
    assert listed(day_from="2026-01-05", day_to="2026-01-05") == {plan, monday}
