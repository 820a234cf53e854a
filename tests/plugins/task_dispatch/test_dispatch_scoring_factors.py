"""The soft factors: each one's normalisation to 0..1 by its documented formula, the total, ties, the explanation."""
import math
from datetime import date, timedelta

import pytest
from dispatch_scoring_kit import NOW, add_customer_person, add_profile, make_task

from plugins.task_dispatch.models import Assignment
from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, DEFAULT_WEIGHTS, Policy
from plugins.task_dispatch.scoring.engine import build_context, explanation, rank

EVERYTHING = Policy(version=2, weights={key: 1.0 for key in DEFAULT_WEIGHTS})
"""A policy weighing every built-in factor, the opt-in ones too."""


def ids(dispatch, *keys):
    """The acme user ids of world users `keys`."""
    return [dispatch.acme.users[key].id for key in keys]


def values(ranking, factor):
    """{user id: value of `factor`} of the ranking's candidates."""
    return {scored.user_id: scored.factors[factor]["value"] for scored in ranking.candidates}


def test_skill_fit_penalises_levels_above_the_minimum(dispatch, tenant_session):
    exact, one_up, top, mixed = ids(dispatch, "rep_n1", "rep_n2", "rep_s1", "manager_north")
    with tenant_session("acme") as session:
        add_profile(session, exact, skills={"pipes": 3, "gas": 5})
        add_profile(session, one_up, skills={"pipes": 4, "gas": 5})
        add_profile(session, top, skills={"pipes": 5, "gas": 5})
        add_profile(session, mixed, skills={"pipes": 5, "gas": 2})
        ctx = build_context(now=NOW)
        one = rank(ctx, make_task(session, exact, required_skills=[{"skill": "pipes", "level": 3}]))
        assert values(one, "skill_fit") == {exact: 1.0, one_up: 0.75, top: 0.5, mixed: 0.5}  # 1 - 0.5 * (l-3)/2
        two = rank(ctx, make_task(session, exact, required_skills=[{"skill": "pipes", "level": 3},
                                                                     {"skill": "gas", "level": 1}]))
        # exact: (1 + (1 - 0.5 * 4/4)) / 2; mixed: ((1 - 0.5 * 2/2) + (1 - 0.5 * 1/4)) / 2
        assert values(two, "skill_fit")[exact] == 0.75 and values(two, "skill_fit")[mixed] == 0.6875
        assert set(values(rank(ctx, make_task(session, exact)), "skill_fit").values()) == {1.0}
        master = rank(ctx, make_task(session, exact, required_skills=[{"skill": "gas", "level": 5}]))
        assert values(master, "skill_fit") == {exact: 1.0, one_up: 1.0, top: 1.0}
        harsh = Policy(parameters={**DEFAULT_PARAMETERS, "overqualification_penalty": 1.0})
        pipes = make_task(session, exact, required_skills=[{"skill": "pipes", "level": 3}])
        assert values(rank(build_context(harsh, NOW), pipes), "skill_fit")[top] == 0.0


