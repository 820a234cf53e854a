"""The requirements API: create with a first vote, read, change status and responsible, votes, answers, lists."""
from service_kit import make_ticket
from service_requirements_kit import REQUIREMENTS, new_requirement


def test_create_read_and_list_with_votes(service, api_client):
    made = new_requirement(api_client, service, description="Daily temperature export", note="asked twice")
    assert made["status"] == "new" and made["vote_count"] == 1
    assert made["responsible_id"] == service.acme.users["rep_n1"].id  # defaults to the creator
    assert made["votes"][0]["customer_name"] == "Alpha Trading" and made["votes"][0]["note"] == "asked twice"
    rep = api_client("acme", "rep_n1")
    assert rep.get(f"{REQUIREMENTS}/{made['id']}").get_json()["title"] == "Cold chain report"
    listed = rep.get(REQUIREMENTS).get_json()
    assert [item["id"] for item in listed["items"]] == [made["id"]] and listed["next_cursor"] is None


def test_create_refuses_an_unseen_customer_an_inactive_responsible_and_no_customer(service, api_client):
    rep = api_client("acme", "rep_n1")
    unseen = rep.post(REQUIREMENTS, json={"title": "X", "customer_id": service.acme.customers["s1"].id})
    assert unseen.status_code == 422 and "customer_id" in unseen.get_json()["error"]["fields"]
    other = rep.post(REQUIREMENTS, json={"title": "X", "customer_id": service.globex.customers["n1_alpha"].id})
    assert other.status_code == 422
    nobody = rep.post(REQUIREMENTS, json={"title": "X"})
    assert nobody.status_code == 422 and "customer_id" in nobody.get_json()["error"]["fields"]
    foreign = rep.post(REQUIREMENTS, json={"title": "X", "customer_id": service.acme.customers["n1_alpha"].id,
                                           "responsible_id": service.globex.users["rep_n1"].id})
    assert foreign.status_code == 422 and "responsible_id" in foreign.get_json()["error"]["fields"]


def test_from_a_ticket_the_vote_takes_its_customer_and_remembers_it(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session, customer="n2", assignee="rep_n1")
    made = new_requirement(api_client, service, customer="n1_alpha", title="From a call")
    assert made["id"]
    rep = api_client("acme", "rep_n1")
    # rep_n1 is the ticket's assignee: they may see the ticket though not its customer (n2 is rep_n2's).
    answer = rep.post(REQUIREMENTS, json={"title": "Remote monitoring", "ticket_id": ticket})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["vote_count"] == 1 and answer.get_json()["votes"] == []  # n2 is not theirs to see
    mismatch = rep.post(REQUIREMENTS, json={"title": "X", "ticket_id": ticket,
                                            "customer_id": service.acme.customers["n1_alpha"].id})
    assert mismatch.status_code == 422 and "customer_id" in mismatch.get_json()["error"]["fields"]
    unseen = make_ticket(service, tenant_session, customer="s1", assignee="rep_s1")
    refused = rep.post(REQUIREMENTS, json={"title": "X", "ticket_id": unseen})
    assert refused.status_code == 422 and "ticket_id" in refused.get_json()["error"]["fields"]
    seen_by_agent = api_client("acme", "rep_n2").get(f"{REQUIREMENTS}/{answer.get_json()['id']}").get_json()
    assert seen_by_agent["votes"][0]["ticket_id"] == ticket


def test_status_and_responsible_change_with_history(service, api_client):
    made = new_requirement(api_client, service)
    rep = api_client("acme", "rep_n1")
    url = f"{REQUIREMENTS}/{made['id']}"
    changed = rep.patch(url, json={"status": "planned", "comment": "In the Q3 release",
                                   "responsible_id": service.acme.users["rep_n2"].id})
    assert changed.status_code == 200 and changed.get_json()["status"] == "planned"
    assert rep.patch(url, json={"status": "wishful"}).status_code == 422
    entries = rep.get(f"{url}/answers").get_json()["items"]
    assert [(e["status"], e["body"]) for e in entries] == [("planned", "In the Q3 release")]
    answered = rep.post(f"{url}/answers", json={"body": "We will call you"})
    assert answered.status_code == 201 and answered.get_json()["status"] is None
    assert rep.post(f"{url}/answers", json={"body": ""}).status_code == 422
    assert len(rep.get(f"{url}/answers").get_json()["items"]) == 2


