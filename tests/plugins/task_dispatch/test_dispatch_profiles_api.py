"""The profiles API: create one per person with the default capacity, edit with the catalogue's keys, dates checked,
the performance figure shown with its parts and never accepted."""
from dispatch_profiles_kit import PROFILES, add_item, add_profile, basic_catalogue


def test_create_uses_the_default_capacity_and_refuses_a_second_profile(dispatch, api_client, enable_plugin):
    made = add_profile(api_client, dispatch, "acme", "rep_n1")
    assert made["capacity"] == 5 and made["takes_tasks"] is True and made["skills"] == {} and made["resources"] == []
    assert made["user_id"] == dispatch.acme.users["rep_n1"].id and made["certifications"] == []
    again = api_client("acme", "admin").post(PROFILES, json={"user_id": dispatch.acme.users["rep_n1"].id})
    assert again.status_code == 409
    enable_plugin("acme", "task_dispatch", settings={"default_capacity": 8})
    assert add_profile(api_client, dispatch, "acme", "rep_n2")["capacity"] == 8
    assert add_profile(api_client, dispatch, "acme", "rep_s1", capacity=3, home_region="South")["capacity"] == 3
    foreign = api_client("acme", "admin").post(PROFILES, json={"user_id": dispatch.globex.users["rep_n1"].id})
    assert foreign.status_code == 422 and "user_id" in foreign.get_json()["error"]["fields"]


def test_edit_with_skills_resources_region_and_dates(dispatch, api_client):
    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}"
    changed = admin.patch(url, json={"skills": {"aircon": 4, "electric": 2}, "resources": ["van", "van"],
                                     "home_region": "华北", "hire_date": "2020-03-01", "post_date": "2023-07-01",
                                     "capacity": 12, "takes_tasks": False, "note": "夜班"})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["skills"] == {"aircon": 4, "electric": 2} and body["resources"] == ["van"]
    assert (body["home_region"], body["hire_date"], body["post_date"]) == ("华北", "2020-03-01", "2023-07-01")
    assert body["capacity"] == 12 and body["takes_tasks"] is False and body["note"] == "夜班"
    assert admin.get(url).get_json()["skills"] == {"aircon": 4, "electric": 2}


def test_bad_input_is_refused_with_field_messages(dispatch, api_client):
    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1", hire_date="2022-01-10")
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}"
    for body, field in (({"skills": {"aircon": 6}}, "skills"), ({"skills": {"aircon": 0}}, "skills"),
                        ({"skills": {"cooking": 3}}, "skills"), ({"resources": ["helicopter"]}, "resources"),
                        ({"capacity": 0}, "capacity"), ({"capacity": 1001}, "capacity"),
                        ({"post_date": "2021-12-31"}, "post_date"), ({"home_region": "x" * 61}, "home_region"),
                        ({"user_id": dispatch.acme.users["rep_n2"].id}, "user_id")):
        answer = admin.patch(url, json=body)
        assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"], (body, answer.get_json())
    unknown = admin.patch(url, json={"skills": {"cooking": 3}}).get_json()["error"]["fields"]["skills"]
    assert "cooking" in str(unknown)
    both = admin.patch(url, json={"hire_date": "2024-01-01", "post_date": "2023-01-01"})
    assert both.status_code == 422 and "post_date" in both.get_json()["error"]["fields"]
    assert admin.get(url).get_json()["hire_date"] == "2022-01-10"  # nothing half written
    assert admin.patch(url, json={"post_date": "2022-01-10"}).status_code == 200  # the hire date itself is fine


def test_an_archived_item_stays_where_held_but_is_not_newly_given(dispatch, api_client):
    made = basic_catalogue(api_client)
    admin = api_client("acme", "admin")
    first = add_profile(api_client, dispatch, "acme", "rep_n1", skills={"aircon": 3})
    admin.post(f"/api/v1/dispatch/catalogue/{made['aircon']['id']}/archive")
    kept = admin.patch(f"{PROFILES}/{first['id']}", json={"skills": {"aircon": 4}})
    assert kept.status_code == 200 and kept.get_json()["skills"] == {"aircon": 4}
    second = add_profile(api_client, dispatch, "acme", "rep_n2")
    refused = admin.patch(f"{PROFILES}/{second['id']}", json={"skills": {"aircon": 2}})
    assert refused.status_code == 422 and "archived" in str(refused.get_json()["error"]["fields"]["skills"])


