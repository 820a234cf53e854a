"""Batch optimisation through the service and the API: preview, commit, stale plans, limits, visibility."""
import pytest
from dispatch_batch_kit import batch_world
from dispatch_tasks_kit import make_task
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import User

from plugins.task_dispatch.batch import service
from plugins.task_dispatch.models import Assignment, Batch, Task


def preview(tenant_session, world, task_ids, user="admin", tenant="acme"):
    """Preview a batch as the world's `user`; the Batch's id, status, plan and summary."""
    with tenant_session(tenant, world[tenant].users[user]) as session:
        batch = service.preview_batch(session.get(User, world[tenant].users[user].id), task_ids)
        return {"id": batch.id, "status": batch.status, "plan": batch.plan, "summary": batch.summary}


def commit(tenant_session, world, batch_id, user="admin", tenant="acme"):
    """Commit a batch as the world's `user`; its status."""
    with tenant_session(tenant, world[tenant].users[user]) as session:
        return service.commit_batch(session.get(User, world[tenant].users[user].id), batch_id).status


def test_preview_plans_within_capacity_and_commit_assigns_with_explanations(dispatch, tenant_session):
    """Five tasks, three people of capacity 2: all assigned, nobody over 2, ranks and greedy shown; commit stores all."""
    ids = batch_world(dispatch, tenant_session, tasks=5)
    batch = preview(tenant_session, dispatch, ids)
    summary = batch["summary"]
    assert batch["status"] == "preview"
    assert summary["mode"] == "equal" and summary["status"] == "optimal" and summary["gap"] == 0.0
    assert summary["assigned"] == 5 and summary["assigned"] >= summary["greedy_assigned"]
    assert summary["score"] >= summary["greedy_score"] - 1e-9 or summary["weighted"] > summary["greedy_weighted"]
    loads = {person["user_id"]: person for person in summary["load"]}
    assert all(person["after"] <= person["capacity"] for person in loads.values())
    assert {row["task_id"] for row in batch["plan"]} == set(ids)
    assert all(1 <= row["rank"] <= row["candidates"] == 3 for row in batch["plan"])
    assert 0 <= summary["fairness_after"] <= 1
    assert commit(tenant_session, dispatch, batch["id"]) == "committed"
    with tenant_session("acme") as session:
        rows = session.scalars(select(Assignment).where(Assignment.batch_id == batch["id"])).all()
        assert len(rows) == 5 and {row.mode for row in rows} == {"batch"}
        assert all(row.factors and row.total is not None for row in rows)
        planned = {row["task_id"]: row["user_id"] for row in batch["plan"]}
        assert {task.id: task.assignee_id for task in session.scalars(select(Task).where(Task.id.in_(ids)))} == planned


def test_urgent_task_comes_first_when_capacity_is_short(dispatch, tenant_session):
    """Only one slot in all: the urgent task gets it (priority weight before score)."""
    ids = batch_world(dispatch, tenant_session, tasks=3, capacity=1)
    with tenant_session("acme") as session:
        for task_id in ids[1:]:
            session.get(Task, task_id).required_skills = [{"skill": "plumbing", "level": 5}]
        session.commit()
    batch = preview(tenant_session, dispatch, ids)
    chosen = {row["task_id"]: row["user_id"] for row in batch["plan"]}
    assert chosen[ids[0]] is not None
    assert sum(user is not None for user in chosen.values()) == 2


def test_differing_efforts_use_the_generalised_assignment_solver(dispatch, tenant_session):
    """Efforts 2, 1 and 1 with capacity 2 each: CP-SAT, proven optimal, every capacity kept."""
    ids = batch_world(dispatch, tenant_session, efforts=[2, 1, 1])
    summary = preview(tenant_session, dispatch, ids)["summary"]
    assert summary["mode"] == "differing" and summary["solver"] == "gap"
    assert summary["status"] == "optimal" and summary["gap"] == 0.0
    assert all(person["after"] <= person["capacity"] for person in summary["load"])


def test_commit_refuses_a_stale_plan_and_writes_nothing(dispatch, tenant_session):
    """A task assigned since the preview: the batch turns stale, says which task, and assigns nothing."""
    ids = batch_world(dispatch, tenant_session)
    batch = preview(tenant_session, dispatch, ids)
    with tenant_session("acme") as session:
        task = session.get(Task, ids[1])
        task.status, task.assignee_id = "assigned", dispatch.acme.users["rep_n1"].id
        number = task.number
        session.commit()
    with pytest.raises(service.BatchStale, match=number):
        commit(tenant_session, dispatch, batch["id"])
    with tenant_session("acme") as session:
        assert session.get(Batch, batch["id"]).status == "stale"
        assert session.scalars(select(Assignment)).all() == []
    with pytest.raises(ValidationError):
        commit(tenant_session, dispatch, batch["id"])


