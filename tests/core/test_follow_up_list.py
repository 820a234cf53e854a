"""The customer list sorted and filtered by "last contacted" and "next follow-up", with NULLs in keyset pages."""
from datetime import datetime, timedelta, timezone

import pytest


def iso(days=0, hours=0):
    """Now plus a number of days and hours, as ISO."""
    return (datetime.now(timezone.utc) + timedelta(days=days, hours=hours)).isoformat()


def every_page(client, query, limit=2):
    """Customer ids of every page of the list for `query`, following next_cursor."""
    ids, cursor = [], None
    while True:
        response = client.get("/api/v1/customers", query_string={**query, "limit": limit,
                                                                  **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.json
        ids += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if cursor is None:
            return ids


@pytest.fixture
def contacted(world, api_client):
    """Activities that give acme's customers distinct contact dates, plus two customers never contacted."""
    admin = api_client("acme", "admin")
    customers = world.acme.customers
    for key, days in (("n1_alpha", -1), ("n2", -40), ("s1", -10)):
        assert admin.post(f"/api/v1/customers/{customers[key].id}/activities",
                          json={"kind": "call", "occurred_at": iso(days)}).status_code == 201
    for key, days in (("n1_beta", -2), ("north_mgr", 5), ("s1", 1)):
        assert admin.post(f"/api/v1/customers/{customers[key].id}/activities",
                          json={"kind": "visit", "status": "planned", "due_at": iso(days)}).status_code == 201
    fresh = [admin.post("/api/v1/customers", json={"name": name}).json["id"] for name in ("New One", "New Two")]
    return {**{key: c.id for key, c in customers.items()}, "fresh1": fresh[0], "fresh2": fresh[1]}


def test_sorting_by_last_contacted_pages_through_nulls_in_both_directions(api_client, contacted):
    admin = api_client("acme", "admin")
    c = contacted
    # The world's other customers share their Jan 5 intro call: they tie, broken by id.
    jan5 = sorted([c["n1_beta"], c["s1_shared"], c["north_mgr"], c["house"]])
    never = sorted([c["fresh1"], c["fresh2"]])  # never contacted: last either way, by id (ids are random)
    oldest_first = every_page(admin, {"sort": "last_contacted_at"})
    assert oldest_first == jan5 + [c["n2"], c["s1"], c["n1_alpha"]] + never
    newest_first = every_page(admin, {"sort": "-last_contacted_at"})
    assert newest_first == [c["n1_alpha"], c["s1"], c["n2"]] + jan5[::-1] + never[::-1]
    assert every_page(admin, {"sort": "-last_contacted_at"}, limit=200) == newest_first


def test_sorting_by_next_follow_up(api_client, contacted):
    c = contacted
    ids = every_page(api_client("acme", "admin"), {"sort": "next_follow_up_at"}, limit=3)
    assert ids[:3] == [c["n1_beta"], c["s1"], c["north_mgr"]]
    assert len(ids) == len(set(ids)) == 9


def test_filters_no_contact_and_overdue_follow_up(api_client, contacted):
    admin = api_client("acme", "admin")
    c = contacted
    stale = every_page(admin, {"no_contact_days": 30}, limit=200)
    assert set(stale) == {c["n1_beta"], c["s1_shared"], c["north_mgr"], c["house"], c["n2"], c["fresh1"], c["fresh2"]}
    assert set(every_page(admin, {"no_contact_days": 5}, limit=200)) == set(stale) | {c["s1"]}
    assert every_page(admin, {"follow_up_overdue": "true"}) == [c["n1_beta"]]
    assert admin.get("/api/v1/customers/count?no_contact_days=30").json["count"] == 7


def test_the_filters_respect_visibility(api_client, contacted):
    c = contacted
    assert set(every_page(api_client("acme", "rep_n1"), {"no_contact_days": 30})) == {c["n1_beta"], c["s1_shared"]}
    assert every_page(api_client("globex", "admin"), {"follow_up_overdue": "true"}) == []


@pytest.mark.parametrize("query, field", [({"no_contact_days": 0}, "no_contact_days"),
                                          ({"no_contact_days": "month"}, "no_contact_days"),
                                          ({"sort": "last_contacted"}, "sort")])
def test_bad_values_are_field_errors(api_client, query, field):
    response = api_client("acme", "admin").get("/api/v1/customers", query_string=query)
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_a_cursor_from_a_null_row_is_checked(api_client, contacted):
    admin = api_client("acme", "admin")
    first = admin.get("/api/v1/customers?sort=last_contacted_at&limit=8").json
    second = admin.get(f"/api/v1/customers?sort=last_contacted_at&limit=8&cursor={first['next_cursor']}").json
    everyone = admin.get("/api/v1/customers?sort=last_contacted_at&limit=200").json["items"]
    # The second page goes on among the never-contacted rows (ordered by id): none repeated, none lost.
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(second["items"]) == 1 and sorted(ids) == sorted(item["id"] for item in everyone)
    assert ids == [item["id"] for item in everyone]
    assert (first["items"][-1]["last_contacted_at"], second["items"][0]["last_contacted_at"]) == (None, None)


def test_the_list_page_sorts_filters_and_shows_both_dates(page_client, contacted):
    client = page_client("acme", "admin")
    page = client.get("/customers/?follow_up_overdue=true").get_data(as_text=True)
    assert "Beta Foods" in page and "Alpha Trading" not in page and "overdue" in page
    page = client.get("/customers/?no_contact_days=7&sort=-last_contacted_at").get_data(as_text=True)
    assert "Alpha Trading" not in page and page.index("Delta Shipping") < page.index("Gamma Tools")
    assert client.get("/customers/?no_contact_days=abc").status_code == 400
