"""The runs API and page: who starts a run, who sees workspace-wide counts and fitted models, and bad input."""
from datetime import date, datetime, timedelta, timezone

import pytest
from insights_runs_kit import add_purchases

from crm_platform.sdk import workspace_today

from plugins.customer_insights.models import Run
from plugins.customer_insights.runs import pipeline

API = "/api/v1/insights/runs"
MODELS = {"period": {"start": "2024-07-01", "mid": "2024-12-30", "end": "2025-06-30"},
          "bgnbd": {"r": 0.24259, "alpha": 4.41359, "a": 0.79292, "b": 2.42589, "converged": True},
          "gamma_gamma": None,
          "left_out": {"after_as_of": 0, "unknown_customers": 0, "other_currencies": {"USD": 3},
                       "spend": {"reason": "too_few_spenders", "text": "...", "spenders": 4, "minimum": 20}}}


@pytest.fixture
def done_runs(insights, tenant_session):
    """acme's runs: an older one that failed and the latest, done, with fitted models; their ids, newest first."""
    with tenant_session("acme") as session:
        started = datetime(2025, 7, 1, 2, 30, tzinfo=timezone.utc)
        failed = Run(as_of=date(2025, 6, 29), status="failed", started_at=started - timedelta(days=1),
                     error="the disk is full", models={})
        done = Run(as_of=date(2025, 6, 30), status="done", started_at=started, finished_at=started,
                   customers=7, purchases=42, models=MODELS, job_id="12345",
                   started_by_id=insights.acme.users["admin"].id)
        session.add_all([failed, done])
        session.commit()
        return [done.id, failed.id]


def test_anyone_lists_the_runs_newest_first_but_only_configurers_see_the_workspace_figures(done_runs, api_client):
    admin = api_client("acme", "admin").get(API).json
    assert [run["id"] for run in admin["items"]] == done_runs and admin["next_cursor"] is None
    latest = admin["items"][0]
    assert (latest["customers"], latest["purchases"], latest["job_id"]) == (7, 42, 12345)
    assert latest["models"]["bgnbd"]["r"] == 0.24259 and admin["items"][1]["error"] == "the disk is full"
    rep = api_client("acme", "rep_n1").get(API).json["items"]
    assert [run["id"] for run in rep] == done_runs
    assert {(run["customers"], run["purchases"], run["models"], run["error"]) for run in rep} == {
        (None, None, None, None)}
    assert rep[0]["status"] == "done" and rep[0]["as_of"] == "2025-06-30"
    one = api_client("acme", "manager_north").get(f"{API}/{done_runs[0]}")
    assert one.status_code == 200 and one.json["models"] is None
    assert api_client("acme", "admin").get(f"{API}/{done_runs[0]}").json["models"]["left_out"]["other_currencies"] == {
        "USD": 3}


def test_runs_come_in_keyset_pages(done_runs, api_client):
    api = api_client("acme", "admin")
    first = api.get(f"{API}?limit=1").json
    assert [run["id"] for run in first["items"]] == done_runs[:1] and first["next_cursor"]
    second = api.get(f"{API}?limit=1&cursor={first['next_cursor']}").json
    assert [run["id"] for run in second["items"]] == done_runs[1:] and second["next_cursor"] is None
    assert api.get(f"{API}?cursor=nonsense").status_code == 400


def test_only_configurers_start_a_run_and_bad_input_is_a_422_per_field(insights, api_client, tenant_session):
    for user in ("rep_n1", "manager_north", "executive"):
        assert api_client("acme", user).post(API, json={}).status_code == 403
    api = api_client("acme", "admin")
    with tenant_session("acme"):
        tomorrow = workspace_today() + timedelta(days=1)
    for body, field in (({"as_of": tomorrow.isoformat()}, "as_of"), ({"as_of": "soon"}, "as_of"),
                        ({"when": "now"}, "when")):
        refused = api.post(API, json=body)
        assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {field}
    assert api.get(f"{API}/1").status_code == 404


def test_the_page_shows_the_last_runs_fitted_models_to_configurers_only(done_runs, page_client):
    admin = page_client("acme", "admin").get("/insights/runs/").get_data(as_text=True)
    assert 'id="compute-now"' in admin and 'id="fitted-models"' in admin
    assert "0.2426" in admin and "4.4136" in admin and "2.4259" in admin
    assert "Purchases in USD (not the workspace currency): 3" in admin
    assert "4 customers spent on a repeat purchase day" in admin
    assert 'id="run-%s" data-status="done"' % done_runs[0] in admin and "the disk is full" in admin
    rep = page_client("acme", "rep_n1").get("/insights/runs/").get_data(as_text=True)
    assert 'id="run-%s"' % done_runs[0] in rep
    assert 'id="compute-now"' not in rep and 'id="fitted-models"' not in rep and "the disk is full" not in rep
    assert page_client("acme", "rep_n1").post("/insights/runs/start").status_code == 403


def test_the_page_is_in_chinese_with_the_snapshot_months(insights, tenant_session, page_client, api_client):
    add_purchases(insights, tenant_session, [("n1_alpha", date(2025, 1, 3), "9.00")])
    with tenant_session("acme"):
        pipeline.snapshot(date(2025, 1, 1))
        pipeline.compute(date(2025, 6, 30))
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    page = page_client("acme", "admin").get("/insights/runs/").get_data(as_text=True)
    assert "2025-01" in page and "立即计算" in page


def test_a_module_left_off_has_no_runs(world, api_client, page_client):
    assert api_client("acme", "admin").get(API).status_code == 404
    assert page_client("acme", "admin").get("/insights/runs/").status_code == 404
