"""What comes back from task dispatch: an open lead's owner follows the assignment of its task."""
import pytest
from sqlalchemy import update

from crm_platform.sdk import User, ask_plugins, hookimpl
from plugins.sales_automation.models import Lead
from sales_leads_support import LEADS, new_lead, set_rule

EVENT = "task_dispatch_task_changed"


def tell(tenant_session, record_id, assignee_id, status="assigned", kind="lead", tenant="acme"):
    """Send the task dispatch module's event in `tenant`, as the module does, and commit like its caller."""
    with tenant_session(tenant) as session:
        ask_plugins(EVENT, kind=kind, record_id=record_id, task_id=41, status=status, assignee_id=assignee_id)
        session.commit()


def owner(tenant_session, lead_id, tenant="acme"):
    """The lead's owner id."""
    with tenant_session(tenant) as session:
        return session.get(Lead, lead_id).owner_id


def test_an_open_leads_owner_follows_the_assignment(sales, api_client, tenant_session):
    users = sales.acme.users
    lead = new_lead(api_client, user="rep_n1")["id"]
    tell(tenant_session, lead, users["rep_n2"].id)
    assert owner(tenant_session, lead) == users["rep_n2"].id
    with tenant_session("acme") as session:
        stamped = session.get(Lead, lead).updated_at
    tell(tenant_session, lead, users["rep_n2"].id)  # the same owner again: nothing is written
    with tenant_session("acme") as session:
        assert session.get(Lead, lead).updated_at == stamped
    assert api_client("acme", "rep_n2").get(f"{LEADS}/{lead}").status_code == 200


def test_other_kinds_statuses_leads_and_people_are_ignored(sales, api_client, tenant_session):
    acme, globex = sales.acme.users, sales.globex.users
    lead = new_lead(api_client, user="rep_n1")["id"]
    theirs = new_lead(api_client, tenant="globex", user="rep_n1")["id"]
    lost = new_lead(api_client, user="rep_n1")["id"]
    assert api_client("acme", "rep_n1").post(f"{LEADS}/{lost}/disqualify", json={"reason": "Spam"}).status_code == 200
    with tenant_session("acme") as session:
        session.execute(update(User).where(User.id == acme["rep_s1"].id).values(active=False))
        session.commit()
    tell(tenant_session, lead, acme["rep_n2"].id, kind="ticket")
    tell(tenant_session, lead, acme["rep_n2"].id, status="in_progress")
    tell(tenant_session, lead, acme["rep_n2"].id, status="done")
    tell(tenant_session, 999999, acme["rep_n2"].id)
    tell(tenant_session, "not an id", acme["rep_n2"].id)
    tell(tenant_session, theirs, acme["rep_n2"].id)  # another workspace's lead
    tell(tenant_session, lead, globex["rep_n2"].id)  # another workspace's user
    tell(tenant_session, lead, acme["rep_s1"].id)  # inactive
    tell(tenant_session, lead, None)
    tell(tenant_session, lost, acme["rep_n2"].id)  # no longer open
    assert owner(tenant_session, lead) == owner(tenant_session, lost) == acme["rep_n1"].id
    assert owner(tenant_session, theirs, tenant="globex") == globex["rep_n1"].id


def test_nothing_is_followed_where_the_module_is_off(sales, enable_plugin, api_client, tenant_session):
    lead = new_lead(api_client, user="rep_n1")["id"]
    enable_plugin("acme", "sales_automation", enabled=False)
    tell(tenant_session, lead, sales.acme.users["rep_n2"].id)
    assert owner(tenant_session, lead) == sales.acme.users["rep_n1"].id


class WaitsOnTheBoard:
    """Answers the request the way the real module does when nobody is free: no one now, the task waits."""

    def __init__(self):
        self.asked = []

    @hookimpl
    def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills, url):
        self.asked.append((kind, record_id))


BOARD = WaitsOnTheBoard()


@pytest.mark.app_config(CRM_PLUGINS={"waits_on_the_board": BOARD})
def test_round_robin_first_then_the_owner_follows_the_later_assignment(sales, enable_plugin, api_client,
                                                                        tenant_session):
    users = sales.acme.users
    BOARD.asked.clear()
    set_rule(enable_plugin, "dispatch")
    enable_plugin("acme", "waits_on_the_board")
    assert api_client("acme", "admin").post("/api/v1/sales/lead-assignees",
                                            json={"user_id": users["rep_n1"].id}).status_code == 201
    lead = new_lead(api_client, user="admin", owner_id=None)
    assert lead["owner_id"] == users["rep_n1"].id and BOARD.asked == [("lead", lead["id"])]
    tell(tenant_session, lead["id"], users["rep_s1"].id)
    assert owner(tenant_session, lead["id"]) == users["rep_s1"].id
