"""Every route of the policy feature, walked with the other workspace's version numbers: a 404 like a missing one."""
from dispatch_policy_kit import save_version
from dispatch_walk import walk_feature


def test_every_policy_route_keeps_to_its_workspace(dispatch, app, api_client, page_client):
    # Version numbers count per workspace: globex's highest is one acme never reached.
    for tenant, saves in (("acme", 2), ("globex", 3)):
        for weight in range(saves):
            save_version(api_client, tenant, weights={"urgency": weight + 2}, note=f"{tenant} {weight}")
    ids = {"acme": {"version": 2}, "globex": {"version": 3}}
    policy = {"weights": {"urgency": 5}, "parameters": {"horizon_days": 10}, "note": "Walked"}
    form = {"weight_urgency": "5", "weight_skill_fit": "3", "horizon_days": "10", "note": "Walked"}
    bodies = {
        "dispatch/policy": {"PUT": policy, "POST": form},
        "dispatch/policy/preview": {"POST": policy},
    }
    walked = walk_feature(app, dispatch, api_client, page_client, "policy", ids, bodies)
    assert walked == 2
