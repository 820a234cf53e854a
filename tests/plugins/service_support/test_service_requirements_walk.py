"""Every route of the requirements feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from service_requirements_kit import REQUIREMENTS, new_requirement
from service_walk import walk_feature


def test_every_requirements_route_keeps_to_its_workspace(service, app, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        made = new_requirement(api_client, service, tenant=tenant, user="admin", customer="house")
        vote = api_client(tenant, "admin").post(f"{REQUIREMENTS}/{made['id']}/votes",
                                                json={"customer_id": service[tenant].customers["n1_alpha"].id})
        ids[tenant] = {"requirement_id": made["id"], "vote_id": vote.get_json()["id"]}
    customer = service.acme.customers["n2"].id
    bodies = {
        "service/requirements": {"PATCH": {"status": "planned", "comment": "Soon"}},
        "service/requirements/answers": {"POST": {"body": "Thanks"}},
        "service/requirements/votes": {"POST": {"customer_id": customer}},
        "service/requirements/reviewed": {"POST": {}},
        "service/requirements/edit": {"POST": {"title": "Changed"}},
        "service/requirements/status": {"POST": {"status": "planned"}},
        "service/requirements/votes/delete": {"POST": {}},
    }
    walked = walk_feature(app, service, api_client, page_client, "requirements", ids, bodies)
    assert walked == 12
