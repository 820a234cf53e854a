"""Work logs: one per day and one plan per week, written by their author; read and commented on within the remit."""
from datetime import date, datetime, timedelta, timezone

import pytest

from collaboration_support import add_work_log
from crm_platform.testing import MISSING_ID
from statements_support import statements


@pytest.fixture
def logs(tenant_session, world):
    """A daily log of each rep and manager_north on 2026-01-05, and rep_n1's plan for that week."""
    made = {user: add_work_log(tenant_session, world, "acme", user, body=f"{user} worked")
            for user in ("rep_n1", "rep_n2", "rep_s1", "manager_north")}
    made["rep_n1_plan"] = add_work_log(tenant_session, world, "acme", "rep_n1", "weekly", body="Visit Alpha")
    return made


READS = {
    "admin": {"rep_n1", "rep_n2", "rep_s1", "manager_north", "rep_n1_plan"},
    "executive": {"rep_n1", "rep_n2", "rep_s1", "manager_north", "rep_n1_plan"},
    "manager_north": {"rep_n1", "rep_n2", "manager_north", "rep_n1_plan"},
    "manager_south": {"rep_s1"},
    "rep_n1": {"rep_n1", "rep_n1_plan"},
    "rep_n2": {"rep_n2"},
    "rep_s1": {"rep_s1"},
}


@pytest.mark.parametrize("user", sorted(READS))
def test_each_reads_their_own_and_their_subtrees(api_client, logs, user):
    client = api_client("acme", user)
    listed = {item["id"] for item in client.get("/api/v1/work-logs").json["items"]}
    assert {key for key, id_ in logs.items() if id_ in listed} == READS[user]
    for key, id_ in logs.items():
        assert client.get(f"/api/v1/work-logs/{id_}").status_code == (200 if key in READS[user] else 404)
        comment = client.post(f"/api/v1/work-logs/{id_}/comments", json={"body": "Noted"})
        assert comment.status_code == (201 if key in READS[user] else 404)


def test_a_colleagues_log_is_the_missing_ids_404_on_pages_and_api(api_client, page_client, logs):
    api, page = api_client("acme", "rep_n2"), page_client("acme", "rep_n2")
    for id_ in (logs["rep_n1"], MISSING_ID):
        answers = [api.get(f"/api/v1/work-logs/{id_}"), api.patch(f"/api/v1/work-logs/{id_}", json={"body": "x"}),
                   api.get(f"/api/v1/work-logs/{id_}/comments"),
                   api.post(f"/api/v1/work-logs/{id_}/comments", json={"body": "x"})]
        assert [a.status_code for a in answers] == [404] * 4
        pages = [page.get(f"/work-logs/{id_}"), page.get(f"/work-logs/{id_}/edit"),
                 page.post(f"/work-logs/{id_}/edit", data={"body": "x"}),
                 page.post(f"/work-logs/{id_}/comments", data={"body": "x"})]
        assert [p.status_code for p in pages] == [404] * 4


def test_one_log_per_day_and_one_plan_per_week(api_client):
    rep = api_client("acme", "rep_n1")
    today = rep.post("/api/v1/work-logs", json={"body": "Three calls"})
    assert today.status_code == 201 and today.json["kind"] == "daily"
    again = rep.post("/api/v1/work-logs", json={"body": "More", "day": today.json["day"]})
    assert again.status_code == 409 and "already" in again.json["error"]["message"]
    plan = rep.post("/api/v1/work-logs", json={"kind": "weekly", "body": "Visit Beta", "day": "2026-01-07"})
    assert plan.status_code == 201 and plan.json["day"] == "2026-01-05"  # kept under the week's Monday
    assert rep.post("/api/v1/work-logs", json={"kind": "weekly", "body": "x", "day": "2026-01-11"}).status_code == 409
    assert rep.post("/api/v1/work-logs", json={"kind": "daily", "body": "x", "day": "2026-01-05"}).status_code == 201
    # Someone else keeps their own day.
    assert api_client("acme", "rep_n2").post("/api/v1/work-logs", json={"body": "Mine"}).status_code == 201


