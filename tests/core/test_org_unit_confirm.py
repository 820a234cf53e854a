"""Bug 9: Delete shows only on org units that can be deleted, and deleting a unit or removing a share asks first."""
import re


def test_delete_shows_only_on_units_that_can_go(world, api_client, page_client):
    acme = world.acme
    east = api_client("acme", "admin").post("/api/v1/org-units", json={
        "name": "East", "kind": "team", "parent_id": acme.units["south"].id}).json["id"]
    page = page_client("acme", "admin").get("/org/units").get_data(as_text=True)
    links = set(re.findall(r'href="/org/units/(\d+)/delete"', page))
    assert links == {str(east)}  # every unit of the world has sub-units or users
    assert "It has sub-units and users; move them elsewhere first." in page  # company, north, south
    assert "It has users; move them to another unit first." in page  # north1
    assert not re.search(r'action="/org/units/\d+/delete"', page)  # no one-click delete form left


def test_deleting_a_unit_asks_first(world, api_client, page_client):
    acme = world.acme
    admin_api, client = api_client("acme", "admin"), page_client("acme", "admin")
    east = admin_api.post("/api/v1/org-units", json={"name": "East", "kind": "team",
                                                     "parent_id": acme.units["south"].id}).json["id"]
    confirm = client.get(f"/org/units/{east}/delete")
    assert confirm.status_code == 200 and "Delete East?" in confirm.get_data(as_text=True)
    assert admin_api.get(f"/api/v1/org-units/{east}").status_code == 200  # asking deleted nothing
    assert client.post(f"/org/units/{east}/delete").status_code == 302
    assert admin_api.get(f"/api/v1/org-units/{east}").status_code == 404


def test_a_unit_that_cannot_go_says_why(world, page_client, api_client):
    north = world.acme.units["north"].id
    refused = page_client("acme", "admin").get(f"/org/units/{north}/delete")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "North cannot be deleted" in text and "sub-units and users" in text
    assert 'method="post"' not in text.split("<main", 1)[1]
    assert page_client("acme", "manager_north").get(f"/org/units/{north}/delete").status_code == 403
    assert api_client("acme", "admin").get(f"/api/v1/org-units/{north}").status_code == 200


def test_removing_a_share_asks_first(world, page_client, api_client):
    acme = world.acme
    shared, rep_n1 = acme.customers["s1_shared"].id, acme.users["rep_n1"].id
    owner = page_client("acme", "rep_s1")
    detail = owner.get(f"/customers/{shared}").get_data(as_text=True)
    url = f"/customers/{shared}/shares/{rep_n1}/delete"
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail
    confirm = owner.get(url)
    assert confirm.status_code == 200 and "Stop sharing Epsilon Media with Rep N1?" in confirm.get_data(as_text=True)
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{shared}").status_code == 200  # still shared
    # The user it is shared with sees the customer but may not withdraw shares.
    assert page_client("acme", "rep_n1").get(url).status_code == 403
    assert owner.post(url).status_code == 302
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{shared}").status_code == 404
