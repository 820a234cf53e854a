"""The module's authorization matrix (plugins/task_dispatch/authorization.toml), checked as each role."""
import pytest

from crm_platform.testing.authorization import Requests, cases, check_case, installed_files, read_file

from dispatch_authz_makers import MAKERS

PLUGIN = "task_dispatch"
ROWS = read_file(installed_files()[PLUGIN], PLUGIN)


@pytest.mark.parametrize("entry, roles", cases(ROWS))
def test_dispatch_route_as_each_role(entry, roles, app, dispatch, api_client, page_client, tenant_session):
    check_case(entry, roles, Requests(app, dispatch, api_client, page_client, MAKERS, tenant_session))