def test_logs_cannot_be_written_ahead(api_client):
    rep = api_client("acme", "rep_n1")
    today = datetime.now(timezone.utc).date()  # the world's workspaces keep UTC
    future = (today + timedelta(days=3)).isoformat()
    far = (today + timedelta(days=20)).isoformat()
    assert rep.post("/api/v1/work-logs", json={"body": "x", "day": future}).status_code == 422
    assert rep.post("/api/v1/work-logs", json={"kind": "weekly", "body": "x", "day": far}).status_code == 422
    next_week = (today + timedelta(days=7)).isoformat()
    assert rep.post("/api/v1/work-logs", json={"kind": "weekly", "body": "x", "day": next_week}).status_code == 201
    assert rep.post("/api/v1/work-logs", json={"body": ""}).status_code == 422


def test_only_the_author_edits_a_log(api_client, logs):
    log = logs["rep_n1"]
    assert api_client("acme", "manager_north").patch(f"/api/v1/work-logs/{log}", json={"body": "x"}).status_code \
        == 403
    changed = api_client("acme", "rep_n1").patch(f"/api/v1/work-logs/{log}", json={"body": "Called Alpha twice"})
    assert changed.status_code == 200 and changed.json["body"] == "Called Alpha twice"


def test_an_edit_reads_the_log_once(api_client, logs, app):
    """The author check above the body (allowed_first) hands the log it read to the view."""
    client = api_client("acme", "rep_n1")
    client.get("/api/v1/work-logs")  # writes the token's last use
    with statements(app) as sent:
        changed = client.patch(f"/api/v1/work-logs/{logs['rep_n1']}", json={"body": "Called Alpha again"})
    assert changed.status_code == 200 and changed.json["body"] == "Called Alpha again"
    write = next(i for i, sql in enumerate(sent) if sql.startswith("UPDATE work_logs"))
    # Before the write: one look-up (after it, the answer reloads the changed row).
    assert len([sql for sql in sent[:write] if sql.startswith("SELECT") and "FROM work_logs" in sql]) == 1, sent


def test_the_manager_comments_and_the_author_replies(api_client, logs, world):
    log = logs["rep_n1"]
    manager, rep = api_client("acme", "manager_north"), api_client("acme", "rep_n1")
    assert manager.post(f"/api/v1/work-logs/{log}/comments", json={"body": "Follow up on the quote"}).status_code \
        == 201
    assert rep.post(f"/api/v1/work-logs/{log}/comments", json={"body": "Done today"}).status_code == 201
    listed = rep.get(f"/api/v1/work-logs/{log}/comments").json["items"]
    assert [(c["author"]["id"], c["body"]) for c in listed] == [
        (world.acme.users["manager_north"].id, "Follow up on the quote"),
        (world.acme.users["rep_n1"].id, "Done today")]
    assert rep.get(f"/api/v1/work-logs/{log}").json["comment_count"] == 2
    assert api_client("acme", "manager_south").post(f"/api/v1/work-logs/{log}/comments",
                                                    json={"body": "x"}).status_code == 404


def test_filters_by_person_kind_and_days(api_client, tenant_session, world, logs):
    add_work_log(tenant_session, world, "acme", "rep_n1", day=date(2026, 1, 9), body="Friday")
    manager = api_client("acme", "manager_north")

    def listed(**args):
        response = manager.get("/api/v1/work-logs", query_string=args)
        assert response.status_code == 200, response.json
        return [item["id"] for item in response.json["items"]]

    rep_n1 = world.acme.users["rep_n1"].id
    assert set(listed(user_id=rep_n1)) == {logs["rep_n1"], logs["rep_n1_plan"], listed(day_from="2026-01-06")[0]}
    assert listed(user_id=rep_n1, kind="weekly") == [logs["rep_n1_plan"]]
    assert listed(kind="weekly", day_from="2026-01-07") == [logs["rep_n1_plan"]]  # the plan of that week
    assert set(listed(day_to="2026-01-05", kind="daily")) == {logs["rep_n1"], logs["rep_n2"], logs["manager_north"]}
    assert listed(user_id=world.acme.users["rep_s1"].id) == []
    assert manager.get("/api/v1/work-logs", query_string={"day_from": "2026-02-01",
                                                          "day_to": "2026-01-01"}).status_code == 422


def test_who_has_not_written_todays_log(api_client, world):
    api_client("acme", "rep_n1").post("/api/v1/work-logs", json={"body": "Three calls"})
    missing = api_client("acme", "manager_north").get("/api/v1/work-logs/missing").json
    assert {user["id"] for user in missing["missing"]} == {world.acme.users["manager_north"].id,
                                                           world.acme.users["rep_n2"].id}
