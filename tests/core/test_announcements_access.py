"""Who may post where and who reads what: the company's for everyone, a unit's for its subtree, author and all-scope."""
import pytest

from collaboration_support import add_announcement


@pytest.fixture
def notices(tenant_session, world):
    """One announcement to the company, one to north (by its manager), one to north1, one to south."""
    return {
        "company": add_announcement(tenant_session, world, "acme", title="Company"),
        "north": add_announcement(tenant_session, world, "acme", "manager_north", "north", title="North"),
        "north1": add_announcement(tenant_session, world, "acme", "admin", "north1", title="North-1"),
        "south": add_announcement(tenant_session, world, "acme", "manager_south", "south", title="South"),
    }


READS = {
    "admin": {"company", "north", "north1", "south"},
    "executive": {"company", "north", "north1", "south"},
    "manager_north": {"company", "north", "north1"},
    "manager_south": {"company", "south"},
    "rep_n1": {"company", "north", "north1"},
    "rep_n2": {"company", "north"},
    "rep_s1": {"company", "south"},
}


@pytest.mark.parametrize("user", sorted(READS))
def test_each_reads_the_company_and_their_units_subtree(api_client, notices, user):
    client = api_client("acme", user)
    listed = client.get("/api/v1/announcements").json["items"]
    names = {key for key, id_ in notices.items() if id_ in {item["id"] for item in listed}}
    assert names == READS[user]
    for key, id_ in notices.items():
        assert client.get(f"/api/v1/announcements/{id_}").status_code == (200 if key in READS[user] else 404)


def test_an_invisible_announcement_is_the_missing_ids_404_on_every_route(api_client, page_client, notices):
    from crm_platform.testing import MISSING_ID

    api, page = api_client("acme", "rep_s1"), page_client("acme", "rep_s1")
    for id_ in (notices["north"], MISSING_ID):
        answers = [api.get(f"/api/v1/announcements/{id_}"), api.patch(f"/api/v1/announcements/{id_}", json={}),
                   api.delete(f"/api/v1/announcements/{id_}"), api.post(f"/api/v1/announcements/{id_}/read"),
                   api.get(f"/api/v1/announcements/{id_}/readers")]
        assert [a.status_code for a in answers] == [404] * 5
        assert {a.json["error"]["message"] for a in answers} == {answers[0].json["error"]["message"]}
        pages = [page.get(f"/announcements/{id_}"), page.get(f"/announcements/{id_}/edit"),
                 page.post(f"/announcements/{id_}/edit", data={"title": "x", "body": "y"}),
                 page.post(f"/announcements/{id_}/delete")]
        assert [p.status_code for p in pages] == [404] * 4


POSTS = [  # (who, target unit key or None for the company, allowed)
    ("admin", None, True), ("admin", "south", True), ("executive", "north1", True), ("executive", None, True),
    ("manager_north", "north", True), ("manager_north", "north1", True), ("manager_north", None, False),
    ("manager_north", "south", False), ("manager_south", "north", False), ("rep_n1", None, False),
    ("rep_n1", "north1", False),
]


@pytest.mark.parametrize("user,unit,allowed", POSTS)
def test_who_may_post_where(api_client, world, user, unit, allowed):
    acme = world.acme
    response = api_client("acme", user).post("/api/v1/announcements", json={
        "title": "Stocktaking", "body": "Friday", "unit_id": acme.units[unit].id if unit else None})
    assert response.status_code == (201 if allowed else 403), response.json
    if allowed:
        assert response.json["author"]["id"] == acme.users[user].id and response.json["read"] is False


def test_another_workspaces_unit_is_refused_like_a_unit_out_of_reach(api_client, world):
    admin = api_client("acme", "admin")
    foreign = admin.post("/api/v1/announcements", json={"title": "x", "body": "y",
                                                        "unit_id": world.globex.units["north"].id})
    missing = admin.post("/api/v1/announcements", json={"title": "x", "body": "y", "unit_id": 999_999})
    assert foreign.status_code == missing.status_code == 403
    assert foreign.json == missing.json


def test_the_post_form_offers_only_the_posters_remit(page_client, world):
    page = page_client("acme", "manager_north").get("/announcements/new").get_data(as_text=True)
    assert "North-1" in page and ">South<" not in page and "Whole company" not in page
    assert page_client("acme", "rep_n1").get("/announcements/new").status_code == 403
    admin = page_client("acme", "admin").get("/announcements/new").get_data(as_text=True)
    assert "Whole company" in admin and "South" in admin


def test_the_author_and_admins_edit_and_delete_nobody_else(api_client, notices, world):
    north = notices["north"]
    assert api_client("acme", "rep_n2").patch(f"/api/v1/announcements/{north}", json={"title": "Mine"}).status_code \
        == 403
    assert api_client("acme", "executive").delete(f"/api/v1/announcements/{north}").status_code == 403
    changed = api_client("acme", "manager_north").patch(f"/api/v1/announcements/{north}",
                                                        json={"title": "North (changed)", "pinned": True})
    assert changed.status_code == 200 and changed.json["title"] == "North (changed)" and changed.json["pinned"]
    assert changed.json["body"] == "North body"
    moved = api_client("acme", "manager_north").patch(f"/api/v1/announcements/{north}",
                                                      json={"unit_id": world.acme.units["south"].id})
    assert moved.status_code == 403
    assert api_client("acme", "admin").delete(f"/api/v1/announcements/{notices['south']}").status_code == 204
    assert api_client("acme", "manager_south").get(f"/api/v1/announcements/{notices['south']}").status_code == 404


def test_posting_editing_and_deleting_are_audited(api_client, tenant_session):
    from crm_platform.models import AuditEntry
    from sqlalchemy import select

    admin = api_client("acme", "admin")
    created = admin.post("/api/v1/announcements", json={"title": "Audit me", "body": "text"}).json
    admin.patch(f"/api/v1/announcements/{created['id']}", json={"body": "changed"})
    admin.delete(f"/api/v1/announcements/{created['id']}")
    with tenant_session("acme") as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "announcement")).all()
    assert sorted(actions) == ["create", "delete", "update"]
