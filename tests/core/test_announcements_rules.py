"""Announcements: the unread list matches the unread count, who keeps the right to change one, expiry dates."""
from datetime import datetime, timedelta, timezone

import pytest

from collaboration_support import add_announcement


def test_only_unread_lists_what_the_unread_count_counts(page_client, tenant_session, world):
    long_ago = datetime.now(timezone.utc).date() - timedelta(days=10)  # the world's workspaces keep UTC
    add_announcement(tenant_session, world, "acme", title="Old notice", expires_on=long_ago)
    add_announcement(tenant_session, world, "acme", title="Old pinned notice", pinned=True, expires_on=long_ago)
    add_announcement(tenant_session, world, "acme", title="Fresh notice")
    page = page_client("acme", "rep_n1")
    unread = page.get("/announcements/?unread=1").get_data(as_text=True)
    assert "1 unread" in unread and "Fresh notice" in unread
    assert "Old notice" not in unread and "Old pinned notice" not in unread
    everything = page.get("/announcements/").get_data(as_text=True)
    assert "Old notice" in everything and "Old pinned notice" in everything and "Expired" in everything


def test_an_author_who_may_no_longer_post_no_longer_changes_their_announcements(api_client, page_client,
                                                                                tenant_session, world):
    # Posted by rep_n1 while they were a manager; now a rep, they only read it.
    notice = add_announcement(tenant_session, world, "acme", author="rep_n1", title="Posted as a manager")
    api, page = api_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    assert api.get(f"/api/v1/announcements/{notice}").status_code == 200
    assert api.patch(f"/api/v1/announcements/{notice}", json={"title": "Rewritten"}).status_code == 403
    assert api.get(f"/api/v1/announcements/{notice}/readers").status_code == 403
    assert api.delete(f"/api/v1/announcements/{notice}").status_code == 403
    assert page.get(f"/announcements/{notice}/edit").status_code == 403
    assert page.post(f"/announcements/{notice}/delete").status_code == 403
    assert "Edit" not in page.get(f"/announcements/{notice}").get_data(as_text=True)
    # The administrators still do.
    assert api_client("acme", "admin").patch(f"/api/v1/announcements/{notice}",
                                             json={"title": "Tidied"}).status_code == 200


def test_a_last_day_already_past_is_refused_and_an_unchanged_one_is_kept(api_client, page_client, tenant_session,
                                                                         world):
    today = datetime.now(timezone.utc).date()
    admin = api_client("acme", "admin")
    past = admin.post("/api/v1/announcements", json={"title": "Late", "body": "x",
                                                     "expires_on": (today - timedelta(days=1)).isoformat()})
    assert past.status_code == 422 and list(past.json["error"]["fields"]) == ["expires_on"]
    assert admin.get("/api/v1/announcements").json["items"] == []  # nothing written
    assert admin.post("/api/v1/announcements", json={"title": "Today only", "body": "x",
                                                     "expires_on": today.isoformat()}).status_code == 201
    form = page_client("acme", "admin").post("/announcements/new", data={
        "title": "Late", "body": "x", "unit_id": "", "expires_on": (today - timedelta(days=3)).isoformat()})
    assert form.status_code == 422 and "already past" in form.get_data(as_text=True)
    # An expired one keeps its day while its text is corrected.
    expired = add_announcement(tenant_session, world, "acme", title="Typo", expires_on=today - timedelta(days=5))
    fixed = admin.patch(f"/api/v1/announcements/{expired}", json={"title": "Fixed",
                                                                  "expires_on": (today - timedelta(days=5)).isoformat()})
    assert fixed.status_code == 200 and fixed.json["title"] == "Fixed"
    moved = admin.patch(f"/api/v1/announcements/{expired}", json={"expires_on": (today - timedelta(days=1)).isoformat()})
    assert moved.status_code == 422


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_expiry_follows_the_workspaces_date_not_the_servers(app, world, tenant_session, zone):
    """UTC+14 and UTC-11: at any hour at least one of them is on another date than UTC."""
    from crm_platform.announcements.service import unread_count
    from crm_platform.models import Tenant, User
    from crm_platform.workspace.clock import workspace_today

    with tenant_session("acme") as session:
        tenant = session.get(Tenant, world.acme.id)
        tenant.settings = {**(tenant.settings or {}), "timezone": zone}
        session.commit()
        local_today = workspace_today()
    add_announcement(tenant_session, world, "acme", title="Ends today", expires_on=local_today)
    add_announcement(tenant_session, world, "acme", title="Ended yesterday", expires_on=local_today - timedelta(days=1))
    with tenant_session("acme") as session:
        assert unread_count(session.get(User, world.acme.users["rep_n1"].id)) == 1
