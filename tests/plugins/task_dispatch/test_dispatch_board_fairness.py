"""Fairness: the Gini coefficient of effort assigned in the window relative to capacity, overall and per unit."""
from datetime import timedelta

import pytest
from dispatch_board_kit import make_assignment, save_window
from dispatch_tasks_kit import make_profile, make_task

from crm_platform.sdk import utcnow

from plugins.task_dispatch.board.workload import fairness
from plugins.task_dispatch.fairness import gini


@pytest.mark.parametrize("values, expected", [
    ([], 0.0),
    ([0, 0, 0], 0.0),
    ([2, 2, 2, 2], 0.0),
    ([0, 0, 0, 1], 0.75),          # one of n holds everything: (n - 1) / n
    ([1, 2, 3, 4], 0.25),          # sum |xi - xj| = 20 over 2 n^2 mean = 80
    ([1, 3], 0.25),
])
def test_gini_on_known_values(values, expected):
    assert gini(values) == pytest.approx(expected)


def test_gini_is_the_mean_absolute_difference_over_twice_the_mean():
    values = [0.2, 0.9, 0.4, 0.4, 1.5]
    n, mean = len(values), sum(values) / len(values)
    by_definition = sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)
    assert gini(values) == pytest.approx(by_definition)


def people(dispatch, tenant_session, capacities):
    """Profiles for {user key: capacity}; their user ids."""
    for key, capacity in capacities.items():
        make_profile(dispatch, tenant_session, key, capacity=capacity)
    return [dispatch.acme.users[key].id for key in capacities]


def give(dispatch, tenant_session, user_key, effort, days_ago=1):
    """An assignment of a fresh task of `effort` to `user_key`, `days_ago` days ago."""
    task = make_task(dispatch, tenant_session, effort=effort, status="assigned",
                     assignee_id=dispatch.acme.users[user_key].id)
    make_assignment(dispatch, tenant_session, task, user_key, created_at=utcnow() - timedelta(days=days_ago))


def test_equal_shares_of_capacity_are_perfectly_fair(dispatch, app, tenant_session):
    ids = people(dispatch, tenant_session, {"rep_n1": 4, "rep_n2": 8, "rep_s1": 2})
    give(dispatch, tenant_session, "rep_n1", 2)
    give(dispatch, tenant_session, "rep_n2", 4)
    give(dispatch, tenant_session, "rep_s1", 1)
    with tenant_session("acme"):
        measured = fairness(ids, 30)
    assert measured["gini"] == 0.0
    assert set(measured["per_unit"].values()) == {0.0}


def test_one_person_given_everything_is_the_skewed_extreme(dispatch, app, tenant_session):
    ids = people(dispatch, tenant_session, {"rep_n1": 5, "rep_n2": 5, "rep_s1": 5})
    give(dispatch, tenant_session, "rep_s1", 5)
    units = dispatch.acme.units
    with tenant_session("acme"):
        measured = fairness(ids, 30)
    # Ratios 0, 0, 1: (n - 1) / n with n = 3.
    assert measured["gini"] == pytest.approx(2 / 3, abs=1e-4)
    # Per unit, over the people placed in it or below it.
    assert measured["per_unit"][units["company"].id] == pytest.approx(2 / 3, abs=1e-4)
    assert measured["per_unit"][units["north"].id] == 0.0        # rep_n1, rep_n2: nothing each
    assert measured["per_unit"][units["north1"].id] == 0.0
    assert measured["per_unit"][units["south"].id] == 0.0        # rep_s1 alone


def test_only_the_window_and_people_who_take_tasks_count(dispatch, app, tenant_session):
    ids = people(dispatch, tenant_session, {"rep_n1": 5, "rep_n2": 5})
    make_profile(dispatch, tenant_session, "rep_s1", capacity=5, takes_tasks=False)
    give(dispatch, tenant_session, "rep_n1", 3, days_ago=40)     # before a 30-day window
    give(dispatch, tenant_session, "rep_s1", 5)                  # does not take tasks (any more)
    give(dispatch, tenant_session, "rep_n2", 1)
    with tenant_session("acme"):
        recent = fairness([*ids, dispatch.acme.users["rep_s1"].id], 30)
        longer = fairness(ids, 60)
    assert recent["gini"] == pytest.approx(0.5)                  # ratios 0 and 0.2
    assert dispatch.acme.units["south"].id not in recent["per_unit"]
    assert longer["gini"] == pytest.approx(0.25)                 # ratios 0.6 and 0.2: 0.4 / (2 * 2 * 0.4)


def test_the_window_defaults_to_the_policy(dispatch, app, tenant_session):
    ids = people(dispatch, tenant_session, {"rep_n1": 5, "rep_n2": 5})
    give(dispatch, tenant_session, "rep_n1", 3, days_ago=20)
    give(dispatch, tenant_session, "rep_n2", 3, days_ago=1)
    with tenant_session("acme"):
        assert fairness(ids)["gini"] == 0.0                      # the default 30 days hold both
    save_window(tenant_session, 10)
    with tenant_session("acme"):
        assert fairness(ids)["gini"] == pytest.approx(0.5)       # only rep_n2's is in the last 10 days
        assert fairness([]) == {"gini": 0.0, "per_unit": {}}
