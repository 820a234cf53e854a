"""Assigning many tasks at once stores exactly what assigning each alone stores: explanations from one scoring pass."""
import pytest
from dispatch_scoring_kit import NOW, add_customer_person, add_profile, make_task
from sqlalchemy import select

from crm_platform.sdk import User
from plugins.task_dispatch import events
from plugins.task_dispatch.assign.service import AssignRefused, assign, assign_many
from plugins.task_dispatch.models import Assignment, Task
from plugins.task_dispatch.policy.defaults import DEFAULT_WEIGHTS, Policy
from plugins.task_dispatch.scoring import engine

EVERYTHING = Policy(version=3, weights={key: 1.0 for key in DEFAULT_WEIGHTS})
"""Every built-in factor weighed, the opt-in ones too."""
STORED = ("task_id", "user_id", "actor_id", "mode", "policy_version", "batch_id", "effort", "total", "rank",
          "candidates", "factors", "alternatives", "reason")
"""The columns of an Assignment row that hold its explanation and who made it."""


@pytest.fixture
def crew(dispatch, tenant_session):
    """acme's people with ties, a full capacity, a preference and an exclusion; four tasks asking different things.

    rep_s1 and manager_north are alike (a tie broken by the lower id);
    manager_south scores the same with a load of 1 (ranked after them); rep_n2
    holds a task filling its capacity; executive lacks the skill. Returns the task ids.
    """
    users = dispatch.acme.users
    admin = users["admin"].id
    with tenant_session("acme") as session:
        add_profile(session, users["rep_n1"].id, skills={"pipes": 3}, home_region="North", hire_date=NOW.date())
        add_profile(session, users["rep_n2"].id, skills={"pipes": 5}, home_region="North", capacity=2)
        for key in ("rep_s1", "manager_north"):
            add_profile(session, users[key].id, skills={"pipes": 4}, home_region="South")
        add_profile(session, users["manager_south"].id, skills={"pipes": 4}, home_region="South", capacity=10)
        add_profile(session, users["executive"].id)
        make_task(session, admin, status="assigned", assignee_id=users["rep_n2"].id, effort=2)
        make_task(session, admin, status="assigned", assignee_id=users["manager_south"].id, effort=1)
        alpha = dispatch.acme.customers["n1_alpha"].id
        add_customer_person(session, alpha, users["rep_n1"].id, "preferred")
        add_customer_person(session, alpha, users["manager_south"].id, "excluded")
        ids = [make_task(session, admin, **fields).id for fields in (
            dict(required_skills=[{"skill": "pipes", "level": 3}], customer_id=alpha, region="North"),
            dict(required_skills=[{"skill": "pipes", "level": 1}]),
            dict(region="South", effort=2, due=None),
            dict(required_skills=[{"skill": "pipes", "level": 5}]),
            dict(required_skills=[{"skill": "pipes", "level": 2}], region="South"))]
        session.commit()
    return ids


def stored(row):
    """An Assignment row's stored columns."""
    return {column: getattr(row, column) for column in STORED}


def test_explanations_equal_each_tasks_ranking_for_everyone(dispatch, crew, tenant_session, monkeypatch):
    """Every (task, person) pair, across block boundaries: the same dict as explanation(rank(...)), or None."""
    monkeypatch.setattr(engine, "CHUNK", 4)
    with tenant_session("acme") as session:
        ctx = engine.build_context(EVERYTHING, NOW)
        tasks = [session.get(Task, task_id) for task_id in crew]
        people = [*ctx.user_ids, dispatch.acme.users["admin"].id]  # the admin takes no tasks
        pairs = [(task, user_id) for task in tasks for user_id in people]
        found = engine.explanations(ctx, [task for task, _ in pairs], [user_id for _, user_id in pairs])
        expected = []
        for task, user_id in pairs:
            ranking = engine.rank(ctx, task)
            expected.append(engine.explanation(ranking, user_id) if ranking.candidate(user_id) else None)
        assert found == expected
        assert sum(entry is not None for entry in found) >= 12
        tied = next(entry for entry in found if entry and len(entry["alternatives"]) == 3)
        assert tied["candidates"] >= 4 and tied["policy_version"] == 3


def test_candidate_order_breaks_ties_by_load_then_id(dispatch, crew, tenant_session):
    """Equal totals: the lower open load first, then the lower user id (as rank() lists candidates)."""
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        ctx = engine.build_context(EVERYTHING, NOW)
        ranking = engine.rank(ctx, session.get(Task, crew[1]))
        alike = [scored for scored in ranking.candidates
                 if scored.user_id in {users[key].id for key in ("rep_s1", "manager_north", "manager_south")}]
        assert len({scored.total for scored in alike}) == 1
        assert [scored.user_id for scored in alike] == sorted(
            (users[key].id for key in ("rep_s1", "manager_north")), key=int) + [users["manager_south"].id]


def test_assign_many_stores_what_assign_stores(dispatch, crew, tenant_session):
    """The same tasks and people, one by one and at once: the same rows, task changes and signals."""
    users = dispatch.acme.users
    plan_keys = [(crew[0], "rep_n1"), (crew[1], "manager_south"), (crew[2], "executive"), (crew[4], "rep_s1")]
    with tenant_session("acme", users["admin"]) as session:
        admin = session.get(User, users["admin"].id)
        ctx = engine.build_context(EVERYTHING, NOW)
        singles = []
        for task_id, key in plan_keys:
            task = session.get(Task, task_id)
            singles.append((stored(assign(admin, task, users[key].id, "batch", ctx=ctx, batch_id=7)),
                            (task.assignee_id, task.status, task.started_at)))
        session.rollback()
        sent = []
        plan = [(session.get(Task, task_id), users[key].id) for task_id, key in plan_keys]
        with events.task_assigned.connected_to(lambda task, **kw: sent.append((task.id, kw["previous_id"]))):
            rows = assign_many(admin, plan, ctx=ctx, batch_id=7)
        many = [(stored(row), (task.assignee_id, task.status, task.started_at)) for row, (task, _) in zip(rows, plan)]
        assert many == singles
        assert sent == [(task_id, None) for task_id, _ in plan_keys]
        assert all(row.rank >= 1 and row.factors and row.alternatives is not None for row in rows)
        assert {row.rank for row in rows} != {1}  # not only top candidates: ranks are each person's own
        assert len(session.scalars(select(Assignment)).all()) == len(plan_keys)


def test_assign_many_refuses_everyone_refused_and_changes_nothing(dispatch, crew, tenant_session):
    """A pair a hard rule refuses: AssignRefused naming the task and the rule; no task is given."""
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        tasks = [session.get(Task, task_id) for task_id in crew[:2]]
        with pytest.raises(AssignRefused) as refused:
            assign_many(None, [(tasks[0], users["rep_s1"].id), (tasks[1], users["executive"].id)],
                        ctx=engine.build_context(EVERYTHING, NOW))
        message = str(refused.value)
        assert message.startswith(f"{tasks[1].number}: ") and "below level 1" in message
        assert tasks[0].number not in message
        assert all(task.assignee_id is None for task in tasks) and not session.new
        with pytest.raises(ValueError):
            assign_many(None, [(tasks[0], users["rep_s1"].id)], mode="manual")
