"""Who sees a ticket: whoever may see the customer, its assignee, its team's unit; the same 404 for everyone else."""
import pytest
from service_kit import make_ticket

URL = "/api/v1/service/tickets"


def sees(api_client, user, ticket_id, tenant="acme"):
    """Whether `user` gets the ticket (200) rather than the 404 of a missing one."""
    status = api_client(tenant, user).get(f"{URL}/{ticket_id}").status_code
    assert status in (200, 404)
    return status == 200


@pytest.mark.parametrize("user, expected", [
    ("rep_n1", True),  # owns the customer
    ("rep_s1", False),  # another unit's rep
    ("rep_n2", False),  # the same branch, not the customer's owner
    ("manager_north", True),  # the owner is in North's subtree
    ("manager_south", False),
    ("executive", True),
    ("admin", True),
])
def test_the_customers_visibility_decides_by_default(service, tenant_session, api_client, user, expected):
    ticket_id = make_ticket(service, tenant_session, customer="n1_alpha", assignee=None)
    assert sees(api_client, user, ticket_id) is expected


def test_the_assignee_sees_it_without_seeing_the_customer(service, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session, customer="s1", assignee="rep_n2")
    assert sees(api_client, "rep_n2", ticket_id)
    customer = service.acme.customers["s1"].id
    assert api_client("acme", "rep_n2").get(f"/api/v1/customers/{customer}").status_code == 404
    assert not sees(api_client, "rep_n1", ticket_id)


def test_the_teams_members_and_its_managers_see_it(service, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session, customer="s1", assignee=None, team="north1")
    assert sees(api_client, "rep_n1", ticket_id)  # a member of North-1
    assert sees(api_client, "manager_north", ticket_id)  # leads North, above North-1
    assert not sees(api_client, "rep_n2", ticket_id)  # North, but not North-1
    assert sees(api_client, "manager_south", ticket_id)  # the customer is South's
    listed = api_client("acme", "rep_n1").get(URL, query_string={"view": "team"}).json["items"]
    assert [item["id"] for item in listed] == [ticket_id]


def test_another_workspace_and_hidden_tickets_answer_like_missing_ones(service, tenant_session, api_client,
                                                                        page_client):
    hidden = make_ticket(service, tenant_session, customer="s1", assignee=None)
    foreign = make_ticket(service, tenant_session, tenant="globex", customer="n1_alpha")
    rep = api_client("acme", "rep_n1")
    missing = rep.get(f"{URL}/1").json
    assert rep.get(f"{URL}/{hidden}").json == missing == rep.get(f"{URL}/{foreign}").json
    assert rep.post(f"{URL}/{hidden}/status", json={"status": "closed"}).status_code == 404
    browser = page_client("acme", "rep_n1")
    assert browser.get(f"/service/tickets/{hidden}").status_code == 404
    assert browser.get(f"/service/tickets/{foreign}").status_code == 404
    assert hidden not in {item["id"] for item in rep.get(URL).json["items"]}


def test_the_module_off_hides_its_routes(service, enable_plugin, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session)
    enable_plugin("acme", "service_support", enabled=False)
    assert api_client("acme", "admin").get(f"{URL}/{ticket_id}").status_code == 404
