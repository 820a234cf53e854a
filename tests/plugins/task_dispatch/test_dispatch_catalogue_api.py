"""The catalogue API: add skills and resources, keys checked and immutable, duplicates refused, archiving, roles."""
from dispatch_profiles_kit import CATALOGUE, add_item, basic_catalogue


def test_admin_adds_lists_and_reads_items(dispatch, api_client):
    made = basic_catalogue(api_client)
    assert made["aircon"]["name"] == "空调维修" and made["aircon"]["category"] is None
    assert made["electric"]["certified"] is True and made["van"]["category"] == "vehicle"
    tool = add_item(api_client, "acme", "resource", "ladder_3m", "Ladder")
    assert tool["category"] == "other" and tool["archived"] is False  # a resource's category defaults to other
    rep = api_client("acme", "rep_n1")  # everyone who may use the module reads the catalogue
    listed = rep.get(CATALOGUE).get_json()
    assert [(i["kind"], i["key"]) for i in listed["items"]] == [
        ("resource", "ladder_3m"), ("resource", "van"), ("skill", "aircon"), ("skill", "electric")]
    assert [i["key"] for i in rep.get(CATALOGUE, query_string={"kind": "skill"}).get_json()["items"]] == [
        "aircon", "electric"]
    assert [i["key"] for i in rep.get(CATALOGUE, query_string={"q": "空调"}).get_json()["items"]] == ["aircon"]
    first = rep.get(CATALOGUE, query_string={"limit": 3}).get_json()
    rest = rep.get(CATALOGUE, query_string={"limit": 3, "cursor": first["next_cursor"]}).get_json()
    assert len(first["items"]) == 3 and [i["key"] for i in rest["items"]] == ["electric"]
    assert rep.get(f"{CATALOGUE}/{made['van']['id']}").get_json()["name"] == "Service van"
    assert api_client("globex", "admin").get(CATALOGUE).get_json()["items"] == []


def test_keys_are_checked_unique_per_kind_and_never_change(dispatch, api_client):
    admin = api_client("acme", "admin")
    item = add_item(api_client, "acme", "skill", "plumbing", "Plumbing")
    for bad in ("Plumbing", "管道", "two words", "", "x" * 41):
        answer = admin.post(CATALOGUE, json={"kind": "skill", "key": bad, "name": "X"})
        assert answer.status_code == 422 and "key" in answer.get_json()["error"]["fields"], bad
    again = admin.post(CATALOGUE, json={"kind": "skill", "key": "plumbing", "name": "Other"})
    assert again.status_code == 409 and "plumbing" in again.get_json()["error"]["message"]
    # The same key may name a resource: keys are unique per kind.
    assert admin.post(CATALOGUE, json={"kind": "resource", "key": "plumbing", "name": "Pipe kit"}).status_code == 201
    assert add_item(api_client, "globex", "skill", "plumbing", "Plumbing")["id"] != item["id"]
    changed = admin.patch(f"{CATALOGUE}/{item['id']}", json={"key": "pipes"})
    assert changed.status_code == 422 and "key" in changed.get_json()["error"]["fields"]
    renamed = admin.patch(f"{CATALOGUE}/{item['id']}", json={"key": "plumbing", "name": "水暖", "certified": True})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "水暖" and renamed.get_json()["certified"]


def test_kind_specific_fields_and_input_checks(dispatch, api_client):
    admin = api_client("acme", "admin")
    skill_with_category = admin.post(CATALOGUE, json={"kind": "skill", "key": "a", "name": "A", "category": "tool"})
    assert skill_with_category.status_code == 422 and "category" in skill_with_category.get_json()["error"]["fields"]
    certified_resource = admin.post(CATALOGUE, json={"kind": "resource", "key": "b", "name": "B", "certified": True})
    assert certified_resource.status_code == 422
    assert "certified" in certified_resource.get_json()["error"]["fields"]
    for body in ({"kind": "robot", "key": "c", "name": "C"}, {"kind": "skill", "key": "c"},
                 {"kind": "skill", "key": "c", "name": ""}, {"kind": "resource", "key": "c", "name": "C",
                                                             "category": "boat"},
                 {"kind": "skill", "key": "c", "name": "C", "archived": True}):
        assert admin.post(CATALOGUE, json=body).status_code == 422, body
    van = add_item(api_client, "acme", "resource", "van", "Van", category="vehicle")
    assert admin.patch(f"{CATALOGUE}/{van['id']}", json={"certified": True}).status_code == 422
    assert admin.patch(f"{CATALOGUE}/{van['id']}", json={"category": "licence"}).get_json()["category"] == "licence"
    assert admin.get(CATALOGUE, query_string={"kind": "robot"}).status_code == 422


def test_archive_and_unarchive_instead_of_delete(dispatch, api_client):
    admin = api_client("acme", "admin")
    item = add_item(api_client, "acme", "skill", "welding", "Welding")
    assert admin.delete(f"{CATALOGUE}/{item['id']}").status_code == 405
    archived = admin.post(f"{CATALOGUE}/{item['id']}/archive")
    assert archived.status_code == 200 and archived.get_json()["archived"] is True
    assert admin.get(CATALOGUE, query_string={"archived": "false"}).get_json()["items"] == []
    assert [i["key"] for i in admin.get(CATALOGUE, query_string={"archived": "true"}).get_json()["items"]] == [
        "welding"]
    assert admin.post(f"{CATALOGUE}/{item['id']}/unarchive").get_json()["archived"] is False


def test_only_who_configures_dispatch_changes_the_catalogue(dispatch, api_client):
    item = add_item(api_client, "acme", "skill", "welding", "Welding")
    for user in ("manager_north", "executive", "rep_n1"):
        client = api_client("acme", user)
        assert client.post(CATALOGUE, json={"kind": "skill", "key": "x", "name": "X"}).status_code == 403, user
        assert client.patch(f"{CATALOGUE}/{item['id']}", json={"name": "Y"}).status_code == 403, user
        assert client.post(f"{CATALOGUE}/{item['id']}/archive").status_code == 403, user
        assert client.get(f"{CATALOGUE}/{item['id']}").status_code == 200, user
    assert api_client("acme", "admin").get(CATALOGUE).get_json()["items"][0]["name"] == "Welding"


def test_another_workspaces_item_is_a_missing_one(dispatch, api_client):
    theirs = add_item(api_client, "globex", "skill", "welding", "Welding")
    admin = api_client("acme", "admin")
    for method, body in (("GET", None), ("PATCH", {"name": "Mine"}), ("POST", None)):
        suffix = "/archive" if method == "POST" else ""
        foreign = admin.open(f"{CATALOGUE}/{theirs['id']}{suffix}", method=method, json=body)
        missing = admin.open(f"{CATALOGUE}/999999{suffix}", method=method, json=body)
        assert foreign.status_code == missing.status_code == 404
        assert foreign.get_json() == missing.get_json()


def test_the_module_off_hides_the_catalogue(world, api_client, enable_plugin):
    enable_plugin("acme", "task_dispatch", enabled=False)
    assert api_client("acme", "admin").get(CATALOGUE).status_code == 404
