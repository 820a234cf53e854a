"""The module's authorization matrix (plugins/sales_automation/authorization.toml), checked as each role."""
import pytest

from crm_platform.testing.authorization import Requests, cases, check_case, installed_files, read_file

from sales_authz_makers import MAKERS

PLUGIN = "sales_automation"
ROWS = read_file(installed_files()[PLUGIN], PLUGIN)


@pytest.mark.parametrize("entry, roles", cases(ROWS))
def test_sales_route_as_each_role(entry, roles, app, sales, api_client, page_client, tenant_session):
    check_case(entry, roles, Requests(app, sales, api_client, page_client, MAKERS, tenant_session))
