"""The API contract's rules one by one (docs/api.md, The contract); the Schemathesis run covers them all."""
import pytest


@pytest.fixture
def document(client):
    """The served OpenAPI document."""
    return client.get("/api/openapi.json").get_json()


def test_a_405_keeps_its_allow_header(api_client):
    response = api_client("acme", "admin").put("/api/v1/tokens")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert response.get_json()["error"]["message"]


def test_a_missing_required_body_is_a_400_and_changes_nothing(api_client, world):
    client = api_client("acme", "admin")
    before = client.get("/api/v1/workspace").get_json()
    response = client.patch("/api/v1/workspace")
    assert response.status_code == 400
    assert "JSON body" in response.get_json()["error"]["message"]
    assert client.post("/api/v1/org-units", data="name=x",
                       content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.get("/api/v1/workspace").get_json() == before


def test_an_empty_json_object_still_reaches_the_schema(api_client):
    response = api_client("acme", "admin").post("/api/v1/org-units", json={})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]


def test_a_token_needs_no_body_when_signed_in(api_client):
    response = api_client("acme", "rep_n1").post("/api/v1/tokens")
    assert response.status_code == 201


def test_numbers_are_not_booleans_and_fractions_not_integers(api_client):
    client = api_client("acme", "admin")
    response = client.post("/api/v1/custom-fields", json={"entity": "customer", "key": "size", "label": "Size",
                                                          "type": "number", "required": 0})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["required"]
    response = client.post("/api/v1/custom-fields", json={"entity": "customer", "key": "size", "label": "Size",
                                                          "type": "number", "position": 2.5})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["position"]


def test_public_operations_need_no_credentials_in_the_document(document):
    paths = document["paths"]
    assert paths["/api/v1/signup"]["post"]["security"] == []
    assert paths["/api/v1/auth/password-reset"]["post"]["security"] == []
    assert paths["/api/v1/auth/password-reset/confirm"]["post"]["security"] == []
    assert paths["/api/v1/tokens"]["post"]["security"] == [{}, {"bearer": []}]
    assert paths["/api/v1/tokens"]["post"]["requestBody"]["required"] is False
    assert {"429", "503"} <= set(paths["/api/v1/auth/password-reset"]["post"]["responses"])
    assert "401" not in paths["/api/v1/signup"]["post"]["responses"]


def test_every_operation_declares_its_errors_and_no_default(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert "default" not in codes, (method, path)
            assert {"400", "422"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert "409" in codes, (method, path)
            if operation.get("security") != []:
                assert {"401", "403"} <= codes, (method, path)


def test_fields_that_can_be_null_are_nullable(document):
    schemas = document["components"]["schemas"]
    assert schemas["User"]["properties"]["last_login_at"]["nullable"] is True
    assert schemas["Customer"]["properties"]["city"]["nullable"] is True

