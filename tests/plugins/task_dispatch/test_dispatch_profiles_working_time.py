"""Working time on a profile: the workspace calendar's hours and the person's upcoming time off (the core's table,
through the SDK's TimeOff), with a link to the core's time-off page for who may manage it."""
from datetime import datetime, timedelta, timezone

from dispatch_profiles_kit import PROFILES, add_profile
from sqlalchemy import select

SOON = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=5)


def take_time_off(api_client, tenant, user, starts, hours=8):
    """A period of time off of `user` (their own, through the core's API); its JSON."""
    made = api_client(tenant, user).post("/api/v1/calendar/time-off", json={
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=hours)).isoformat(), "note": "病假"})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def test_the_sdk_gives_plugins_the_time_off_of_their_workspace(dispatch, api_client, tenant_session):
    from crm_platform.sdk import TimeOff, __all__ as exported

    assert "TimeOff" in exported
    take_time_off(api_client, "globex", "rep_n1", SOON)
    with tenant_session(dispatch.acme) as session:
        rows = session.scalars(select(TimeOff)).all()
        mine = [(dispatch.acme.time_off_id, dispatch.acme.users["rep_n1"].id)]
        assert [(row.id, row.user_id) for row in rows] == mine
    with tenant_session(dispatch.globex) as session:
        assert len(session.scalars(select(TimeOff)).all()) == 2  # the world's and the one above


def test_the_api_shows_hours_and_time_off_that_has_not_ended(dispatch, api_client):
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    coming = take_time_off(api_client, "acme", "rep_n1", SOON)
    answer = api_client("acme", "manager_north").get(f"{PROFILES}/{profile['id']}/working-time").get_json()
    assert answer["hours"][:2] == [{"weekday": 0, "opens": "09:00", "closes": "12:00"},
                                   {"weekday": 0, "opens": "13:00", "closes": "18:00"}]
    assert {span["weekday"] for span in answer["hours"]} == {0, 1, 2, 3, 4}
    # The world's time off in March 2026 is over; only the coming one is shown.
    assert [period["id"] for period in answer["time_off"]] == [coming["id"]]
    api_client("acme", "admin").put("/api/v1/calendar/settings", json={
        "hours": [{"weekday": 5, "opens": "08:00", "closes": "12:00"}]})
    again = api_client("acme", "rep_n1").get(f"{PROFILES}/{profile['id']}/working-time").get_json()
    assert again["hours"] == [{"weekday": 5, "opens": "08:00", "closes": "12:00"}]


def test_the_profile_page_shows_them_and_links_to_the_time_off_page(dispatch, api_client, page_client):
    profile = add_profile(api_client, dispatch, "acme", "rep_n1")
    take_time_off(api_client, "acme", "rep_n1", SOON)
    own = page_client("acme", "rep_n1").get(f"/dispatch/profiles/{profile['id']}").get_data(as_text=True)
    assert "Monday 09:00–12:00" in own and 'id="profile-time-off"' in own
    assert 'href="/calendar/time-off"' in own
    admin = page_client("acme", "admin").get(f"/dispatch/profiles/{profile['id']}").get_data(as_text=True)
    assert f'href="/calendar/time-off?user_id={dispatch.acme.users["rep_n1"].id}"' in admin
    manager = page_client("acme", "manager_north").get(f"/dispatch/profiles/{profile['id']}").get_data(as_text=True)
    assert 'id="profile-time-off"' in manager and "/calendar/time-off" not in manager  # the core lets them not