def test_spare_capacity_is_the_share_left_after_taking_the_task(dispatch, tenant_session):
    loaded, idle = ids(dispatch, "rep_n1", "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, loaded, capacity=5)
        add_profile(session, idle, capacity=10)
        make_task(session, loaded, effort=1, status="assigned", assignee_id=loaded)
        ranking = rank(build_context(now=NOW), make_task(session, loaded, effort=2))
        assert values(ranking, "spare_capacity") == {loaded: 0.4, idle: 0.8}
        assert {scored.user_id: scored.load for scored in ranking.candidates} == {loaded: 1.0, idle: 0.0}


def test_tenure_and_time_in_post_are_capped_with_diminishing_returns(dispatch, tenant_session):
    new, middle, veteran = ids(dispatch, "rep_n1", "rep_n2", "rep_s1")
    today = date(2026, 3, 9)
    with tenant_session("acme") as session:
        add_profile(session, new)
        add_profile(session, middle, hire_date=today - timedelta(days=round(3 * 365.25)),
                    post_date=today - timedelta(days=round(1 * 365.25)))
        add_profile(session, veteran, hire_date=date(2001, 1, 1), post_date=date(2010, 1, 1))
        ranking = rank(build_context(EVERYTHING, NOW), make_task(session, new))
        assert values(ranking, "tenure") == pytest.approx({new: 0.0, middle: math.log(4) / math.log(11), veteran: 1.0},
                                                          abs=1e-3)
        assert values(ranking, "time_in_post") == pytest.approx({new: 0.0, middle: math.log(2) / math.log(6),
                                                                 veteran: 1.0}, abs=1e-3)


def test_performance_is_capped_and_neutral_without_a_figure(dispatch, tenant_session):
    unknown, average, star = ids(dispatch, "rep_n1", "rep_n2", "rep_s1")
    with tenant_session("acme") as session:
        add_profile(session, unknown)
        add_profile(session, average, performance=0.45)
        add_profile(session, star, performance=0.97)
        ranking = rank(build_context(EVERYTHING, NOW), make_task(session, unknown))
        assert values(ranking, "performance") == {unknown: 0.5, average: 0.5, star: 1.0}  # min(p, 0.9) / 0.9


def test_continuity_counts_recent_finished_tasks_for_the_customer(dispatch, tenant_session):
    regular, once, stranger = ids(dispatch, "rep_n1", "rep_n2", "rep_s1")
    alpha = dispatch.acme.customers["n1_alpha"].id
    with tenant_session("acme") as session:
        for user_id in (regular, once, stranger):
            add_profile(session, user_id)
        for _ in range(4):
            make_task(session, regular, customer_id=alpha, status="done", assignee_id=regular,
                      finished_at=NOW - timedelta(days=30))
        make_task(session, once, customer_id=alpha, status="done", assignee_id=once, finished_at=NOW - timedelta(days=3))
        make_task(session, stranger, customer_id=alpha, status="done", assignee_id=stranger,
                  finished_at=NOW - timedelta(days=400))  # beyond continuity_days (365)
        ranking = rank(build_context(now=NOW), make_task(session, regular, customer_id=alpha))
        assert values(ranking, "continuity") == {regular: 1.0, once: round(1 / 3, 4), stranger: 0.0}
        assert set(values(rank(build_context(now=NOW), make_task(session, regular)), "continuity").values()) == {0.0}


def test_preferred_and_region(dispatch, tenant_session):
    north, south, nowhere = ids(dispatch, "rep_n1", "rep_s1", "rep_n2")
    alpha = dispatch.acme.customers["n1_alpha"].id
    with tenant_session("acme") as session:
        add_profile(session, north, home_region="North")
        add_profile(session, south, home_region="South")
        add_profile(session, nowhere)
        add_customer_person(session, alpha, south, "preferred")
        ranking = rank(build_context(now=NOW), make_task(session, north, customer_id=alpha, region="North"))
        assert values(ranking, "preferred") == {north: 0.0, south: 1.0, nowhere: 0.0}
        assert values(ranking, "region") == {north: 1.0, south: 0.0, nowhere: 0.5}
        anywhere = rank(build_context(now=NOW), make_task(session, north))
        assert set(values(anywhere, "region").values()) == {0.5}


def test_fairness_is_one_less_the_share_of_capacity_given_recently_scaled_by_the_most(dispatch, tenant_session):
    busiest, half, none = ids(dispatch, "rep_n1", "rep_n2", "rep_s1")
    with tenant_session("acme") as session:
        for user_id in (busiest, half, none):
            add_profile(session, user_id)
        task = make_task(session, busiest)
        for user_id, effort, days_ago in ((busiest, 4, 2), (half, 2, 10), (none, 5, 45)):
            session.add(Assignment(task_id=task.id, user_id=user_id, mode="manual", effort=effort,
                                   created_at=NOW - timedelta(days=days_ago)))
        session.flush()
        ranking = rank(build_context(EVERYTHING, NOW), make_task(session, busiest))
        assert values(ranking, "fairness") == {busiest: 0.0, half: 0.5, none: 1.0}


def test_the_total_is_the_weighted_mean_of_the_weighed_factors_ties_go_to_the_lighter_load(dispatch, tenant_session):
    first, second, third = sorted(ids(dispatch, "rep_n1", "rep_n2", "rep_s1"))
    with tenant_session("acme") as session:
        add_profile(session, first, capacity=10)
        add_profile(session, second, capacity=5)
        add_profile(session, third, capacity=5)
        make_task(session, first, effort=5, status="assigned", assignee_id=first)  # first: spare as the others
        ranking = rank(build_context(now=NOW), make_task(session, first))
        assert [scored.user_id for scored in ranking.candidates] == [second, third, first]
        assert [scored.rank for scored in ranking.candidates] == [1, 2, 3]
        for scored in ranking.candidates:
            weighed = scored.factors.values()
            assert set(scored.factors) == {key for key, weight in DEFAULT_WEIGHTS.items() if weight > 0}
            assert scored.total == pytest.approx(sum(f["value"] * f["weight"] for f in weighed)
                                                 / sum(f["weight"] for f in weighed), abs=1e-4)
        nothing = Policy(weights={key: 0.0 for key in DEFAULT_WEIGHTS})
        assert {scored.total for scored in rank(build_context(nothing, NOW), make_task(session, first)).candidates} == {
            0.0}


def test_the_explanation_keeps_version_breakdown_rank_and_the_best_three_others(dispatch, tenant_session):
    users = ids(dispatch, "rep_n1", "rep_n2", "rep_s1", "manager_north", "manager_south")
    with tenant_session("acme") as session:
        for level, user_id in enumerate(users, start=1):
            add_profile(session, user_id, skills={"pipes": level})
        ranking = rank(build_context(EVERYTHING, NOW), make_task(session, users[0],
                                                                 required_skills=[{"skill": "pipes", "level": 1}]))
        best, second = ranking.candidates[0], ranking.candidates[1]
        stored = explanation(ranking, second.user_id)
        assert stored["policy_version"] == 2 and stored["rank"] == 2 and stored["candidates"] == 5
        assert stored["total"] == second.total and stored["factors"] == second.factors
        assert set(stored["factors"]) == set(DEFAULT_WEIGHTS)
        assert stored["alternatives"][0] == {"user_id": best.user_id, "name": best.name, "total": best.total}
        assert len(stored["alternatives"]) == 3 and second.user_id not in [a["user_id"] for a in stored["alternatives"]]
        with pytest.raises(LookupError):
            explanation(ranking, dispatch.acme.users["admin"].id)
