"""Read state per reader, unread counts and filters, pinned first, expiry, the pages and the dashboard widget."""
from datetime import date, datetime, timedelta, timezone

import pytest

from collaboration_support import add_announcement


def ids(response):
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_read_state_is_kept_per_reader_and_get_does_not_write(api_client, tenant_session, world):
    notice = add_announcement(tenant_session, world, "acme", title="Holiday", read_by=("rep_n2",))
    rep_n1, rep_n2 = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    assert rep_n1.get(f"/api/v1/announcements/{notice}").json["read"] is False
    assert rep_n1.get(f"/api/v1/announcements/{notice}").json["read"] is False  # reading through GET marks nothing
    assert rep_n2.get(f"/api/v1/announcements/{notice}").json["read"] is True
    first = rep_n1.post(f"/api/v1/announcements/{notice}/read")
    assert first.status_code == 200 and first.json["read"] is True
    again = rep_n1.post(f"/api/v1/announcements/{notice}/read")
    assert again.json["read_at"] == first.json["read_at"]
    assert api_client("acme", "rep_s1").get(f"/api/v1/announcements/{notice}").json["read"] is False
    assert ids(rep_n1.get("/api/v1/announcements", query_string={"unread": "true"})) == []
    assert ids(rep_n1.get("/api/v1/announcements", query_string={"unread": "false"})) == [notice]


