"""Every API route asks for credentials before it looks at the input.

An anonymous request with nonsense input must get 401, not a 422 that
describes the endpoint's schema to someone who may not use it.
"""
import re

PUBLIC = {("POST", "/api/v1/signup"), ("POST", "/api/v1/tokens"), ("POST", "/api/v1/auth/password-reset"),
          ("POST", "/api/v1/auth/password-reset/confirm")}


def _api_calls(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, rule.rule) not in PUBLIC:
                yield method, path


def test_anonymous_requests_get_401_before_validation(app, client):
    calls = list(_api_calls(app))
    assert len(calls) > 20
    for method, path in calls:
        response = client.open(f"{path}?limit=0&status=bogus&cursor=x", method=method, json={"bogus": True})
        assert response.status_code == 401, (method, path, response.status_code)
        assert "error" in response.json


def test_non_admins_get_403_before_validation(world, api_client):
    rep = api_client("acme", "rep_n1")
    for method, path in [("POST", "/api/v1/org-units"), ("POST", "/api/v1/users"), ("GET", "/api/v1/audit?limit=0")]:
        assert rep.open(path, method=method, json={"bogus": True}).status_code == 403, path
