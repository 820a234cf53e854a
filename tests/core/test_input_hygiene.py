"""Text and numbers no database can store are field errors, never a 500.

PostgreSQL refuses NUL characters; lone UTF-16 surrogates (JSON "\\ud800")
cannot be encoded; far-off years overflow when shifted to UTC.
"""
import pytest

NUL, SURROGATE = "a\u0000b", "\ud800"


def _some_customer(world):
    return next(iter(world.acme.customers.values())).id


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_customer_text_is_checked(world, api_client, bad):
    client = api_client("acme", "admin")
    for body in ({"name": bad}, {"name": "ok", "notes": bad}, {"name": "ok", "tags": [bad]}):
        response = client.post("/api/v1/customers", json=body)
        assert response.status_code == 422, body
        assert response.json["error"]["fields"]
    assert client.patch(f"/api/v1/customers/{_some_customer(world)}", json={"email": f"x{bad}@y.com"}).status_code == 422


def test_query_and_cursor_text_is_checked(world, api_client):
    client = api_client("acme", "admin")
    assert client.get("/api/v1/customers?q=a%00b").status_code == 422
    # base64 of ["\u0000", 1]: a cursor we never made, holding a NUL.
    assert client.get("/api/v1/customers?cursor=WyJcdTAwMDAiLCAxXQ").status_code == 400


def test_sign_in_and_signup_text_is_checked(client):
    token = client.post("/api/v1/tokens", json={"workspace": "acme\u0000", "email": "a@b.c", "password": "x"})
    assert token.status_code in (401, 422)
    signup = client.post("/api/v1/signup", json={"company": "A\u0000", "slug": "nul-co", "name": "Ann",
                                                 "email": "ann@example.com", "password": "long enough password"})
    assert signup.status_code == 422
    assert "company" in signup.json["error"]["fields"]
    page = client.post("/login", data={"workspace": "acme\u0000", "email": "a@b.c", "password": "x"})
    assert page.status_code == 401


def test_far_off_years_are_refused(world, api_client, page_client):
    customer_id = _some_customer(world)
    client = api_client("acme", "admin")
    response = client.post(f"/api/v1/customers/{customer_id}/activities",
                           json={"kind": "call", "occurred_at": "0001-01-01T00:00:00+01:00"})
    assert response.status_code == 422
    assert "occurred_at" in response.json["error"]["fields"]
    page = page_client("acme", "admin").post(f"/customers/{customer_id}/activities",
                                             data={"kind": "call", "occurred_at": "0001-01-01T00:00"})
    assert page.status_code == 422