def test_the_list_is_newest_first_and_filters_unread_pinned_and_current(api_client, tenant_session, world):
    today = datetime.now(timezone.utc).date()  # the world's workspaces keep UTC
    old = add_announcement(tenant_session, world, "acme", title="Old", published_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
    new = add_announcement(tenant_session, world, "acme", title="New", read_by=("rep_n1",))
    pinned = add_announcement(tenant_session, world, "acme", title="Pinned", pinned=True,
                              published_at=datetime(2025, 6, 1, tzinfo=timezone.utc))
    expired = add_announcement(tenant_session, world, "acme", title="Expired", expires_on=today - timedelta(days=2))
    client = api_client("acme", "rep_n1")
    assert set(ids(client.get("/api/v1/announcements"))[:2]) == {new, expired}
    assert ids(client.get("/api/v1/announcements"))[2:] == [pinned, old]
    assert set(ids(client.get("/api/v1/announcements", query_string={"unread": "true"}))) == {old, pinned, expired}
    assert ids(client.get("/api/v1/announcements", query_string={"pinned": "true"})) == [pinned]
    assert expired not in ids(client.get("/api/v1/announcements", query_string={"current": "true"}))
    first = client.get("/api/v1/announcements", query_string={"limit": 2})
    rest = client.get("/api/v1/announcements", query_string={"limit": 2, "cursor": first.json["next_cursor"]})
    assert ids(first) + ids(rest) == ids(client.get("/api/v1/announcements"))


def test_unread_counts_leave_out_expired_and_read_ones(app, world, tenant_session):
    from crm_platform.announcements.service import unread_count
    from crm_platform.models import User

    add_announcement(tenant_session, world, "acme", title="A")
    add_announcement(tenant_session, world, "acme", title="B", read_by=("rep_n1",))
    add_announcement(tenant_session, world, "acme", "manager_south", "south", title="South only")
    add_announcement(tenant_session, world, "acme", title="Gone", expires_on=date(2020, 1, 1))
    with tenant_session("acme") as session:
        assert unread_count(session.get(User, world.acme.users["rep_n1"].id)) == 1
        assert unread_count(session.get(User, world.acme.users["rep_s1"].id)) == 3


def test_the_pages_list_pinned_first_mark_unread_and_reading_marks_read(page_client, tenant_session, world):
    plain = add_announcement(tenant_session, world, "acme", title="Canteen menu")
    pinned = add_announcement(tenant_session, world, "acme", title="Safety rules", pinned=True,
                              published_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
    page = page_client("acme", "rep_n1")
    listing = page.get("/announcements/").get_data(as_text=True)
    assert listing.index("Safety rules") < listing.index("Canteen menu")
    assert "2 unread" in listing and listing.count("<strong>") >= 2
    detail = page.get(f"/announcements/{plain}")
    assert detail.status_code == 200 and "Canteen menu body" in detail.get_data(as_text=True)
    assert "Edit" not in detail.get_data(as_text=True)  # not the author
    unread = page.get("/announcements/?unread=1").get_data(as_text=True)
    assert "Safety rules" in unread and "Canteen menu" not in unread
    assert "1 unread" in unread
    assert pinned


def test_the_author_sees_who_has_read_it_and_deletes_it_after_confirming(page_client, api_client, tenant_session,
                                                                          world):
    notice = add_announcement(tenant_session, world, "acme", "manager_north", "north", title="Team dinner",
                              read_by=("rep_n2",))
    author = page_client("acme", "manager_north")
    page = author.get(f"/announcements/{notice}").get_data(as_text=True)
    assert "Read by 2 people" in page and "Rep N2" in page  # the author's own reading counts too
    assert "data-confirm=" in page
    readers = api_client("acme", "manager_north").get(f"/api/v1/announcements/{notice}/readers")
    assert {r["user"]["id"] for r in readers.json} == {world.acme.users["rep_n2"].id,
                                                        world.acme.users["manager_north"].id}
    assert api_client("acme", "rep_n2").get(f"/api/v1/announcements/{notice}/readers").status_code == 403
    assert author.post(f"/announcements/{notice}/delete").status_code == 302
    assert api_client("acme", "rep_n2").get(f"/api/v1/announcements/{notice}").status_code == 404


def test_posting_and_editing_on_the_pages(page_client, api_client, world):
    manager = page_client("acme", "manager_north")
    north1 = world.acme.units["north1"].id
    bad = manager.post("/announcements/new", data={"title": "", "body": "x", "unit_id": north1})
    assert bad.status_code == 422
    refused = manager.post("/announcements/new", data={"title": "Hi", "body": "x", "unit_id": ""})
    assert refused.status_code == 403
    posted = manager.post("/announcements/new", data={"title": "Quarter close", "body": "Submit by Friday",
                                                      "unit_id": north1, "pinned": "on", "expires_on": "2030-01-31"})
    assert posted.status_code == 302
    notice = int(posted.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    got = api_client("acme", "rep_n1").get(f"/api/v1/announcements/{notice}").json
    assert got["pinned"] and got["expires_on"] == "2030-01-31" and got["unit"]["name"] == "North-1"
    assert api_client("acme", "rep_n2").get(f"/api/v1/announcements/{notice}").status_code == 404
    form = manager.get(f"/announcements/{notice}/edit").get_data(as_text=True)
    assert "Quarter close" in form and "checked" in form
    saved = manager.post(f"/announcements/{notice}/edit", data={"title": "Quarter close", "body": "By Thursday",
                                                                 "unit_id": north1, "expires_on": ""})
    assert saved.status_code == 302
    got = api_client("acme", "rep_n1").get(f"/api/v1/announcements/{notice}").json
    assert got["body"] == "By Thursday" and not got["pinned"] and got["expires_on"] is None
    assert page_client("acme", "rep_n1").get(f"/announcements/{notice}/edit").status_code == 403


def test_the_widget_shows_current_pinned_and_unread_announcements(app, world, tenant_session):
    from flask_login import login_user

    from crm_platform.announcements.widgets import widgets
    from crm_platform.models import User

    add_announcement(tenant_session, world, "acme", title="Unread news")
    add_announcement(tenant_session, world, "acme", title="Read news", read_by=("rep_n1",))
    add_announcement(tenant_session, world, "acme", title="Read but pinned", read_by=("rep_n1",), pinned=True)
    add_announcement(tenant_session, world, "acme", title="Expired news", expires_on=date(2020, 1, 1))
    add_announcement(tenant_session, world, "acme", "manager_south", "south", title="South news")
    with app.test_request_context("/"), tenant_session("acme") as session:
        user = session.get(User, world.acme.users["rep_n1"].id)
        login_user(user)
        [widget] = widgets(user)
        assert widget.key == "core.announcements" and widget.default
        html = str(widget.render())
    assert "Unread news" in html and "Read but pinned" in html
    assert "Read news" not in html and "Expired news" not in html and "South news" not in html
    assert "1 unread announcement" in html


@pytest.mark.parametrize("user,label", [("rep_n1", "Announcements"), ("rep_n1", "Work logs")])
def test_the_menu_has_the_entries(page_client, user, label):
    page = page_client("acme", user).get("/announcements/").get_data(as_text=True)
    assert f">{label}<" in page
