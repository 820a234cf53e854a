"""Requirements for the requirement records' tests: made through the API, as users make them."""
REQUIREMENTS = "/api/v1/service/requirements"


def new_requirement(api_client, world, tenant="acme", user="rep_n1", customer="n1_alpha", title="Cold chain report",
                    **fields):
    """A requirement made by `user` for `customer` (world keys) through the API; its JSON."""
    body = {"title": title, "customer_id": world[tenant].customers[customer].id, **fields}
    made = api_client(tenant, user).post(REQUIREMENTS, json=body)
    assert made.status_code == 201, made.get_json()
    return made.get_json()
