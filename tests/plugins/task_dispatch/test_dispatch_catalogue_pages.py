"""The catalogue pages: the list for everyone, the forms and archiving for who configures dispatch."""
from dispatch_profiles_kit import CATALOGUE, add_item, basic_catalogue

PAGES = "/dispatch/catalogue"


def test_everyone_reads_the_list_only_admins_see_the_actions(dispatch, api_client, page_client):
    basic_catalogue(api_client)
    page = page_client("acme", "rep_n1").get(f"{PAGES}/").get_data(as_text=True)
    assert "空调维修" in page and "Service van" in page and "Vehicle" in page
    assert "Add a skill" not in page and "Archive" not in page
    admin_page = page_client("acme", "admin").get(f"{PAGES}/").get_data(as_text=True)
    assert "Add a skill" in admin_page and "Archive" in admin_page and "data-confirm=" in admin_page
    assert page_client("acme", "rep_n1").get(f"{PAGES}/new").status_code == 403
    assert page_client("acme", "manager_north").post(f"{PAGES}/new?kind=skill",
                                                     data={"key": "x", "name": "X"}).status_code == 403


def test_admin_adds_a_skill_and_a_resource_through_the_form(dispatch, api_client, page_client):
    admin = page_client("acme", "admin")
    assert "New skill" in admin.get(f"{PAGES}/new?kind=skill").get_data(as_text=True)
    made = admin.post(f"{PAGES}/new?kind=skill", data={"key": "forklift", "name": "叉车驾驶", "certified": "1"})
    assert made.status_code == 302
    made = admin.post(f"{PAGES}/new?kind=resource", data={"key": "van", "name": "Van", "category": "vehicle"})
    assert made.status_code == 302
    items = {i["key"]: i for i in api_client("acme", "admin").get(CATALOGUE).get_json()["items"]}
    assert items["forklift"]["certified"] is True and items["forklift"]["kind"] == "skill"
    assert items["van"]["category"] == "vehicle"


def test_the_form_shows_what_is_wrong(dispatch, api_client, page_client):
    add_item(api_client, "acme", "skill", "forklift", "Forklift")
    admin = page_client("acme", "admin")
    taken = admin.post(f"{PAGES}/new?kind=skill", data={"key": "forklift", "name": "Again"})
    assert taken.status_code == 422 and "already in the catalogue" in taken.get_data(as_text=True)
    bad = admin.post(f"{PAGES}/new?kind=skill", data={"key": "Fork Lift", "name": ""})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "lower-case letters" in text and 'value="Fork Lift"' in text


def test_edit_keeps_the_key_and_archiving_round_trips(dispatch, api_client, page_client):
    item = add_item(api_client, "acme", "skill", "forklift", "Forklift")
    admin = page_client("acme", "admin")
    form = admin.get(f"{PAGES}/{item['id']}/edit").get_data(as_text=True)
    assert 'id="item-key">forklift<' in form and 'name="key"' not in form
    assert admin.post(f"{PAGES}/{item['id']}/edit", data={"name": "叉车", "key": "other"}).status_code == 302
    assert api_client("acme", "admin").get(f"{CATALOGUE}/{item['id']}").get_json()["key"] == "forklift"
    assert admin.post(f"{PAGES}/{item['id']}/edit", data={"name": ""}).status_code == 422
    assert admin.post(f"{PAGES}/{item['id']}/archive").status_code == 302
    assert "叉车 archived." in admin.get(f"{PAGES}/").get_data(as_text=True)  # the flash message
    assert f"item-{item['id']}" not in admin.get(f"{PAGES}/").get_data(as_text=True)
    assert "Restore" in admin.get(f"{PAGES}/?archived=1").get_data(as_text=True)
    assert admin.post(f"{PAGES}/{item['id']}/unarchive").status_code == 302
    assert api_client("acme", "admin").get(f"{CATALOGUE}/{item['id']}").get_json()["archived"] is False
