"""The computation as a background job on a real Redis: the nightly schedule with its monthly snapshots, a run
started from the API (one at a time), and what happens when jobs are down."""
from datetime import datetime, time, timedelta, timezone

import pytest
from insights_runs_kit import add_purchases, months_back, runs, scores, snapshots

from crm_platform.sdk import enqueue, workspace_today

from plugins.customer_insights.runs.jobs import KIND, SCHEDULE, STAGE

API = "/api/v1/insights/runs"


@pytest.fixture
def bought(insights, tenant_session):
    """acme's purchases over the last three ended months and this one; globex's in the last ended month only."""
    with tenant_session("acme"):
        today = workspace_today()
    rows = [("n1_alpha", months_back(today, 3) + timedelta(days=4), "10.00"),
            ("n1_alpha", months_back(today, 1) + timedelta(days=9), "30.00"),
            ("n2", months_back(today, 2), "20.00"), ("s1", today, "5.00")]
    add_purchases(insights, tenant_session, rows)
    add_purchases(insights, tenant_session, [("n2", months_back(today, 1), "7.00")], tenant="globex")
    return today


def job_rows(api, scope="workspace"):
    return [job for job in api.get(f"/api/v1/jobs?scope={scope}").json["items"] if job["kind"] == KIND]


def test_the_nightly_run_computes_and_takes_the_ended_months_once(insights, bought, jobs, tenant_session,
                                                                 api_client):
    today = bought
    started = jobs.tick(datetime.combine(today, time(2, 30), timezone.utc))["started"]
    assert sorted((tenant, name) for tenant, name, _ in started if name.startswith("customer_insights")) == sorted(
        [(insights.acme.id, SCHEDULE), (insights.globex.id, SCHEDULE)])
    assert jobs.work()
    (job,) = job_rows(api_client("acme", "admin"))
    assert job["status"] == "finished", job["error"]
    months = [months_back(today, count) for count in (3, 2, 1)]
    assert job["result"]["snapshots"] == [month.isoformat() for month in months]
    assert job["progress"] == {"done": 4 * STAGE, "total": 4 * STAGE, "percent": 100}
    (run,) = runs(tenant_session)
    assert (run["status"], run["as_of"], run["started_by_id"], run["job_id"]) == ("done", today, None, str(job["id"]))
    assert job["result"]["run_id"] == run["id"] and job["result"]["purchases"] == 4
    assert sorted(snapshots(insights, tenant_session)) == months
    assert sorted(snapshots(insights, tenant_session, "globex")) == [months_back(today, 1)]
    assert scores(insights, tenant_session)["s1"]["purchases"] == 1

    # Later the same night the schedule starts nothing; run once more, the job takes no month twice.
    later = jobs.tick(datetime.combine(today, time(3, 30), timezone.utc))["started"]
    assert not [name for _, name, _ in later if name.startswith("customer_insights")]
    figures = {key: {k: v for k, v in row.items() if k != "id"} for key, row in scores(insights, tenant_session).items()}
    with tenant_session("acme"):
        enqueue(KIND, None, {"snapshots": True})
    assert jobs.work()
    (second,) = [row for row in job_rows(api_client("acme", "admin")) if row["id"] != job["id"]]
    assert (second["status"], second["result"]["snapshots"]) == ("finished", [])
    assert sorted(snapshots(insights, tenant_session)) == months
    assert {key: {k: v for k, v in row.items() if k != "id"}
            for key, row in scores(insights, tenant_session).items()} == figures
    assert [run["status"] for run in runs(tenant_session)] == ["done", "done"]


def test_a_run_started_through_the_api_is_one_at_a_time(insights, bought, jobs, tenant_session, api_client):
    api = api_client("acme", "admin")
    first = api.post(API, json={"as_of": "2025-06-30"})
    assert first.status_code == 202
    assert first.json["status"] == "queued" and first.json["runs_page"] == "/insights/runs/"
    assert first.json["job_page"] == "/jobs/"
    busy = api.post(API, json={})
    assert busy.status_code == 409 and "under way" in busy.json["error"]["message"]
    assert api_client("globex", "admin").post(API, json={}).status_code == 202  # another workspace's is its own
    assert jobs.work()
    job = api.get(f"/api/v1/jobs/{first.json['job_id']}").json
    assert job["status"] == "finished" and job["result"]["snapshots"] == []
    (run,) = api.get(API).json["items"]
    assert (run["as_of"], run["status"], run["job_id"]) == ("2025-06-30", "done", first.json["job_id"])
    assert run["started_by_id"] == insights.acme.users["admin"].id
    assert api.post(API, json={}).status_code == 202  # the first one has finished


def test_the_runs_page_starts_one_and_says_where_to_follow_it(insights, jobs, page_client):
    page = page_client("acme", "admin")
    started = page.post("/insights/runs/start", follow_redirects=True).get_data(as_text=True)
    assert "its progress is on the Jobs page" in started and 'id="run-under-way"' in started
    assert 'href="/jobs/"' in started
    again = page.post("/insights/runs/start", follow_redirects=True).get_data(as_text=True)
    assert "already under way" in again
    assert jobs.work()
    done = page.get("/insights/runs/").get_data(as_text=True)
    assert 'id="run-under-way"' not in done and 'data-status="done"' in done


def test_when_jobs_are_down_nothing_starts_and_the_answer_says_so(app, insights, api_client, page_client):
    app.config["CRM_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.extensions.pop("crm_redis", None)
    refused = api_client("acme", "admin").post(API, json={})
    assert refused.status_code == 503 and "nothing was started" in refused.json["error"]["message"]
    page = page_client("acme", "admin").post("/insights/runs/start", follow_redirects=True)
    assert "nothing was started" in page.get_data(as_text=True)
    assert api_client("acme", "admin").get(API).json["items"] == []
