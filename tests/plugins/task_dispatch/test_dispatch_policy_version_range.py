"""A policy version number past PostgreSQL's INTEGER range is a missing version (found by the API contract test)."""


def test_a_policy_version_past_the_integer_range_is_a_404(api_client, enable_plugin):
    enable_plugin("acme", "task_dispatch")
    response = api_client("acme", "admin").get(f"/api/v1/dispatch/policy/versions/{2**40}")
    assert response.status_code == 404
