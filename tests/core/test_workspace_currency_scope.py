"""workspace_currency() outside a request: a job or command reads the workspace in scope, not the default."""
from crm_platform.sdk import format_money, tenant_scope, workspace_currency


def test_a_job_without_a_signed_in_user_gets_the_scoped_workspace_currency(app, world, api_client):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"currency": "EUR"}).status_code == 200
    with app.app_context():
        with tenant_scope(world.acme.id):
            assert workspace_currency() == "EUR"
            assert format_money("2.50").endswith("2.50") and "€" in format_money("2.50")
        with tenant_scope(world.globex.id):
            assert workspace_currency() == "CNY"  # the other workspace keeps its own (the default)
        assert workspace_currency() == "CNY"  # no workspace in scope at all: the default
