"""Who sees and edits which profile: admins all, managers their unit's subtree, everyone their own; the rest 404."""
import pytest
from dispatch_profiles_kit import PROFILES, add_profile

PEOPLE = ("admin", "executive", "manager_north", "manager_south", "rep_n1", "rep_n2", "rep_s1")


@pytest.fixture
def profiles(dispatch, api_client):
    """A profile for every person of acme: {user key: profile id}."""
    return {key: add_profile(api_client, dispatch, "acme", key)["id"] for key in PEOPLE}


# Who may read (GET 200) and change (PATCH 200) whose profile; the others: 404 to read, 403 or 404 to change
# (403 for every profile, seen or not, without dispatch.profiles).
SEES = {
    "admin": set(PEOPLE),
    "executive": set(PEOPLE),  # plans work (dispatch.dispatch), edits none
    "manager_north": {"manager_north", "rep_n1", "rep_n2"},
    "manager_south": {"manager_south", "rep_s1"},
    "rep_n1": {"rep_n1"},
    "rep_s1": {"rep_s1"},
}
EDITS = {
    "admin": set(PEOPLE),
    "executive": set(),
    "manager_north": {"manager_north", "rep_n1", "rep_n2"},
    "manager_south": {"manager_south", "rep_s1"},
    "rep_n1": set(),
    "rep_s1": set(),
}


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_reading_and_editing_follow_the_remit(viewer, profiles, api_client):
    client = api_client("acme", viewer)
    missing = client.get(f"{PROFILES}/999999")
    for owner, profile_id in profiles.items():
        url = f"{PROFILES}/{profile_id}"
        read = client.get(url)
        if owner in SEES[viewer]:
            assert read.status_code == 200, (viewer, owner)
        else:
            assert read.status_code == 404 and read.get_json() == missing.get_json(), (viewer, owner)
        changed = client.patch(url, json={"capacity": 7})
        # A role without dispatch.profiles is refused before the profile is looked up: 403 for any id.
        expected = 200 if owner in EDITS[viewer] else 403 if owner in SEES[viewer] or not EDITS[viewer] else 404
        assert changed.status_code == expected, (viewer, owner, changed.get_json())
    if not EDITS[viewer]:
        assert client.patch(f"{PROFILES}/999999", json={"capacity": 7}).status_code == 403


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_the_people_list_shows_the_remit(viewer, profiles, dispatch, api_client):
    listed = {item["user_id"] for item in api_client("acme", viewer).get(f"{PROFILES}/people").get_json()["items"]}
    assert listed == {dispatch.acme.users[key].id for key in SEES[viewer]}


def test_who_creates_profiles(dispatch, api_client):
    def create(by, person):
        return api_client("acme", by).post(PROFILES, json={"user_id": dispatch.acme.users[person].id})

    assert create("manager_north", "rep_s1").status_code == 422  # out of their remit: no such person for them
    assert create("rep_n1", "rep_n1").status_code == 403  # may see their own, not create it
    assert create("executive", "rep_n1").status_code == 403
    assert create("manager_north", "rep_n1").status_code == 201
    assert create("manager_south", "rep_s1").status_code == 201


def test_another_workspaces_profile_is_a_missing_one(dispatch, api_client):
    theirs = add_profile(api_client, dispatch, "globex", "rep_n1")
    admin = api_client("acme", "admin")
    for suffix in ("", "/certifications", "/working-time"):
        foreign, missing = admin.get(f"{PROFILES}/{theirs['id']}{suffix}"), admin.get(f"{PROFILES}/999999{suffix}")
        assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
