"""Authentication costs one statement on the credential's unique hash, and nothing is cached between requests.

So a revoked token, a deleted session, a deactivated user, a new role or a
module switched off count on the very next request.
"""

from sqlalchemy import delete, select

from crm_platform.models import LoginSession, User
from statements_support import statements


def credential_lookups(sent, table):
    return [s for s in sent if f"FROM users JOIN {table}" in s]


def test_a_bearer_request_looks_its_token_up_once(app, world, api_client):
    client = api_client("acme", "rep_n1")
    assert client.get("/api/v1/customers/count").status_code == 200  # writes last_used_at once a minute
    with statements(app) as sent:
        assert client.get("/api/v1/customers/count").status_code == 200
    assert len(credential_lookups(sent, "api_tokens")) == 1
    # The token, its user and the workspace's modules in one statement; then the count itself.
    assert len(sent) == 2, sent
    assert "token_hash" in credential_lookups(sent, "api_tokens")[0]


def test_a_signed_in_page_looks_its_session_up_once(app, world, page_client):
    client = page_client("acme", "rep_n1")
    assert client.get("/customers/").status_code == 200
    with statements(app) as sent:
        assert client.get("/customers/").status_code == 200
    assert len(credential_lookups(sent, "login_sessions")) == 1
    assert not [s for s in sent if "FROM api_tokens" in s or "FROM login_sessions" in s]


def test_a_revoked_token_is_refused_on_the_next_request(app, world, api_client):
    acme = world.acme
    client = api_client("acme", "rep_n1")
    assert client.get("/api/v1/customers").status_code == 200
    assert client.delete(f"/api/v1/tokens/{acme.tokens['rep_n1'].id}").status_code == 204
    assert client.get("/api/v1/customers").status_code == 401


def test_a_deactivated_user_or_a_deleted_session_is_refused_on_the_next_request(app, world, api_client,
                                                                               page_client, tenant_session):
    rep_api, rep_page = api_client("acme", "rep_n2"), page_client("acme", "rep_n2")
    manager_page = page_client("acme", "manager_north")
    assert rep_api.get("/api/v1/customers").status_code == 200 and rep_page.get("/customers/").status_code == 200
    assert manager_page.get("/customers/").status_code == 200
    with tenant_session("acme") as session:
        session.get(User, world.acme.users["rep_n2"].id).active = False
        session.execute(delete(LoginSession).where(LoginSession.user_id == world.acme.users["manager_north"].id))
        session.commit()
    assert rep_api.get("/api/v1/customers").status_code == 401
    assert rep_page.get("/customers/").status_code == 302
    assert manager_page.get("/customers/").status_code == 302


def test_a_new_role_counts_on_the_next_request(app, world, api_client, tenant_session):
    client = api_client("acme", "rep_n2")
    assert client.get("/api/v1/customers/count").get_json() == {"count": 1}
    with tenant_session("acme") as session:
        session.scalar(select(User).where(User.id == world.acme.users["rep_n2"].id)).role = "executive"
        session.commit()
    assert client.get("/api/v1/customers/count").get_json() == {"count": 7}


def test_a_module_switched_off_is_off_on_the_next_request(app, world, api_client, enable_plugin):
    enable_plugin("acme", "sales_automation")
    client = api_client("acme", "rep_n1")
    assert client.get("/api/v1/sales/leads").status_code == 200
    enable_plugin("acme", "sales_automation", enabled=False)
    assert client.get("/api/v1/sales/leads").status_code == 404
