"""Every leads route, pages and API, with the other workspace's ids: the same 404 as a missing id, nothing changed."""
from sales_walk import walk_feature
from sales_leads_support import new_lead


def build(world, tenant, api_client):
    """A worked lead, an assignee and a web form in `tenant`; their ids by route parameter."""
    admin = api_client(tenant, "admin")
    lead = new_lead(api_client, tenant=tenant, user="admin", company="Walk Co")
    admin.post(f"/api/v1/sales/leads/{lead['id']}/work")
    assignee = admin.post("/api/v1/sales/lead-assignees", json={"user_id": world[tenant].users["rep_n1"].id}).get_json()
    form = admin.post("/api/v1/sales/lead-forms", json={"name": "Walk form"}).get_json()
    return {"lead_id": lead["id"], "assignee_id": assignee["id"], "form_id": form["id"]}


BODIES = {
    "sales/leads": {"POST": {"name": "Walker"}, "PATCH": {"title": "Boss"}},
    "sales/leads/new": {"POST": {"name": "Walker"}},
    "sales/leads/edit": {"POST": {"name": "Walker", "company": "Walk Co"}},
    "sales/leads/work": {"POST": {}},
    "sales/leads/qualify": {"POST": {}},
    "sales/leads/disqualify": {"POST": {"reason": "Walked away"}},
    "sales/leads/delete": {"POST": {}},
    "sales/leads/convert": {"POST": {"contact": "1", "allow_duplicate": "1"}},
    "sales/lead-forms": {"PATCH": {"name": "Renamed"}},
    "sales/lead-forms/token": {"POST": {}},
    "sales/leads/forms/active": {"POST": {"active": "0"}},
    "sales/leads/forms/token": {"POST": {}},
    "sales/leads/assignees/delete": {"POST": {}},
}


def test_every_leads_route_keeps_to_its_workspace(app, sales, api_client, page_client):
    ids = {tenant: build(sales, tenant, api_client) for tenant in ("acme", "globex")}
    walked = walk_feature(app, sales, api_client, page_client, "leads", ids, BODIES)
    assert walked >= 15
