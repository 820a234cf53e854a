"""A customer's preferred and excluded people: the API, the customer page panel and its forms, merges."""
from dispatch_profiles_kit import add_profile


def panel_of(page):
    """The customer page's dispatch people panel, up to the end of its form."""
    panel = page[page.index('id="dispatch-people"'):]
    return panel[:panel.index("</form>")]


def people_url(world, customer, tenant="acme"):
    """The API of `customer`'s (a world key) people."""
    return f"/api/v1/dispatch/customers/{world[tenant].customers[customer].id}/people"


def test_name_change_list_and_remove_people(dispatch, api_client):
    users = dispatch.acme.users
    rep = api_client("acme", "rep_n1")  # n1_alpha's owner manages it
    url = people_url(dispatch, "n1_alpha")
    preferred = rep.post(url, json={"user_id": users["rep_n2"].id, "relation": "preferred", "note": "懂客户的设备"})
    assert preferred.status_code == 201 and preferred.get_json()["user_name"] == users["rep_n2"].name
    excluded = rep.post(url, json={"user_id": users["rep_s1"].id, "relation": "excluded", "note": "Complaint 2025"})
    assert excluded.status_code == 201
    again = rep.post(url, json={"user_id": users["rep_n2"].id, "relation": "excluded"})
    assert again.status_code == 409
    listed = rep.get(url).get_json()["items"]
    assert [(i["user_id"], i["relation"]) for i in listed] == [(users["rep_n2"].id, "preferred"),
                                                               (users["rep_s1"].id, "excluded")]
    changed = rep.patch(f"{url}/{excluded.get_json()['id']}", json={"relation": "preferred", "note": None})
    assert changed.status_code == 200 and changed.get_json()["relation"] == "preferred"
    assert changed.get_json()["note"] is None
    assert rep.delete(f"{url}/{preferred.get_json()['id']}").status_code == 204
    assert rep.delete(f"{url}/{preferred.get_json()['id']}").status_code == 404
    assert len(rep.get(url).get_json()["items"]) == 1


def test_input_is_checked(dispatch, api_client):
    admin = api_client("acme", "admin")
    url = people_url(dispatch, "n1_alpha")
    for body, field in (({"user_id": dispatch.acme.users["rep_n2"].id, "relation": "favourite"}, "relation"),
                        ({"relation": "preferred"}, "user_id"),
                        ({"user_id": dispatch.globex.users["rep_n2"].id, "relation": "preferred"}, "user_id"),
                        ({"user_id": dispatch.acme.users["rep_n2"].id, "relation": "preferred", "note": "x" * 201},
                         "note")):
        answer = admin.post(url, json=body)
        assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"], body


def test_who_may_read_and_change_a_customers_people(dispatch, api_client):
    body = {"user_id": dispatch.acme.users["rep_n2"].id, "relation": "preferred"}
    shared = api_client("acme", "rep_n1")  # sees s1_shared through a share, does not manage it
    assert shared.get(people_url(dispatch, "s1_shared")).status_code == 200
    assert shared.post(people_url(dispatch, "s1_shared"), json=body).status_code == 403
    assert api_client("acme", "rep_n2").get(people_url(dispatch, "n1_alpha")).status_code == 404  # not theirs to see
    assert api_client("acme", "rep_n2").post(people_url(dispatch, "n1_alpha"), json=body).status_code == 404
    # Who dispatches work (managers, executives, dispatchers) may change any customer they see.
    assert api_client("acme", "manager_south").post(people_url(dispatch, "s1"), json=body).status_code == 201
    assert api_client("acme", "executive").post(people_url(dispatch, "n2"), json=body).status_code == 201
    foreign = api_client("acme", "admin").get(people_url(dispatch, "n1_alpha", tenant="globex"))
    missing = api_client("acme", "admin").get("/api/v1/dispatch/customers/999999/people")
    assert foreign.status_code == 404 and foreign.get_json() == missing.get_json()


def test_the_customer_page_panel_and_its_forms(dispatch, api_client, page_client):
    users = dispatch.acme.users
    add_profile(api_client, dispatch, "acme", "rep_n2")
    add_profile(api_client, dispatch, "acme", "rep_s1", takes_tasks=False)
    customer = dispatch.acme.customers["n1_alpha"].id
    rep = page_client("acme", "rep_n1")
    page = rep.get(f"/customers/{customer}").get_data(as_text=True)
    panel = panel_of(page)
    assert "Preferred and excluded people" in page and "nobody is preferred or excluded" in panel
    assert f'<option value="{users["rep_n2"].id}">' in panel
    assert f'<option value="{users["rep_s1"].id}">' not in panel  # takes no tasks: not offered
    added = rep.post(f"/dispatch/profiles/customers/{customer}/people",
                     data={"user_id": users["rep_n2"].id, "relation": "excluded", "note": "Slow"})
    assert added.status_code == 302 and added.headers["Location"].endswith(f"/customers/{customer}#dispatch-people")
    page = rep.get(f"/customers/{customer}").get_data(as_text=True)
    assert "Excluded" in page and "Slow" in page and "data-confirm=" in page
    twice = rep.post(f"/dispatch/profiles/customers/{customer}/people",
                     data={"user_id": users["rep_n2"].id, "relation": "preferred"}, follow_redirects=True)
    assert "already named for this customer" in twice.get_data(as_text=True)
    row = api_client("acme", "rep_n1").get(people_url(dispatch, "n1_alpha")).get_json()["items"][0]
    shared = page_client("acme", "rep_n1").get(f"/customers/{dispatch.acme.customers['s1_shared'].id}")
    assert 'name="relation"' not in shared.get_data(as_text=True)  # a customer they do not manage: read only
    assert rep.post(f"/dispatch/profiles/customers/{customer}/people/{row['id']}/delete").status_code == 302
    assert api_client("acme", "rep_n1").get(people_url(dispatch, "n1_alpha")).get_json()["items"] == []


def test_a_merge_moves_the_people_to_the_kept_customer_without_duplicates(dispatch, api_client):
    users = dispatch.acme.users
    admin = api_client("acme", "admin")
    kept, merged = people_url(dispatch, "n1_alpha"), people_url(dispatch, "n1_beta")
    admin.post(kept, json={"user_id": users["rep_n2"].id, "relation": "preferred"})
    admin.post(merged, json={"user_id": users["rep_n2"].id, "relation": "excluded"})
    admin.post(merged, json={"user_id": users["rep_s1"].id, "relation": "excluded"})
    done = admin.post(f"/api/v1/customers/{dispatch.acme.customers['n1_alpha'].id}/merge",
                      json={"merge_id": dispatch.acme.customers["n1_beta"].id})
    assert done.status_code == 200, done.get_json()
    assert sorted((i["user_id"], i["relation"]) for i in admin.get(kept).get_json()["items"]) == sorted(
        [(users["rep_n2"].id, "preferred"), (users["rep_s1"].id, "excluded")])
