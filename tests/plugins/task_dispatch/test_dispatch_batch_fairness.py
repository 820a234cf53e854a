"""The batch preview's fairness is the board's: the Gini of effort given in the window / capacity, before and after."""
from datetime import timedelta

import pytest
from dispatch_batch_kit import batch_world
from dispatch_board_kit import make_assignment
from dispatch_tasks_kit import make_task

from crm_platform.sdk import User, utcnow

from plugins.task_dispatch.batch import service
from plugins.task_dispatch.fairness import gini


def test_the_preview_reports_the_boards_fairness_before_and_after_the_plan(dispatch, tenant_session, api_client):
    """rep_s1 was given 2 points last week (that task is done): the board reads 2/3; the plan evens it out."""
    ids = batch_world(dispatch, tenant_session, tasks=4)
    done = make_task(dispatch, tenant_session, effort=2, status="done", assignee_id=dispatch.acme.users["rep_s1"].id)
    make_assignment(dispatch, tenant_session, done, "rep_s1", created_at=utcnow() - timedelta(days=7))
    board = api_client("acme", "admin").get("/api/v1/dispatch/fairness").get_json()
    assert board["gini"] == pytest.approx(2 / 3, abs=1e-4)
    with tenant_session("acme", dispatch.acme.users["admin"]) as session:
        batch = service.preview_batch(session.get(User, dispatch.acme.users["admin"].id), ids)
        summary, plan = batch.summary, batch.plan
    assert summary["fairness_before"] == board["gini"]
    given = {dispatch.acme.users[key].id: 0 for key in ("rep_n1", "rep_n2", "rep_s1")}
    given[dispatch.acme.users["rep_s1"].id] += 2
    for row in plan:
        given[row["user_id"]] += row["effort"]
    assert summary["fairness_after"] == round(gini([points / 2 for points in given.values()]), 4)
