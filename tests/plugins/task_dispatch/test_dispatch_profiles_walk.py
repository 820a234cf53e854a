"""Every route of profiles and customers' people, walked with the other workspace's ids: a 404 like a missing id,
no write."""
from dispatch_profiles_kit import PROFILES, add_profile
from dispatch_walk import walk_feature


def test_every_profiles_route_keeps_to_its_workspace(dispatch, app, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        world = dispatch[tenant]
        admin = api_client(tenant, "admin")
        profile = add_profile(api_client, dispatch, tenant, "rep_n1")
        cert = admin.post(f"{PROFILES}/{profile['id']}/certifications", json={"name": "First aid"}).get_json()
        person = admin.post(f"/api/v1/dispatch/customers/{world.customers['n1_alpha'].id}/people",
                            json={"user_id": world.users["rep_n2"].id, "relation": "preferred"}).get_json()
        ids[tenant] = {"profile_id": profile["id"], "certification_id": cert["id"], "person_id": person["id"],
                       "customer_id": world.customers["n1_alpha"].id, "user_id": world.users["rep_n2"].id}
    rep = dispatch.acme.users["rep_s1"].id
    bodies = {
        "dispatch/profiles": {"PATCH": {"capacity": 7}},
        "dispatch/profiles/certifications": {"POST": {"name": "Ladder safety"}},
        "dispatch/customers/people": {"POST": {"user_id": rep, "relation": "excluded"},
                                      "PATCH": {"relation": "excluded"}},
        "dispatch/profiles/edit": {"POST": {"capacity": "7"}},
        "dispatch/profiles/people/create": {"POST": {}},
        "dispatch/profiles/customers/people": {"POST": {"user_id": str(rep), "relation": "excluded"}},
        "dispatch/profiles/certifications/delete": {"POST": {}},
        "dispatch/profiles/customers/people/delete": {"POST": {}},
    }
    assert walk_feature(app, dispatch, api_client, page_client, "profiles", ids, bodies) == 13