def test_commit_refuses_when_capacity_went_elsewhere(dispatch, tenant_session):
    """A person's capacity filled since the preview: stale, naming the person."""
    ids = batch_world(dispatch, tenant_session, tasks=6)
    batch = preview(tenant_session, dispatch, ids)
    make_task(dispatch, tenant_session, status="assigned", assignee_id=dispatch.acme.users["rep_n1"].id, effort=2)
    with pytest.raises(service.BatchStale, match="capacity"):
        commit(tenant_session, dispatch, batch["id"])


def test_ids_not_dispatchable_are_skipped_and_none_left_is_refused(dispatch, tenant_session):
    """Another workspace's and an assigned task's ids are skipped and counted; with none left, a ValidationError."""
    ids = batch_world(dispatch, tenant_session)
    foreign = batch_world(dispatch, tenant_session, tenant="globex")
    done = make_task(dispatch, tenant_session, status="done").id
    summary = preview(tenant_session, dispatch, ids[:2] + foreign + [done])["summary"]
    assert summary["tasks"] == 2 and summary["skipped"] == len(foreign) + 1
    with pytest.raises(ValidationError):
        preview(tenant_session, dispatch, foreign + [done])


def test_a_batch_is_its_makers_only(dispatch, tenant_session):
    """Another dispatcher gets the same 404 as for a missing batch."""
    ids = batch_world(dispatch, tenant_session)
    batch = preview(tenant_session, dispatch, ids)
    with tenant_session("acme") as session:
        with pytest.raises(Exception) as missing:
            service.batch_or_404(session.get(User, dispatch.acme.users["executive"].id), batch["id"])
        assert missing.value.code == 404


def test_api_previews_reads_and_commits(dispatch, tenant_session, api_client):
    """POST /dispatch/batches, GET it, commit it; a second commit is a 422; too many ids a 400; reps a 403."""
    ids = batch_world(dispatch, tenant_session)
    client = api_client("acme", "admin")
    created = client.post("/api/v1/dispatch/batches", json={"task_ids": ids})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["summary"]["assigned"] == 4 and len(body["plan"]) == 4
    assert client.get(f"/api/v1/dispatch/batches/{body['id']}").get_json()["status"] == "preview"
    committed = client.post(f"/api/v1/dispatch/batches/{body['id']}/commit")
    assert committed.status_code == 200 and committed.get_json()["status"] == "committed"
    assert client.post(f"/api/v1/dispatch/batches/{body['id']}/commit").status_code == 422
    too_many = client.post("/api/v1/dispatch/batches", json={"task_ids": list(range(1, service.MAX_TASKS + 2))})
    assert too_many.status_code == 400, too_many.get_json()
    assert "2000" in too_many.get_json()["error"]["message"]
    assert client.post("/api/v1/dispatch/batches", json={"task_ids": []}).status_code == 422
    assert api_client("acme", "rep_n1").post("/api/v1/dispatch/batches", json={"task_ids": ids}).status_code == 403


def test_api_commit_of_a_stale_plan_is_a_409(dispatch, tenant_session, api_client):
    """The plan's task taken meanwhile: 409 with the reason."""
    ids = batch_world(dispatch, tenant_session)
    client = api_client("acme", "admin")
    batch_id = client.post("/api/v1/dispatch/batches", json={"task_ids": ids}).get_json()["id"]
    with tenant_session("acme") as session:
        session.get(Task, ids[0]).status = "cancelled"
        session.commit()
    stale = client.post(f"/api/v1/dispatch/batches/{batch_id}/commit")
    assert stale.status_code == 409 and "no longer unassigned" in stale.get_json()["error"]["message"]
    assert client.get(f"/api/v1/dispatch/batches/{batch_id}").get_json()["summary"]["stale"]


def test_pages_choose_preview_and_commit(dispatch, tenant_session, page_client):
    """Tick tasks, see the preview (plan, totals, solver, load, fairness), commit it; a rep may not."""
    ids = batch_world(dispatch, tenant_session)
    client = page_client("acme", "admin")
    index = client.get("/dispatch/batch/")
    assert index.status_code == 200 and 'name="task_ids"' in index.get_data(as_text=True)
    created = client.post("/dispatch/batch/", data={"task_ids": [str(i) for i in ids]})
    assert created.status_code == 302
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    for part in ('id="batch-plan"', 'id="batch-summary"', 'id="batch-load"', "<meter", "proven optimal"):
        assert part in page
    committed = client.post(created.headers["Location"] + "/commit", follow_redirects=True)
    assert "4 tasks assigned" in committed.get_data(as_text=True)
    assert client.post("/dispatch/batch/", data={}).status_code == 400
    too_many = client.post("/dispatch/batch/", data={"task_ids": [str(i) for i in range(1, service.MAX_TASKS + 2)]})
    assert too_many.status_code == 400 and "2000" in too_many.get_data(as_text=True)
    assert page_client("acme", "rep_n1").get("/dispatch/batch/").status_code == 403