def test_performance_is_shown_with_its_parts_and_never_accepted(dispatch, api_client, tenant_session):
    from plugins.task_dispatch.models import Profile

    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    with tenant_session(dispatch.acme) as session:
        row = session.get(Profile, profile["id"])
        row.performance_tasks, row.performance_on_time, row.performance_rating, row.performance = 8, 0.75, 4.5, 0.8
        session.commit()
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}"
    shown = admin.get(url).get_json()["performance"]
    assert shown == {"tasks": 8, "on_time_rate": 0.75, "mean_rating": 4.5, "figure": 0.8, "computed_at": None}
    for body in ({"performance": {"figure": 1.0}}, {"performance": 1.0}, {"performance_rating": 5},
                 {"performance_tasks": 100, "capacity": 4}):
        answer = admin.patch(url, json=body)
        assert answer.status_code == 422, body
        message = str(answer.get_json()["error"]["fields"])
        assert "derived from finished tasks" in message, message
    assert admin.get(url).get_json()["performance"]["figure"] == 0.8 and admin.get(url).get_json()["capacity"] == 5
    created = admin.post(PROFILES, json={"user_id": dispatch.acme.users["rep_n2"].id, "performance": 1})
    assert created.status_code == 422


def test_lists_of_people_and_profiles_with_filters(dispatch, api_client):
    basic_catalogue(api_client)
    add_item(api_client, "acme", "skill", "gas", "Gas")
    add_profile(api_client, dispatch, "acme", "rep_n1", skills={"aircon": 4}, home_region="North")
    add_profile(api_client, dispatch, "acme", "rep_n2", skills={"aircon": 2, "gas": 1}, home_region="North",
                takes_tasks=False)
    add_profile(api_client, dispatch, "acme", "rep_s1", home_region="South")
    admin = api_client("acme", "admin")
    users = dispatch.acme.users

    def people(**query):
        return [item["user_id"] for item in admin.get(f"{PROFILES}/people", query_string=query).get_json()["items"]]

    everyone = admin.get(f"{PROFILES}/people").get_json()["items"]
    assert len(everyone) == len(users)
    assert {i["user_id"]: i["profile"] is not None for i in everyone}[users["admin"].id] is False
    assert people(unit_id=dispatch.acme.units["north"].id) == sorted(
        [users["manager_north"].id, users["rep_n1"].id, users["rep_n2"].id],
        key=lambda i: next(u.name for u in users.values() if u.id == i))
    assert set(people(region="North")) == {users["rep_n1"].id, users["rep_n2"].id}
    assert people(skill="aircon", level=3) == [users["rep_n1"].id]
    assert set(people(skill="aircon")) == {users["rep_n1"].id, users["rep_n2"].id}
    assert set(people(takes_tasks="true")) == {users["rep_n1"].id, users["rep_s1"].id}
    assert users["rep_n2"].id in people(takes_tasks="false") and users["admin"].id in people(takes_tasks="false")
    assert set(people(has_profile="true")) == {users["rep_n1"].id, users["rep_n2"].id, users["rep_s1"].id}
    profiles = admin.get(PROFILES, query_string={"region": "North"}).get_json()["items"]
    assert {p["user_id"] for p in profiles} == {users["rep_n1"].id, users["rep_n2"].id}
    first = admin.get(f"{PROFILES}/people", query_string={"limit": 4}).get_json()
    rest = admin.get(f"{PROFILES}/people", query_string={"limit": 4, "cursor": first["next_cursor"]}).get_json()
    assert len(first["items"] + rest["items"]) == len(users) and rest["next_cursor"] is None
