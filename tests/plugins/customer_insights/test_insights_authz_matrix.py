"""The module's authorization matrix (plugins/customer_insights/authorization.toml), checked as each role."""
import pytest

from crm_platform.testing.authorization import Requests, cases, check_case, installed_files, read_file

from insights_authz_makers import MAKERS

PLUGIN = "customer_insights"
ROWS = read_file(installed_files()[PLUGIN], PLUGIN)


@pytest.mark.parametrize("entry, roles", cases(ROWS))
def test_insights_route_as_each_role(entry, roles, app, insights, api_client, page_client, tenant_session):
    check_case(entry, roles, Requests(app, insights, api_client, page_client, MAKERS, tenant_session))
