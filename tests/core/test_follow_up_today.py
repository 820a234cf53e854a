"""Follow-ups reaching Today and GET /api/v1/follow-ups: the owner's own, a manager's team, nobody else's."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from crm_platform.models import Reminder, Tenant
from crm_platform.workspace.settings import tenant_today


def plan(api_client, user_key, customer_key, world, days, subject):
    """Plan a call due `days` from now (negative: overdue) as `user_key`; its id."""
    due = (datetime.now(timezone.utc) + timedelta(days=days)).isoformat()
    response = api_client("acme", user_key).post(
        f"/api/v1/customers/{world.acme.customers[customer_key].id}/activities",
        json={"kind": "call", "status": "planned", "due_at": due, "subject": subject})
    assert response.status_code == 201, response.json
    return response.json["id"]


def shown(page, section):
    """Ids of the follow-ups in a section of the Today page (by its id)."""
    match = re.search(rf'<section id="{section}"[^>]*>(.*?)</section>', page, re.S)
    return [] if match is None else [int(i) for i in re.findall(r'id="follow-up-(\d+)"', match.group(1))]


@pytest.fixture
def planned(world, api_client):
    """{name: activity id}: rep_n1 has one overdue and one coming; rep_n2 and rep_s1 one overdue each."""
    return {"n1_late": plan(api_client, "rep_n1", "n1_alpha", world, -2, "Chase the deposit"),
            "n1_soon": plan(api_client, "rep_n1", "n1_beta", world, 3, "Tasting visit"),
            "n2_late": plan(api_client, "rep_n2", "n2", world, -1, "Renewal"),
            "s1_late": plan(api_client, "rep_s1", "s1", world, -5, "Complaint call-back")}


def test_the_owner_sees_their_follow_ups_and_overdue_ones_are_marked(page_client, planned):
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert shown(page, "follow-ups") == [planned["n1_late"], planned["n1_soon"]]
    overdue_row = re.search(rf'<tr id="follow-up-{planned["n1_late"]}"[^>]*>', page).group(0)
    assert 'class="overdue"' in overdue_row
    assert "Chase the deposit" in page and "Tasting visit" in page
    # A rep has no team section.
    assert '<section id="team"' not in page


def test_other_reps_do_not_see_them(world, page_client, api_client, planned):
    page = page_client("acme", "rep_n2").get("/today/").get_data(as_text=True)
    assert shown(page, "follow-ups") == [planned["n2_late"]]
    # Asking for the team as a rep gives only one's own.
    assert [i["id"] for i in api_client("acme", "rep_n2").get("/api/v1/follow-ups?scope=team").json["items"]] == [
        planned["n2_late"]]
    assert api_client("acme", "rep_n2").get(
        f"/api/v1/follow-ups?scope=team&user_id={world.acme.users['rep_n1'].id}").json["items"] == []


def test_a_manager_sees_the_overdue_work_of_their_unit_subtree(world, page_client, planned, tenant_session):
    acme = world.acme
    with tenant_session("acme") as session:
        today = tenant_today(session.get(Tenant, acme.id))
        late = Reminder(user_id=acme.users["rep_n1"].id, customer_id=acme.customers["n1_beta"].id, kind="founding",
                        due_date=today - timedelta(days=3))
        south = Reminder(user_id=acme.users["rep_s1"].id, customer_id=acme.customers["s1"].id, kind="founding",
                         due_date=today - timedelta(days=3))
        session.add_all([late, south])
        session.commit()
        late_id, south_id = late.id, south.id

    manager = page_client("acme", "manager_north")
    page = manager.get("/today/").get_data(as_text=True)
    assert shown(page, "team") == [planned["n1_late"], planned["n2_late"]]  # not coming-up ones, not the south's
    assert f'id="team-reminder-{late_id}"' in page and f'id="team-reminder-{south_id}"' not in page

    by_rep = manager.get(f"/today/?user_id={acme.users['rep_n2'].id}").get_data(as_text=True)
    assert shown(by_rep, "team") == [planned["n2_late"]]
    assert f'id="team-reminder-{late_id}"' not in by_rep
    by_unit = manager.get(f"/today/?org_unit_id={acme.units['north1'].id}").get_data(as_text=True)
    assert shown(by_unit, "team") == [planned["n1_late"]]
    # Another branch's rep or unit is outside the remit: nothing, not their work.
    outside = manager.get(f"/today/?org_unit_id={acme.units['south'].id}").get_data(as_text=True)
    assert shown(outside, "team") == []
    for ignored in ("abc", "99999999999999999999", "-1"):  # ignored, as on the customer list
        assert shown(manager.get(f"/today/?user_id={ignored}").get_data(as_text=True), "team") == shown(page, "team")

    south_page = page_client("acme", "manager_south").get("/today/").get_data(as_text=True)
    assert shown(south_page, "team") == [planned["s1_late"]]


def test_executives_see_the_whole_company_and_filter_it(world, page_client, api_client, planned):
    executive = page_client("acme", "executive")
    page = executive.get("/today/").get_data(as_text=True)
    assert shown(page, "team") == [planned["s1_late"], planned["n1_late"], planned["n2_late"]]
    south = executive.get(f"/today/?org_unit_id={world.acme.units['south'].id}").get_data(as_text=True)
    assert shown(south, "team") == [planned["s1_late"]]

    api = api_client("acme", "admin")
    listed = api.get("/api/v1/follow-ups?scope=team&overdue=true").json["items"]
    assert [item["id"] for item in listed] == [planned["s1_late"], planned["n1_late"], planned["n2_late"]]
    assert all(item["overdue"] for item in listed)
    assert api.get("/api/v1/follow-ups").json["items"] == []  # the admin's own


def test_the_api_pages_follow_ups_by_due_time(api_client, planned):
    rep = api_client("acme", "rep_n1")
    first = rep.get("/api/v1/follow-ups?limit=1").json
    second = rep.get(f"/api/v1/follow-ups?limit=1&cursor={first['next_cursor']}").json
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [planned["n1_late"], planned["n1_soon"]]
    assert second["next_cursor"] is None
    assert rep.get("/api/v1/follow-ups?scope=everyone").status_code == 422
    assert rep.get("/api/v1/follow-ups?cursor=nonsense").status_code == 400


def test_completing_from_today_removes_it(page_client, planned):
    client = page_client("acme", "rep_n1")
    response = client.post(f"/today/follow-ups/{planned['n1_late']}/done")
    assert response.status_code == 302 and response.headers["Location"].endswith("/today/")
    page = client.get("/today/").get_data(as_text=True)
    assert shown(page, "follow-ups") == [planned["n1_soon"]]
    assert "Follow-up done: Alpha Trading." in page
    # Someone else's: they may not see the customer, so it is a 404.
    assert page_client("acme", "rep_n2").post(f"/today/follow-ups/{planned['n1_soon']}/done").status_code == 404


def test_the_reminders_api_has_a_team_scope(world, api_client, tenant_session):
    acme = world.acme
    with tenant_session("acme") as session:
        today = tenant_today(session.get(Tenant, acme.id))
        rows = [Reminder(user_id=acme.users[user].id, customer_id=acme.customers[customer].id, kind="founding",
                         due_date=today - timedelta(days=1)) for user, customer in (("rep_n1", "n1_alpha"),
                                                                                    ("rep_s1", "s1"))]
        session.add_all(rows)
        session.commit()
        n1, s1 = rows[0].id, rows[1].id

    def ids(user_key, query=""):
        response = api_client("acme", user_key).get(f"/api/v1/reminders?limit=200{query}")
        assert response.status_code == 200, response.json
        return {item["id"] for item in response.json["items"]}

    assert ids("manager_north") == set()  # their own: none
    assert ids("manager_north", "&scope=team") == {n1}
    assert ids("manager_north", f"&scope=team&user_id={acme.users['rep_s1'].id}") == set()
    assert ids("executive", "&scope=team") >= {n1, s1}
    assert ids("executive", f"&scope=team&org_unit_id={acme.units['south'].id}") == {s1}
    assert ids("rep_n2", "&scope=team") == set()
    # Marking done stays the reminder's own user's.
    assert api_client("acme", "manager_north").post(f"/api/v1/reminders/{n1}/done").status_code == 404


def test_many_overdue_follow_ups_do_not_push_the_coming_ones_off_today(world, api_client, page_client, monkeypatch):
    from crm_platform.follow_ups import today

    monkeypatch.setattr(today, "SHOWN", 2)
    late = [plan(api_client, "rep_n1", "n1_alpha", world, -days, f"Late {days}") for days in (1, 2, 3)]
    coming = plan(api_client, "rep_n1", "n1_beta", world, 1, "Coming")
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert shown(page, "follow-ups") == [late[2], late[1], coming]
    assert "The 2 oldest of 3." in page
