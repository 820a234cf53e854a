"""Who sees a requirement: its responsible person and creator (and their managers), whoever sees a customer asking."""
from sqlalchemy import select

from plugins.service_support.models import RequirementVote
from service_requirements_kit import REQUIREMENTS, new_requirement


def test_a_rep_who_sees_no_customer_asking_gets_the_missing_ids_404(service, api_client, page_client):
    made = new_requirement(api_client, service, user="rep_n1", customer="n1_alpha")
    for user, seen in (("rep_n1", True), ("rep_s1", False), ("rep_n2", False), ("manager_north", True),
                       ("manager_south", False), ("executive", True), ("admin", True)):
        answer = api_client("acme", user).get(f"{REQUIREMENTS}/{made['id']}")
        assert answer.status_code == (200 if seen else 404), user
        page = page_client("acme", user).get(f"/service/requirements/{made['id']}")
        assert page.status_code == (200 if seen else 404), user
        listed = api_client("acme", user).get(REQUIREMENTS).get_json()["items"]
        assert (made["id"] in [item["id"] for item in listed]) is seen, user
    assert api_client("acme", "rep_s1").get(f"{REQUIREMENTS}/999999").get_json() == \
        api_client("acme", "rep_s1").get(f"{REQUIREMENTS}/{made['id']}").get_json()
    assert api_client("globex", "admin").get(f"{REQUIREMENTS}/{made['id']}").status_code == 404


def test_the_responsible_person_sees_it_without_seeing_the_customer(service, api_client):
    made = new_requirement(api_client, service, responsible_id=service.acme.users["rep_s1"].id)
    south = api_client("acme", "rep_s1")
    seen = south.get(f"{REQUIREMENTS}/{made['id']}").get_json()
    assert seen["vote_count"] == 1 and seen["votes"] == []  # Alpha Trading is not theirs: counted, not named
    assert south.patch(f"{REQUIREMENTS}/{made['id']}", json={"status": "under_review"}).status_code == 200
    assert api_client("acme", "manager_south").get(f"{REQUIREMENTS}/{made['id']}").status_code == 200


def test_votes_list_only_the_customers_the_reader_may_see(service, api_client):
    made = new_requirement(api_client, service, user="rep_s1", customer="s1")
    api_client("acme", "rep_s1").post(f"{REQUIREMENTS}/{made['id']}/votes",
                                      json={"customer_id": service.acme.customers["s1_shared"].id})
    api_client("acme", "admin").post(f"{REQUIREMENTS}/{made['id']}/votes",
                                     json={"customer_id": service.acme.customers["n1_alpha"].id})
    shared = api_client("acme", "rep_n1").get(f"{REQUIREMENTS}/{made['id']}").get_json()
    assert shared["vote_count"] == 3
    assert sorted(v["customer_name"] for v in shared["votes"]) == ["Alpha Trading", "Epsilon Media"]
    hidden = [v for v in api_client("acme", "admin").get(f"{REQUIREMENTS}/{made['id']}").get_json()["votes"]
              if v["customer_name"] == "Delta Shipping"][0]
    gone = api_client("acme", "rep_n1").delete(f"{REQUIREMENTS}/{made['id']}/votes/{hidden['id']}")
    assert gone.status_code == 404  # a vote of a customer they may not see is missing to them


def test_merging_customers_moves_votes_and_drops_the_double_one(service, api_client, tenant_session):
    both = new_requirement(api_client, service, user="admin", customer="n1_alpha", title="Both asked")
    api_client("acme", "admin").post(f"{REQUIREMENTS}/{both['id']}/votes",
                                     json={"customer_id": service.acme.customers["n1_beta"].id})
    only_dup = new_requirement(api_client, service, user="admin", customer="n1_beta", title="Only the duplicate")
    kept, duplicate = service.acme.customers["n1_alpha"].id, service.acme.customers["n1_beta"].id
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{kept}/merge", json={"merge_id": duplicate})
    assert merged.status_code == 200, merged.get_json()
    with tenant_session("acme") as session:
        votes = session.execute(select(RequirementVote.requirement_id, RequirementVote.customer_id)).all()
    assert sorted(votes) == sorted([(both["id"], kept), (only_dup["id"], kept)])
