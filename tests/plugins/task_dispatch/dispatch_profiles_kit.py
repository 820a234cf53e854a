"""Catalogue items and profiles for the catalogue's and profiles' tests, made through the API as admins make them."""
CATALOGUE = "/api/v1/dispatch/catalogue"
PROFILES = "/api/v1/dispatch/profiles"


def add_item(api_client, tenant, kind, key, name, **fields):
    """A catalogue item added by `tenant`'s admin; its JSON."""
    made = api_client(tenant, "admin").post(CATALOGUE, json={"kind": kind, "key": key, "name": name, **fields})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def add_profile(api_client, world, tenant, person, by="admin", **fields):
    """The profile of `person` (a world user key) created by `by`; its JSON."""
    made = api_client(tenant, by).post(PROFILES, json={"user_id": world[tenant].users[person].id, **fields})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def basic_catalogue(api_client, tenant="acme"):
    """Two skills (one needing a certification) and a vehicle: {key: item JSON}."""
    return {"aircon": add_item(api_client, tenant, "skill", "aircon", "空调维修"),
            "electric": add_item(api_client, tenant, "skill", "electric", "Electrician", certified=True),
            "van": add_item(api_client, tenant, "resource", "van", "Service van", category="vehicle")}
