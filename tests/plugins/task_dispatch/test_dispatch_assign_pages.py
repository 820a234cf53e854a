"""The task page's candidates section: score bars, breakdown, "why not?", assign forms and the stored explanation."""
import re

import pytest
from dispatch_scoring_kit import add_item, add_profile, make_task
from sqlalchemy import select

from plugins.task_dispatch.models import Assignment, Task


@pytest.fixture
def task_id(dispatch, tenant_session):
    """acme's task on alpha needing plumbing 3: rep_n1 (3) first, rep_n2 (5) second, rep_s1 refused."""
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        add_item(session, "skill", "plumbing", "Plumbing")
        add_profile(session, users["rep_n1"].id, skills={"plumbing": 3})
        add_profile(session, users["rep_n2"].id, skills={"plumbing": 5})
        add_profile(session, users["rep_s1"].id)
        task = make_task(session, users["admin"].id, customer_id=dispatch.acme.customers["n1_alpha"].id, due=None,
                         required_skills=[{"skill": "plumbing", "level": 3}])
        session.commit()
        return task.id


def test_the_task_page_ranks_candidates_with_bars_and_says_why_not(dispatch, task_id, page_client):
    html = page_client("acme", "admin").get(f"/dispatch/tasks/{task_id}").get_data(as_text=True)
    users = dispatch.acme.users
    assert 'id="dispatch-candidates"' in html
    assert html.index(f'id="candidate-{users["rep_n1"].id}"') < html.index(f'id="candidate-{users["rep_n2"].id}"')
    assert re.search(r'<meter class="dispatch-score" min="0" max="1" value="0\.\d+">', html)  # no inline style
    assert "Skill fit" in html and "Breakdown" in html
    assert "Required skills: “Plumbing” below level 3" in html
    assert html.count('name="user_id"') == 2 and html.count('name="reason"') == 1  # a reason for the second only
    assert "Not assigned yet." in html
    standalone = page_client("acme", "admin").get(f"/dispatch/assign/tasks/{task_id}")
    assert standalone.status_code == 200 and 'id="dispatch-candidates"' in standalone.get_data(as_text=True)


def test_assigning_from_the_page_needs_a_reason_for_the_second_then_shows_the_explanation(
        dispatch, task_id, page_client, tenant_session):
    admin = page_client("acme", "admin")
    second = dispatch.acme.users["rep_n2"].id
    refused = admin.post(f"/dispatch/assign/tasks/{task_id}", data={"user_id": str(second)}, follow_redirects=True)
    assert "Say why you choose someone other than the top candidate." in refused.get_data(as_text=True)
    with tenant_session("acme") as session:
        assert session.scalars(select(Assignment)).all() == []
    done = admin.post(f"/dispatch/assign/tasks/{task_id}", data={"user_id": str(second), "reason": "Has the key",
                                                                 "next": f"/dispatch/tasks/{task_id}"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/dispatch/tasks/{task_id}")
    html = admin.get(f"/dispatch/tasks/{task_id}").get_data(as_text=True)
    assert "assigned (rank 2 of 2)." in html  # the flash message
    assert "Reason: Has the key" in html and "rank 2 of 2 candidates, policy version 0" in html
    assert "Best alternatives: Rep N1" in html
    with tenant_session("acme") as session:
        assert session.get(Task, task_id).assignee_id == second


def test_someone_without_the_permission_may_only_take_it_themselves(dispatch, task_id, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")  # owns alpha
    html = rep.get(f"/dispatch/tasks/{task_id}").get_data(as_text=True)
    assert html.count('name="user_id"') == 1 and "Take it" in html and "Why not the others?" not in html
    assert rep.post(f"/dispatch/assign/tasks/{task_id}",
                    data={"user_id": str(dispatch.acme.users["rep_n2"].id), "reason": "x"}).status_code == 403
    taken = rep.post(f"/dispatch/assign/tasks/{task_id}", data={"user_id": str(dispatch.acme.users["rep_n1"].id)},
                     follow_redirects=True)
    assert "assigned (rank 1 of 2)" in taken.get_data(as_text=True)


def test_invisible_tasks_and_odd_ids_are_refused(dispatch, task_id, page_client):
    south = page_client("acme", "rep_s1")
    assert south.get(f"/dispatch/assign/tasks/{task_id}").status_code == 404
    assert south.post(f"/dispatch/assign/tasks/{task_id}", data={"user_id": "1"}).status_code == 404
    assert page_client("acme", "admin").post(f"/dispatch/assign/tasks/{task_id}",
                                             data={"user_id": "²"}).status_code == 400
