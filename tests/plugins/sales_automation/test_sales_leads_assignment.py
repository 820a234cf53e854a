"""Assignment rules: round robin, by region, fewest open leads, and dispatch through the task dispatch module."""
from sqlalchemy import select, update

from crm_platform.sdk import User
from dispatch_support import DISPATCH, STANDIN, WITH_DISPATCH
from plugins.sales_automation.models import LeadAssignee
from sales_leads_support import LEADS, new_lead, set_rule

ASSIGNEES = "/api/v1/sales/lead-assignees"


def add_assignees(api_client, world, *entries, tenant="acme"):
    """Add (user key, region) rows through the API as the admin."""
    admin = api_client(tenant, "admin")
    for key, region in entries:
        response = admin.post(ASSIGNEES, json={"user_id": world[tenant].users[key].id, "region": region})
        assert response.status_code == 201, response.get_json()


def owners(api_client, world, count, **fields):
    """The owner keys of `count` leads the admin creates with no owner."""
    by_id = {person.id: key for key, person in world.acme.users.items()}
    return [by_id[new_lead(api_client, user="admin", name=f"L{i}", owner_id=None, **fields)["owner_id"]]
            for i in range(count)]


def test_round_robin_takes_turns_and_skips_inactive_users(sales, enable_plugin, api_client, tenant_session):
    set_rule(enable_plugin, "round_robin")
    add_assignees(api_client, sales, ("rep_n1", None), ("rep_n2", None), ("rep_s1", None))
    first = owners(api_client, sales, 3)
    assert sorted(first) == ["rep_n1", "rep_n2", "rep_s1"]
    assert owners(api_client, sales, 3) == first  # the same turn again, least recently given first
    with tenant_session("acme") as session:
        session.execute(update(User).where(User.id == sales.acme.users[first[0]].id).values(active=False))
        session.commit()
    assert owners(api_client, sales, 2) == first[1:]


def test_region_rule_prefers_the_region_then_those_of_every_region(sales, enable_plugin, api_client):
    set_rule(enable_plugin, "region")
    add_assignees(api_client, sales, ("rep_n1", "North"), ("rep_n2", "North"), ("rep_s1", "South"),
                  ("manager_north", None))
    assert sorted(owners(api_client, sales, 2, region="North")) == ["rep_n1", "rep_n2"]
    assert owners(api_client, sales, 2, region="South") == ["rep_s1", "rep_s1"]
    assert owners(api_client, sales, 1, region="West") == ["manager_north"]
    assert owners(api_client, sales, 1) == ["manager_north"]


def test_fewest_open_counts_open_leads(sales, enable_plugin, api_client):
    set_rule(enable_plugin, "fewest_open")
    for _ in range(2):
        new_lead(api_client, user="rep_n1")
    taken = new_lead(api_client, user="rep_n2")
    api_client("acme", "rep_n2").post(f"{LEADS}/{taken['id']}/disqualify", json={"reason": "Spam"})
    add_assignees(api_client, sales, ("rep_n1", None), ("rep_n2", None))
    assert owners(api_client, sales, 3) == ["rep_n2", "rep_n2", "rep_n1"]


def test_rule_none_leaves_the_creator_and_an_owner_given_is_kept(sales, enable_plugin, api_client):
    add_assignees(api_client, sales, ("rep_n2", None))
    assert owners(api_client, sales, 1) == ["admin"]
    set_rule(enable_plugin, "round_robin")
    chosen = new_lead(api_client, user="admin", owner_id=sales.acme.users["rep_s1"].id)
    assert chosen["owner_id"] == sales.acme.users["rep_s1"].id


def test_assignee_list_is_for_configurers_and_refuses_repeats(sales, api_client, tenant_session):
    add_assignees(api_client, sales, ("rep_n1", "North"))
    admin = api_client("acme", "admin")
    again = admin.post(ASSIGNEES, json={"user_id": sales.acme.users["rep_n1"].id, "region": "North"})
    assert again.status_code == 422 and again.get_json()["error"]["fields"]["user_id"]
    assert admin.post(ASSIGNEES, json={"user_id": sales.globex.users["rep_n1"].id}).status_code == 422
    assert api_client("acme", "rep_n1").get(ASSIGNEES).status_code == 403
    listed = admin.get(ASSIGNEES).get_json()
    assert [(row["user_id"], row["region"]) for row in listed] == [(sales.acme.users["rep_n1"].id, "North")]
    assert admin.delete(f"{ASSIGNEES}/{listed[0]['id']}").status_code == 204
    with tenant_session("acme") as session:
        assert session.scalars(select(LeadAssignee)).all() == []


@WITH_DISPATCH
def test_dispatch_asks_the_task_dispatch_module_when_it_is_enabled(sales, enable_plugin, api_client):
    DISPATCH.requests.clear()
    DISPATCH.answer = sales.acme.users["rep_s1"].id
    set_rule(enable_plugin, "dispatch")
    add_assignees(api_client, sales, ("rep_n1", None))
    assert owners(api_client, sales, 1) == ["rep_n1"]  # the module is off: round robin
    assert DISPATCH.requests == []
    enable_plugin("acme", STANDIN)
    lead = new_lead(api_client, user="admin", name="Li Lei", company="Sunrise", region="South", owner_id=None)
    assert lead["owner_id"] == sales.acme.users["rep_s1"].id
    assert DISPATCH.requests == [dict(kind="lead", record_id=lead["id"], title="Sunrise", region="South",
                                     customer_id=None, due=None, skills=[],
                                     url=f"http://127.0.0.1:5000/sales/leads/{lead['id']}")]
    DISPATCH.answer = None
    assert owners(api_client, sales, 1) == ["rep_n1"]  # no answer: round robin
    DISPATCH.answer = sales.globex.users["rep_s1"].id  # not a user of this workspace: ignored
    assert owners(api_client, sales, 1) == ["rep_n1"]


def test_dispatch_without_the_module_installed_is_round_robin(sales, enable_plugin, api_client):
    set_rule(enable_plugin, "dispatch")
    add_assignees(api_client, sales, ("rep_n2", None))
    assert owners(api_client, sales, 2) == ["rep_n2", "rep_n2"]
