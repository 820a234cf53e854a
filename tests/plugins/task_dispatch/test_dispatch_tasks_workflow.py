"""The workflow (start, finish, cancel; no reopening), who may move a task, ratings and the performance they feed."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dispatch_tasks_kit import make_profile, make_task
from plugins.task_dispatch import events
from plugins.task_dispatch.models import Profile, Task
from plugins.task_dispatch.tasks.performance import WINDOW, figures, refresh_performance

TASKS = "/api/v1/dispatch/tasks"
UTC = timezone.utc


def status(client, task, to, **extra):
    """POST a status change; the response."""
    return client.post(f"{TASKS}/{task.id}/status", json={"status": to, **extra})


@pytest.fixture
def given(dispatch, tenant_session):
    """An Alpha Trading task created by manager_north, given to rep_n1 (who has a profile)."""
    make_profile(dispatch, tenant_session, "rep_n1")
    return make_task(dispatch, tenant_session, status="assigned", customer_id=dispatch.acme.customers["n1_alpha"].id,
                     assignee_id=dispatch.acme.users["rep_n1"].id,
                     created_by_id=dispatch.acme.users["manager_north"].id,
                     due=datetime(2100, 1, 1, tzinfo=UTC))


def test_the_assignee_starts_and_finishes_with_the_outcome(dispatch, given, api_client):
    seen = []
    events.task_status_changed.connect(receiver := lambda task, **kw: seen.append((kw["old"], kw["new"])))
    rep = api_client("acme", "rep_n1")
    started = status(rep, given, "in_progress")
    assert started.status_code == 200 and started.get_json()["started_at"]
    done = status(rep, given, "done", outcome="Pump replaced").get_json()
    assert done["status"] == "done" and done["outcome"] == "Pump replaced" and done["finished_at"]
    events.task_status_changed.disconnect(receiver)
    assert seen == [("assigned", "in_progress"), ("in_progress", "done")]


def test_finishing_an_assigned_task_stamps_its_start_too(dispatch, given, api_client):
    done = status(api_client("acme", "rep_n1"), given, "done").get_json()
    assert done["started_at"] == done["finished_at"]


@pytest.mark.parametrize("user, to, code", [
    ("rep_n2", "in_progress", 404),        # does not see it
    ("manager_north", "in_progress", 200),  # a dispatcher, on the assignee's behalf
    ("rep_n1", "cancelled", 403),           # the assignee neither created it nor dispatches
    ("manager_north", "cancelled", 200),
    ("admin", "cancelled", 200),
])
def test_who_may_move_a_task(dispatch, given, api_client, user, to, code):
    assert status(api_client("acme", user), given, to).status_code == code


def test_an_unassigned_task_is_only_cancelled_and_a_closed_one_stays_closed(dispatch, tenant_session, api_client):
    loose = make_task(dispatch, tenant_session)
    admin = api_client("acme", "admin")
    refused = status(admin, loose, "in_progress")
    assert refused.status_code == 422 and "cannot become" in str(refused.get_json()["error"]["fields"]["status"])
    assert status(admin, loose, "cancelled").status_code == 200
    for to in ("in_progress", "done", "cancelled"):
        assert status(admin, loose, to).status_code == 422
    assert admin.patch(f"{TASKS}/{loose.id}", json={"title": "Again"}).status_code == 403
    assert admin.post(TASKS + f"/{loose.id}/status", json={"status": "unassigned"}).status_code == 422


def test_the_creator_rates_on_completion_and_performance_follows(dispatch, given, api_client, tenant_session):
    rep, manager = api_client("acme", "rep_n1"), api_client("acme", "manager_north")
    assert status(rep, given, "done", rating=5).status_code == 422  # the assignee never rates their own work
    assert status(manager, given, "done", rating=4, outcome="Done well").get_json()["rating"] == 4
    with tenant_session("acme") as session:
        profile = session.scalar(select(Profile).where(Profile.user_id == dispatch.acme.users["rep_n1"].id))
        assert profile.performance_tasks == 1 and profile.performance_on_time == 1.0
        assert profile.performance_rating == 4 and profile.performance == pytest.approx((1 + 0.75) / 2)
    assert manager.post(f"{TASKS}/{given.id}/rating", json={"rating": 2}).get_json()["rating"] == 2
    assert rep.post(f"{TASKS}/{given.id}/rating", json={"rating": 5}).status_code == 403
    assert manager.post(f"{TASKS}/{given.id}/rating", json={"rating": 6}).status_code == 422
    with tenant_session("acme") as session:
        profile = session.scalar(select(Profile).where(Profile.user_id == dispatch.acme.users["rep_n1"].id))
        assert profile.performance == pytest.approx((1 + 0.25) / 2)


def test_only_a_finished_task_is_rated(dispatch, given, api_client):
    answer = api_client("acme", "manager_north").post(f"{TASKS}/{given.id}/rating", json={"rating": 3})
    assert answer.status_code == 422 and "finished" in str(answer.get_json()["error"]["fields"]["rating"])


def test_performance_looks_at_the_last_finished_tasks_only(dispatch, tenant_session):
    rep = dispatch.acme.users["rep_n1"].id
    make_profile(dispatch, tenant_session, "rep_n1")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(WINDOW):  # recent: on time, rated 5
        make_task(dispatch, tenant_session, status="done", assignee_id=rep, rating=5,
                  due=start + timedelta(days=n + 1), finished_at=start + timedelta(days=n))
    make_task(dispatch, tenant_session, status="done", assignee_id=rep, rating=1,  # older: late, rated 1
              due=start - timedelta(days=30), finished_at=start - timedelta(days=10))
    make_task(dispatch, tenant_session, status="cancelled", assignee_id=rep, rating=1, finished_at=start)
    with tenant_session("acme"):
        profile = refresh_performance(rep)
        assert (profile.performance_tasks, profile.performance_on_time, profile.performance_rating,
                profile.performance) == (WINDOW, 1.0, 5.0, 1.0)
        assert refresh_performance(dispatch.acme.users["rep_n2"].id) is None  # no profile, nothing to refresh


def test_the_figures_blend_what_there_is(dispatch, tenant_session):
    due = datetime(2026, 1, 2, tzinfo=UTC)
    late, on_time = Task(due=due, finished_at=due + timedelta(hours=1)), Task(due=due, finished_at=due)
    open_ended = Task(due=None, finished_at=due, rating=3)
    assert figures([]) == (None, None, None)
    assert figures([late, on_time]) == (0.5, None, 0.5)
    assert figures([open_ended]) == (None, 3.0, 0.5)
    assert figures([late, open_ended]) == (0.0, 3.0, 0.25)
