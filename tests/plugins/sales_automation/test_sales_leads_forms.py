"""The public web-to-lead form: its workspace, the honeypot, the throttle, and the 404s."""
from sqlalchemy import select

from csp_support import EMBEDDABLE_POLICY
from plugins.sales_automation.leads.web_forms import POSTS_PER_ADDRESS
from plugins.sales_automation.models import Lead
from sales_leads_support import set_rule

FORMS = "/api/v1/sales/lead-forms"
VISITOR = {"name": "Zhang Wei", "company": "Lotus Foods", "email": "zw@lotus.test", "phone": "13900139000"}


def new_form(api_client, world, tenant="acme", **fields):
    """A web form made through the API by the workspace's admin; returns its JSON."""
    body = {"name": "Contact us", "source": "website", "thank_you": "Thanks, we will call you.",
            "owner_id": world[tenant].users["rep_n2"].id, **fields}
    response = api_client(tenant, "admin").post(FORMS, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def public(form):
    return f"/forms/lead/{form['token']}"


def leads_of(tenant_session, tenant):
    with tenant_session(tenant) as session:
        return [(lead.name, lead.source, lead.owner_id, lead.created_by_id)
                for lead in session.scalars(select(Lead)).all()]


def test_a_visitor_post_becomes_a_lead_of_the_forms_workspace(sales, api_client, client, tenant_session):
    acme_form, globex_form = new_form(api_client, sales), new_form(api_client, sales, "globex")
    assert len(acme_form["token"]) >= 43 and acme_form["public_url"].endswith(public(acme_form))
    page = client.get(public(globex_form))
    assert page.status_code == 200 and 'name="website"' in page.get_data(as_text=True)
    assert page.headers["Content-Security-Policy"] == EMBEDDABLE_POLICY and "X-Frame-Options" not in page.headers
    done = client.post(public(globex_form), data=VISITOR)
    assert done.status_code == 200 and "Thanks, we will call you." in done.get_data(as_text=True)
    assert leads_of(tenant_session, "globex") == [("Zhang Wei", "website", sales.globex.users["rep_n2"].id, None)]
    assert leads_of(tenant_session, "acme") == []


def test_the_assignment_rule_comes_before_the_forms_owner(sales, enable_plugin, api_client, client,
                                                         tenant_session):
    set_rule(enable_plugin, "round_robin")
    api_client("acme", "admin").post("/api/v1/sales/lead-assignees", json={"user_id": sales.acme.users["rep_s1"].id})
    client.post(public(new_form(api_client, sales)), data=VISITOR)
    assert [owner for _, _, owner, _ in leads_of(tenant_session, "acme")] == [sales.acme.users["rep_s1"].id]


def test_the_honeypot_pretends_and_stores_nothing(sales, api_client, client, tenant_session):
    form = new_form(api_client, sales)
    answer = client.post(public(form), data={**VISITOR, "website": "http://spam.test"})
    assert answer.status_code == 200 and "Thanks, we will call you." in answer.get_data(as_text=True)
    assert leads_of(tenant_session, "acme") == []


def test_bad_input_is_shown_again(sales, api_client, client, tenant_session):
    answer = client.post(public(new_form(api_client, sales)), data={"email": "nope"})
    assert answer.status_code == 422
    assert leads_of(tenant_session, "acme") == []


def test_posts_are_throttled_per_address_and_form(sales, api_client, client, tenant_session):
    form, other = new_form(api_client, sales), new_form(api_client, sales, name="Other")
    allowed = int(POSTS_PER_ADDRESS.split("/")[0])
    for _ in range(allowed):
        assert client.post(public(form), data=VISITOR).status_code == 200
    assert client.post(public(form), data=VISITOR).status_code == 429
    assert client.post(public(form), data=VISITOR, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200
    assert client.post(public(other), data=VISITOR).status_code == 200
    assert len(leads_of(tenant_session, "acme")) == allowed + 2


def test_unknown_inactive_regenerated_and_disabled_forms_are_404(sales, enable_plugin, api_client, client):
    admin = api_client("acme", "admin")
    form = new_form(api_client, sales)
    assert client.get("/forms/lead/not-a-token").status_code == 404
    renewed = admin.post(f"{FORMS}/{form['id']}/token").get_json()
    assert renewed["token"] != form["token"]
    assert client.get(public(form)).status_code == 404
    assert client.get(public(renewed)).status_code == 200
    admin.patch(f"{FORMS}/{form['id']}", json={"active": False})
    assert client.post(public(renewed), data=VISITOR).status_code == 404
    admin.patch(f"{FORMS}/{form['id']}", json={"active": True})
    enable_plugin("acme", "sales_automation", enabled=False)
    assert client.get(public(renewed)).status_code == 404


def test_forms_are_managed_by_configurers_only(sales, api_client):
    assert api_client("acme", "rep_n1").get(FORMS).status_code == 403
    form = new_form(api_client, sales)
    assert api_client("globex", "admin").get(f"{FORMS}/{form['id']}").status_code == 404
    bad = api_client("acme", "admin").post(FORMS, json={"name": "X", "owner_id": sales.globex.users["rep_n1"].id})
    assert bad.status_code == 422 and "owner_id" in bad.get_json()["error"]["fields"]
