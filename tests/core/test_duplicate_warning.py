"""Issue 8 bug 5: a customer created by hand with the keys of an existing one is warned about (form) or refused (API)."""
from sqlalchemy import func, select

from crm_platform.models import Customer
from search_support import create


def _count(tenant_session):
    with tenant_session("acme") as session:
        return session.scalar(select(func.count(Customer.id)))


def test_the_api_refuses_a_duplicate_with_409_naming_the_fields(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    alpha = world.acme.customers["n1_alpha"].id  # buy@alpha.test, +1 555 0101
    before = _count(tenant_session)
    response = rep.post("/api/v1/customers", json={"name": "ALPHA TRADING CO., LTD.", "email": "Buy@Alpha.test"})
    assert response.status_code == 409
    error = response.json["error"]
    assert error["duplicates"] == [{"id": alpha, "fields": ["email", "name"]}]
    assert set(error["fields"]) == {"email", "name"} and "same" in error["message"]
    assert _count(tenant_session) == before
    response = rep.post("/api/v1/customers", json={"name": "Alpha Trading", "allow_duplicate": True})
    assert response.status_code == 201 and _count(tenant_session) == before + 1


def test_phone_duplicates_compare_normalised_numbers(world, api_client):
    rep = api_client("acme", "rep_n1")
    first = create(rep, name="Suzhou Silk", phone="0512-6523 8888")
    response = rep.post("/api/v1/customers", json={"name": "Silk Shop", "phone": "+86 512 65238888"})
    assert response.status_code == 409 and response.json["error"]["duplicates"] == [{"id": first["id"],
                                                                                     "fields": ["phone"]}]


def test_a_rep_learns_only_that_some_customer_matches(world, api_client):
    """Delta Shipping is rep_s1's: rep_n1 may not see it, so the 409 gives no id."""
    rep = api_client("acme", "rep_n1")
    response = rep.post("/api/v1/customers", json={"name": "Delta Shipping"})
    assert response.status_code == 409
    assert response.json["error"]["duplicates"] == [{"id": None, "fields": ["name"]}]
    assert "Delta" not in str(response.json)
    manager = api_client("acme", "manager_south")
    response = manager.post("/api/v1/customers", json={"name": "delta  shipping"})
    assert response.json["error"]["duplicates"] == [{"id": world.acme.customers["s1"].id, "fields": ["name"]}]
    # Another workspace's customers are no duplicates.
    create(rep, name="Omega Unique")
    assert api_client("globex", "rep_s1").post("/api/v1/customers", json={"name": "Omega Unique"}).status_code == 201


def test_updates_are_not_refused(world, api_client):
    rep = api_client("acme", "rep_n1")
    beta = world.acme.customers["n1_beta"].id
    assert rep.patch(f"/api/v1/customers/{beta}", json={"email": "buy@alpha.test"}).status_code == 200


def test_the_form_warns_links_what_the_user_may_see_and_lets_them_go_on(world, page_client, tenant_session):
    client = page_client("acme", "rep_n1")
    before = _count(tenant_session)
    data = {"name": "Alpha Trading", "kind": "company", "status": "following", "level": "potential"}
    response = client.post("/customers/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and 'id="duplicate-warning"' in body
    assert f'href="/customers/{world.acme.customers["n1_alpha"].id}"' in body
    assert 'value="Alpha Trading"' in body  # the input is kept
    assert _count(tenant_session) == before
    response = client.post("/customers/new", data={**data, "allow_duplicate": "1"})
    assert response.status_code == 302 and _count(tenant_session) == before + 1


def test_the_form_never_names_a_customer_the_rep_may_not_see(world, page_client):
    client = page_client("acme", "rep_n1")
    response = client.post("/customers/new", data={"name": "Delta Shipping", "kind": "company"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "A customer you may not see" in body
    assert f'/customers/{world.acme.customers["s1"].id}"' not in body
    assert body.count("Delta Shipping") == 1  # only in the name field the user typed


def test_the_openapi_document_describes_the_409_and_allow_duplicate(client):
    spec = client.get("/api/openapi.json").json
    post = spec["paths"]["/api/v1/customers"]["post"]
    assert "409" in post["responses"]
    schemas = spec["components"]["schemas"]
    assert "duplicates" in schemas["DuplicateErrorDetail"]["properties"]
    assert "allow_duplicate" in schemas["Customer"]["properties"]
    assert "credit_code" in schemas["Customer"]["properties"]
