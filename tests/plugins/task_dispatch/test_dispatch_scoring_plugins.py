"""Factors and rules from other plugins (hooks task_dispatch_factors and task_dispatch_rules): validated, weighed by
the policy, shown and stored like built-in ones, gone when their plugin is off; a broken one never breaks scoring."""
import logging

import pytest
from dispatch_scoring_kit import add_profile, make_task

from crm_platform.sdk import ask_plugins_named, hookimpl
from plugins.task_dispatch.models import PolicyVersion, Task
from plugins.task_dispatch.policy.defaults import DEFAULT_WEIGHTS, Policy
from plugins.task_dispatch.scoring.engine import build_context, rank
from plugins.task_dispatch.scoring.extensions import available_factors, available_rules

TASKS = "/api/v1/dispatch/tasks"


class Extra:
    """Adds a "distance" factor (1 for `near`, else 0) and a "vaccinated" rule refusing `refused`."""

    near = refused = None

    @hookimpl
    def task_dispatch_factors(self):
        return [{"key": "distance", "label": "Distance", "description": "Close to the site.",
                 "score": lambda task, user_ids: {self.near: 1.0}}]

    @hookimpl
    def task_dispatch_rules(self):
        return [{"key": "vaccinated", "label": "Vaccinated",
                 "check": lambda task, user_ids: {self.refused: "no vaccination on file"}}]


class Broken:
    """Every way of getting it wrong: a clash, a bad key, no callable, a raising score, nonsense values, a bad rule."""

    @hookimpl
    def task_dispatch_factors(self):
        def boom(task, user_ids):
            raise RuntimeError("no map service")
        return [{"key": "skill_fit", "label": "Mine", "score": lambda task, ids: [1.0] * len(ids)},
                {"key": "Bad Key", "label": "Bad", "score": lambda task, ids: [1.0] * len(ids)},
                {"key": "lazy", "label": "Lazy", "score": "not callable"},
                {"key": "boom", "label": "Boom", "score": boom},
                {"key": "huge", "label": "Huge", "score": lambda task, ids: [7.0] * len(ids)},
                {"key": "short", "label": "Short", "score": lambda task, ids: [0.5]}]

    @hookimpl
    def task_dispatch_rules(self):
        def boom(task, user_ids):
            raise RuntimeError("no registry")
        return [{"key": "crash", "label": "Crash", "check": boom}, "not a dict"]


EXTRA, BROKEN = Extra(), Broken()
PLUGINS = pytest.mark.app_config(CRM_PLUGINS={"dispatch_extra": EXTRA, "dispatch_broken": BROKEN})
WEIGHED = {**DEFAULT_WEIGHTS, "distance": 2.0, "boom": 1.0, "huge": 1.0, "short": 1.0}


@pytest.fixture
def team(dispatch, tenant_session, enable_plugin):
    """acme's rep_n1 (near), rep_n2 (refused by the plugin's rule) and rep_s1 take tasks; dispatch_extra on."""
    enable_plugin("acme", "dispatch_extra")
    users = dispatch.acme.users
    EXTRA.near, EXTRA.refused = users["rep_s1"].id, users["rep_n2"].id
    with tenant_session("acme") as session:
        for key in ("rep_n1", "rep_n2", "rep_s1"):
            add_profile(session, users[key].id)
        task = make_task(session, users["admin"].id, due=None)
        session.commit()
        return task.id


@PLUGINS
def test_a_plugins_factor_and_rule_are_listed_ranked_and_stored(dispatch, team, tenant_session, api_client):
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        assert available_factors()[-1] == {"key": "distance", "label": "Distance", "description": "Close to the site.",
                                           "plugin": "dispatch_extra"}
        assert available_factors()[0]["plugin"] is None and len(available_factors()) == len(DEFAULT_WEIGHTS) + 1
        assert available_rules()[-1]["key"] == "vaccinated" and available_rules()[-1]["plugin"] == "dispatch_extra"
        assert ask_plugins_named("task_dispatch_rules")[0][0] == "dispatch_extra"
        task = session.get(Task, team)
        unweighed = rank(build_context(now=None), task)
        assert "distance" not in unweighed.candidates[0].factors  # weight 0 until the admin weighs it
        assert unweighed.reasons(users["rep_n2"].id) == [{"rule": "vaccinated",
                                                          "text": "Vaccinated: no vaccination on file"}]
        session.add(PolicyVersion(version=1, weights={**DEFAULT_WEIGHTS, "distance": 2.0}, parameters={}))
        session.commit()
    body = api_client("acme", "admin").get(f"{TASKS}/{team}/candidates").get_json()
    top = body["candidates"][0]
    assert top["user_id"] == users["rep_s1"].id
    assert {"key": "distance", "label": "Distance", "value": 1.0, "weight": 2.0} in top["factors"]
    stored = api_client("acme", "admin").post(f"{TASKS}/{team}/assign", json={"user_id": users["rep_s1"].id})
    assert stored.status_code == 201 and stored.get_json()["factors"]["distance"] == {"value": 1.0, "weight": 2.0}


@PLUGINS
def test_the_factor_and_rule_go_when_their_plugin_is_off(dispatch, team, tenant_session, enable_plugin, api_client):
    users = dispatch.acme.users
    api_client("acme", "admin").post(f"{TASKS}/{team}/assign", json={"user_id": users["rep_n1"].id, "reason": "x"})
    enable_plugin("acme", "dispatch_extra", enabled=False)
    with tenant_session("acme") as session:
        assert "distance" not in {factor["key"] for factor in available_factors()}
        assert "vaccinated" not in {rule["key"] for rule in available_rules()}
        ctx = build_context(Policy(weights=WEIGHED))
        assert ctx.factors == [] and ctx.rules == []
    body = api_client("acme", "admin").get(f"{TASKS}/{team}/candidates").get_json()
    assert body["ineligible"] == [] and all("distance" not in [f["key"] for f in c["factors"]]
                                            for c in body["candidates"])


@PLUGINS
def test_a_broken_plugin_is_logged_and_skipped_never_breaking_scoring(dispatch, team, tenant_session, enable_plugin,
                                                                       caplog):
    enable_plugin("acme", "dispatch_broken")
    with tenant_session("acme") as session, caplog.at_level(logging.WARNING, "crm.plugins.task_dispatch"):
        keys = [factor["key"] for factor in available_factors()]
        assert keys.count("skill_fit") == 1 and "Bad Key" not in keys and "lazy" not in keys
        assert {"boom", "huge", "short", "distance"} <= set(keys)
        task = session.get(Task, team)
        ranking = rank(build_context(Policy(weights=WEIGHED)), task)
        factors = ranking.candidates[0].factors
        assert "distance" in factors and not {"boom", "huge", "short"} & set(factors)
        assert len(ranking.candidates) == 2  # rep_n2 refused by dispatch_extra's rule; "crash" refuses nobody
        logged = caplog.text
        assert "already taken" in logged and "invalid item" in logged
        assert "factor boom failed" in logged and "factor huge failed" in logged and "rule crash failed" in logged
