"""The module's authorization matrix (plugins/service_support/authorization.toml), checked as each role."""
import pytest

from crm_platform.testing.authorization import Requests, cases, check_case, installed_files, read_file

from service_authz_makers import MAKERS

PLUGIN = "service_support"
ROWS = read_file(installed_files()[PLUGIN], PLUGIN)


@pytest.mark.parametrize("entry, roles", cases(ROWS))
def test_service_route_as_each_role(entry, roles, app, service, api_client, page_client, tenant_session,
                                    enable_plugin):
    enable_plugin("acme", "task_dispatch")  # tickets are dispatched through it
    check_case(entry, roles, Requests(app, service, api_client, page_client, MAKERS, tenant_session))