def test_only_the_responsible_the_creator_and_their_managers_change_it(service, api_client):
    made = new_requirement(api_client, service, customer="s1_shared", user="rep_s1")
    url = f"{REQUIREMENTS}/{made['id']}"
    shared = api_client("acme", "rep_n1")  # sees s1_shared through a share: may read, answer and vote
    assert shared.get(url).status_code == 200
    assert shared.post(f"{url}/answers", json={"body": "Me too"}).status_code == 201
    assert shared.patch(url, json={"status": "done"}).status_code == 403
    assert api_client("acme", "manager_south").patch(url, json={"status": "under_review"}).status_code == 200
    assert api_client("acme", "executive").patch(url, json={"title": "Better"}).status_code == 200


def test_votes_one_per_customer_and_removal(service, api_client):
    made = new_requirement(api_client, service)
    rep = api_client("acme", "rep_n1")
    votes = f"{REQUIREMENTS}/{made['id']}/votes"
    added = rep.post(votes, json={"customer_id": service.acme.customers["n1_beta"].id, "note": "urgent"})
    assert added.status_code == 201 and added.get_json()["customer_name"] == "Beta Foods"
    again = rep.post(votes, json={"customer_id": service.acme.customers["n1_beta"].id})
    assert again.status_code == 422 and "customer_id" in again.get_json()["error"]["fields"]
    assert rep.post(votes, json={"customer_id": service.acme.customers["s1"].id}).status_code == 422
    assert rep.get(f"{REQUIREMENTS}/{made['id']}").get_json()["vote_count"] == 2
    assert rep.delete(f"{votes}/{added.get_json()['id']}").status_code == 204
    assert rep.delete(f"{votes}/{added.get_json()['id']}").status_code == 404
    assert rep.get(f"{REQUIREMENTS}/{made['id']}").get_json()["vote_count"] == 1


def test_list_filters_sorts_and_pages(service, api_client):
    one = new_requirement(api_client, service, title="Export to Excel")
    two = new_requirement(api_client, service, title="Mobile app", customer="n1_beta")
    api_client("acme", "rep_n1").post(f"{REQUIREMENTS}/{two['id']}/votes",
                                      json={"customer_id": service.acme.customers["n1_alpha"].id})
    three = new_requirement(api_client, service, title="Dark mode")
    rep = api_client("acme", "rep_n1")

    def ids(**query):
        return [item["id"] for item in rep.get(REQUIREMENTS, query_string=query).get_json()["items"]]

    assert ids() == [three["id"], two["id"], one["id"]]
    assert ids(sort="votes") == [two["id"], three["id"], one["id"]]
    assert ids(q="excel") == [one["id"]]
    assert ids(customer_id=service.acme.customers["n1_beta"].id) == [two["id"]]
    assert ids(customer_id=service.acme.customers["s1"].id) == []
    rep.patch(f"{REQUIREMENTS}/{one['id']}", json={"status": "declined"})
    assert ids(status="declined") == [one["id"]]
    assert ids(responsible_id=service.acme.users["rep_n2"].id) == []
    first = rep.get(REQUIREMENTS, query_string={"sort": "votes", "limit": 2}).get_json()
    rest = rep.get(REQUIREMENTS, query_string={"sort": "votes", "limit": 2, "cursor": first["next_cursor"]}).get_json()
    assert [i["id"] for i in first["items"] + rest["items"]] == [two["id"], three["id"], one["id"]]
    assert rep.get(REQUIREMENTS, query_string={"cursor": "nonsense"}).status_code == 400
    assert rep.get(REQUIREMENTS, query_string={"sort": "random"}).status_code == 422
