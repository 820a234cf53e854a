"""Certifications: added and removed by who edits the profile, expired ones marked, certified skills counted only
with a valid certification."""
from datetime import date, timedelta

from dispatch_profiles_kit import PROFILES, add_profile, basic_catalogue


def test_add_list_and_remove(dispatch, api_client):
    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}/certifications"
    past = (date.today() - timedelta(days=400)).isoformat()
    later = (date.today() + timedelta(days=400)).isoformat()
    old = admin.post(url, json={"name": "低压电工证", "skill_key": "electric", "number": "T-1", "expires_on": past})
    assert old.status_code == 201 and old.get_json()["expired"] is True
    valid = admin.post(url, json={"name": "Electrician licence", "skill_key": "electric", "expires_on": later})
    assert valid.status_code == 201 and valid.get_json()["expired"] is False
    forever = admin.post(url, json={"name": "First aid"})
    assert forever.status_code == 201 and forever.get_json()["expires_on"] is None
    listed = api_client("acme", "rep_n1").get(url).get_json()  # their own: they may read it
    assert [c["name"] for c in listed] == ["低压电工证", "Electrician licence", "First aid"]
    assert [c["name"] for c in admin.get(f"{PROFILES}/{profile['id']}").get_json()["certifications"]] == [
        "低压电工证", "Electrician licence", "First aid"]
    assert admin.delete(f"{url}/{old.get_json()['id']}").status_code == 204
    assert admin.delete(f"{url}/{old.get_json()['id']}").status_code == 404
    assert len(admin.get(url).get_json()) == 2


def test_bad_certifications_and_who_may_change_them(dispatch, api_client):
    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    other = add_profile(api_client, dispatch, "acme", "rep_n2")
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}/certifications"
    for body, field in (({"name": ""}, "name"), ({"name": "X", "skill_key": "cooking"}, "skill_key"),
                        ({"name": "X", "expires_on": "soon"}, "expires_on"), ({"name": "X" * 121}, "name")):
        answer = admin.post(url, json=body)
        assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"], body
    made = admin.post(url, json={"name": "First aid"}).get_json()
    rep = api_client("acme", "rep_n1")
    assert rep.post(url, json={"name": "Mine"}).status_code == 403
    assert rep.delete(f"{url}/{made['id']}").status_code == 403
    assert api_client("acme", "manager_north").post(url, json={"name": "Ladder safety"}).status_code == 201
    assert api_client("acme", "manager_south").post(url, json={"name": "X"}).status_code == 404
    # A certification is reached only through its own profile.
    assert admin.delete(f"{PROFILES}/{other['id']}/certifications/{made['id']}").status_code == 404


def test_a_certified_skill_counts_only_with_a_valid_certification(dispatch, api_client, tenant_session):
    from plugins.task_dispatch.models import Profile
    from plugins.task_dispatch.profiles.service import effective_skills

    basic_catalogue(api_client)
    profile = add_profile(api_client, dispatch, "acme", "rep_n1", skills={"aircon": 3, "electric": 4})
    admin = api_client("acme", "admin")
    url = f"{PROFILES}/{profile['id']}/certifications"
    today = date(2026, 5, 1)

    def counted():
        with tenant_session(dispatch.acme) as session:
            return effective_skills(session.get(Profile, profile["id"]), today)

    assert counted() == {"aircon": 3}
    admin.post(url, json={"name": "Old", "skill_key": "electric", "expires_on": "2026-04-30"})
    assert counted() == {"aircon": 3}
    admin.post(url, json={"name": "Current", "skill_key": "electric", "expires_on": "2026-05-01"})
    assert counted() == {"aircon": 3, "electric": 4}
