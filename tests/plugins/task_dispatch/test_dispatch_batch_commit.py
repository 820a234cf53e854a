"""Committing a batch: the explanations and audit entries it stores, the ranks its preview showed, rules re-checked."""
import pytest
from dispatch_batch_kit import batch_world
from dispatch_tasks_kit import make_task
from sqlalchemy import select

from crm_platform.models import AuditEntry
from crm_platform.sdk import User

from plugins.task_dispatch.batch import service
from plugins.task_dispatch.models import Assignment, Batch, Profile, Task


def preview(dispatch, tenant_session, task_ids):
    """The admin's preview of `task_ids`: (batch id, plan)."""
    admin = dispatch.acme.users["admin"]
    with tenant_session("acme", admin) as session:
        batch = service.preview_batch(session.get(User, admin.id), task_ids)
        return batch.id, batch.plan


def commit(dispatch, tenant_session, batch_id):
    """Commit the admin's batch."""
    admin = dispatch.acme.users["admin"]
    with tenant_session("acme", admin) as session:
        return service.commit_batch(session.get(User, admin.id), batch_id).status


def test_commit_stores_the_previewed_ranks_and_one_audit_entry_per_assignment(dispatch, tenant_session):
    """rep_s1's capacity is full: no task's candidate; each stored rank and count is the preview's; each row audited."""
    ids = batch_world(dispatch, tenant_session, tasks=4)
    make_task(dispatch, tenant_session, status="assigned", assignee_id=dispatch.acme.users["rep_s1"].id, effort=2)
    batch_id, plan = preview(dispatch, tenant_session, ids)
    assert {row["candidates"] for row in plan} == {2} and {row["rank"] for row in plan} <= {1, 2}
    assert commit(dispatch, tenant_session, batch_id) == "committed"
    with tenant_session("acme") as session:
        rows = {row.task_id: row for row in session.scalars(select(Assignment).where(Assignment.batch_id == batch_id))}
        assert {task_id: (row.user_id, row.rank, row.candidates) for task_id, row in rows.items()} == {
            row["task_id"]: (row["user_id"], row["rank"], row["candidates"]) for row in plan}
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "dispatch_assignment")).all()
        assert sorted(entry.entity_id for entry in audit) == sorted(row.id for row in rows.values())
        for entry in audit:
            row = next(row for row in rows.values() if row.id == entry.entity_id)
            assert entry.action == "create" and entry.actor_id == dispatch.acme.users["admin"].id
            assert {key: entry.changes[key] for key in ("policy_version", "total", "rank", "candidates", "factors",
                                                        "alternatives", "batch_id", "mode")} == {
                "policy_version": row.policy_version, "total": row.total, "rank": row.rank,
                "candidates": row.candidates, "factors": row.factors, "alternatives": row.alternatives,
                "batch_id": batch_id, "mode": "batch"}
        tasks = session.scalars(select(AuditEntry).where(AuditEntry.entity == "dispatch_task",
                                                          AuditEntry.action == "update",
                                                          AuditEntry.entity_id.in_(ids))).all()
        assert len(tasks) == len(ids) and all(entry.changes["status"] == ["unassigned", "assigned"] for entry in tasks)


def test_commit_refuses_a_person_a_rule_now_refuses_naming_task_and_rule(dispatch, tenant_session):
    """A planned person lost the skill since the preview: stale, the task and the failing rule named, nothing stored."""
    ids = batch_world(dispatch, tenant_session, tasks=2)
    batch_id, plan = preview(dispatch, tenant_session, ids)
    lost = plan[0]
    with tenant_session("acme") as session:
        session.scalar(select(Profile).where(Profile.user_id == lost["user_id"])).skills = {}
        session.commit()
    with pytest.raises(service.BatchStale) as stale:
        commit(dispatch, tenant_session, batch_id)
    assert f"{lost['number']}: {lost['name']} cannot take this task" in stale.value.description
    assert "below level 1" in stale.value.description
    with tenant_session("acme") as session:
        assert session.get(Batch, batch_id).status == "stale"
        assert session.scalars(select(Assignment)).all() == []
        assert {session.get(Task, task_id).status for task_id in ids} == {"unassigned"}
