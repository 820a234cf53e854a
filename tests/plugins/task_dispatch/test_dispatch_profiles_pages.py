"""The profile pages: the people list with "create profile", the profile, its form, certifications, "my profile"."""
from dispatch_profiles_kit import PROFILES, add_profile, basic_catalogue

PAGES = "/dispatch/profiles"


def test_the_people_list_offers_create_profile_to_who_may(dispatch, api_client, page_client):
    add_profile(api_client, dispatch, "acme", "rep_n1", home_region="North")
    users = dispatch.acme.users
    page = page_client("acme", "manager_north").get(f"{PAGES}/").get_data(as_text=True)
    assert users["rep_n1"].name in page and users["rep_n2"].name in page and users["rep_s1"].name not in page
    assert f'{PAGES}/people/{users["rep_n2"].id}/create' in page
    rep_page = page_client("acme", "rep_n1").get(f"{PAGES}/").get_data(as_text=True)
    assert users["rep_n2"].name not in rep_page and "/create" not in rep_page
    filtered = page_client("acme", "admin").get(f"{PAGES}/?has_profile=true&region=North").get_data(as_text=True)
    assert f'id="person-{users["rep_n1"].id}"' in filtered and f'id="person-{users["rep_n2"].id}"' not in filtered
    assert page_client("acme", "admin").get(f"{PAGES}/?level=9").status_code == 400


def test_create_then_edit_through_the_form(dispatch, api_client, page_client):
    basic_catalogue(api_client)
    user_id = dispatch.acme.users["rep_n2"].id
    manager = page_client("acme", "manager_north")
    created = manager.post(f"{PAGES}/people/{user_id}/create")
    assert created.status_code == 302 and created.headers["Location"].endswith("/edit")
    form_url = created.headers["Location"]
    form = manager.get(form_url).get_data(as_text=True)
    assert 'name="skill-aircon"' in form and 'value="van"' in form and '<datalist id="dispatch-regions">' in form
    assert '<option value="North">' in form and 'name="performance' not in form
    saved = manager.post(form_url, data={"takes_tasks": "1", "home_region": "华北", "capacity": "6",
                                         "hire_date": "2021-02-01", "post_date": "2024-05-01", "skill-aircon": "4",
                                         "skill-electric": "", "resources": ["van"], "note": "夜班可"})
    assert saved.status_code == 302
    profile = api_client("acme", "admin").get(f"{PROFILES}?region=华北").get_json()["items"][0]
    assert profile["skills"] == {"aircon": 4} and profile["resources"] == ["van"] and profile["capacity"] == 6
    again = manager.post(f"{PAGES}/people/{user_id}/create", follow_redirects=True)
    assert "already has a profile" in again.get_data(as_text=True)


def test_the_form_shows_what_is_wrong_and_keeps_the_input(dispatch, api_client, page_client):
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    admin = page_client("acme", "admin")
    answer = admin.post(f"{PAGES}/{profile['id']}/edit", data={"capacity": "0", "hire_date": "2024-01-01",
                                                               "post_date": "2023-01-01", "home_region": "Hub"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'value="Hub"' in text
    assert api_client("acme", "admin").get(f"{PROFILES}/{profile['id']}").get_json()["capacity"] == 5
    dates = admin.post(f"{PAGES}/{profile['id']}/edit", data={"capacity": "5", "hire_date": "2024-01-01",
                                                              "post_date": "2023-01-01"})
    assert dates.status_code == 422 and "cannot be before the hire date" in dates.get_data(as_text=True)


def test_the_profile_page_and_who_may_edit(dispatch, api_client, page_client, tenant_session):
    from plugins.task_dispatch.models import Profile

    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1", skills={"aircon": 3, "electric": 5},
                          resources=["van"])
    with tenant_session(dispatch.acme) as session:
        row = session.get(Profile, profile["id"])
        row.performance_tasks, row.performance_on_time, row.performance_rating, row.performance = 12, 0.9, 4.2, 0.85
        session.commit()
    own = page_client("acme", "rep_n1")
    assert own.get(f"{PAGES}/mine").headers["Location"].endswith(f"{PAGES}/{profile['id']}")
    page = own.get(f"{PAGES}/{profile['id']}").get_data(as_text=True)
    assert "空调维修" in page and "Service van" in page and "Not counted: needs a valid certification" in page
    assert "90%" in page and "4.2 / 5" in page and "85 / 100" in page and "Edit profile" not in page
    assert own.get(f"{PAGES}/{profile['id']}/edit").status_code == 403
    assert page_client("acme", "rep_n2").get(f"{PAGES}/{profile['id']}").status_code == 404
    assert page_client("acme", "rep_n2").get(f"{PAGES}/mine").headers["Location"].endswith(f"{PAGES}/")
    assert "Edit profile" in page_client("acme", "manager_north").get(f"{PAGES}/{profile['id']}").get_data(
        as_text=True)


def test_certifications_through_the_page(dispatch, api_client, page_client):
    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    admin = page_client("acme", "admin")
    url = f"{PAGES}/{profile['id']}/certifications"
    assert admin.post(url, data={"name": "电工证", "skill_key": "electric", "expires_on": "2020-01-01"}).status_code == 302
    page = admin.get(f"{PAGES}/{profile['id']}").get_data(as_text=True)
    assert "电工证" in page and "Expired" in page
    bad = admin.post(url, data={"name": "", "expires_on": "later"})
    assert bad.status_code == 422 and "<details open>" in bad.get_data(as_text=True)
    cert = api_client("acme", "admin").get(f"{PROFILES}/{profile['id']}/certifications").get_json()[0]
    assert page_client("acme", "rep_n1").post(f"{url}/{cert['id']}/delete").status_code == 403
    assert admin.post(f"{url}/{cert['id']}/delete").status_code == 302
    assert api_client("acme", "admin").get(f"{PROFILES}/{profile['id']}/certifications").get_json() == []
