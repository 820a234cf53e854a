"""Helpers of the leads tests: leads made through the API, the module's settings changed per workspace."""
from crm_platform.testing import MISSING_ID  # noqa: F401  (re-exported for the tests)

LEADS = "/api/v1/sales/leads"


def new_lead(api_client, tenant="acme", user="rep_n1", **fields):
    """A lead created through the API by `user`; returns its JSON."""
    response = api_client(tenant, user).post(LEADS, json={"name": "Wang Fang", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def set_rule(enable_plugin, rule, tenant="acme"):
    """Set the workspace's lead assignment rule."""
    enable_plugin(tenant, "sales_automation", settings={"lead_assignment": rule})
