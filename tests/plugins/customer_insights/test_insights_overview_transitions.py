"""GET /insights/transitions: moves between layers from one month-end snapshot to another, within sight.

Snapshots (insights_scores_kit.SNAPSHOTS): September has no north_mgr yet; in
October s1 went from core to leaving; in November n1_alpha followed it.
"""
import pytest
from insights_scores_kit import the_world_computed

URL = "/api/v1/insights/transitions"


@pytest.fixture
def computed(insights, tenant_session):
    the_world_computed(tenant_session, insights)
    return insights


def moves(answer):
    """{(from, to): customers} of an answer, zeros left out."""
    return {(row["from_layer"], to): count for row in answer["rows"] for to, count in row["counts"].items() if count}


def test_by_default_the_last_two_snapshots(computed, api_client):
    answer = api_client("acme", "admin").get(URL).get_json()
    assert answer["months"] == ["2026-11", "2026-10", "2026-09"]
    assert (answer["from"], answer["to"]) == ("2026-10", "2026-11")
    assert moves(answer) == {("core", "leaving"): 1, ("core", "core"): 1, ("regular", "regular"): 1,
                             ("leaving", "leaving"): 1, ("advocate", "advocate"): 1, ("new", "new"): 1,
                             ("onlooker", "onlooker"): 1}
    assert (answer["customers"], answer["stayed"], answer["moved"], answer["entered"]) == (7, 6, 1, 0)
    # Every layer is a row (from the top down) and a column, the empty ones too; no row for newcomers here.
    assert [row["from_layer"] for row in answer["rows"]] == [
        "advocate", "core", "regular", "inactive", "new", "leaving", "onlooker", "lost"]
    core = answer["rows"][1]
    assert core["customers"] == 2 and len(core["counts"]) == 8
    # The sankey's numbers are the table's: categories are the rows, a series per layer of the second month.
    chart = answer["chart"]
    assert chart["keys"] == [row["from_layer"] for row in answer["rows"]]
    leaving = next(series for series in chart["series"] if series["key"] == "leaving")
    assert leaving["data"] == [0, 1, 0, 0, 0, 1, 0, 0] and leaving["name"] == "On the edge of leaving"


def test_months_chosen_and_customers_not_yet_counted(computed, api_client):
    answer = api_client("acme", "admin").get(f"{URL}?from=2026-09&to=2026-11").get_json()
    assert moves(answer) == {("core", "leaving"): 2, ("core", "core"): 1, ("regular", "regular"): 1,
                             ("advocate", "advocate"): 1, ("onlooker", "onlooker"): 1, ("absent", "new"): 1}
    assert (answer["stayed"], answer["moved"], answer["entered"]) == (4, 2, 1)
    assert answer["rows"][-1]["from_layer"] == "absent" and answer["rows"][-1]["label"] == "Not in the first month"
    # One month given: the other is the snapshot next to it.
    only_to = api_client("acme", "admin").get(f"{URL}?to=2026-10").get_json()
    assert (only_to["from"], only_to["to"]) == ("2026-09", "2026-10")
    only_from = api_client("acme", "admin").get(f"{URL}?from=2026-09").get_json()
    assert (only_from["from"], only_from["to"]) == ("2026-09", "2026-10")


@pytest.mark.parametrize("user, expected", [
    ("rep_n1", {("core", "leaving"): 1, ("core", "core"): 1, ("advocate", "advocate"): 1}),
    ("manager_north", {("core", "leaving"): 1, ("core", "core"): 1, ("regular", "regular"): 1,
                       ("absent", "new"): 1}),
    ("rep_n2", {("regular", "regular"): 1}),
    ("manager_south", {("core", "leaving"): 1, ("advocate", "advocate"): 1}),
])
def test_each_role_sees_its_customers_moves(computed, api_client, user, expected):
    assert moves(api_client("acme", user).get(f"{URL}?from=2026-09&to=2026-11").get_json()) == expected


@pytest.mark.parametrize("query, field, message", [
    ("from=2026-13&to=2026-11", "from", "Enter a month from 1970 to 2999 as YYYY-MM, e.g. 2026-03."),
    ("from=0000-01", "from", "Enter a month from 1970 to 2999 as YYYY-MM, e.g. 2026-03."),
    ("to=2026-11-01", "to", "Enter a month from 1970 to 2999 as YYYY-MM, e.g. 2026-03."),
    ("from=2026-11&to=2026-09", "from", "Choose a first month before the second."),
    ("from=2026-10&to=2026-10", "from", "Choose a first month before the second."),
    ("from=2025-01&to=2026-11", "from", "There is no snapshot of 2025-01."),
    ("to=2026-09", "to", "There is no snapshot before 2026-09."),
    ("from=2026-11", "from", "There is no snapshot after 2026-11."),
])
def test_bad_months_are_a_422_saying_why(computed, api_client, query, field, message):
    response = api_client("acme", "rep_n1").get(f"{URL}?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {field: [message]}


def test_without_two_snapshots_there_is_nothing_to_compare(insights, api_client):
    answer = api_client("acme", "admin").get(URL).get_json()
    assert answer["months"] == [] and answer["from"] is None and answer["to"] is None
    assert answer["customers"] == 0 and all(row["customers"] == 0 for row in answer["rows"])
    assert api_client("acme", "admin").get(f"{URL}?from=2026-09").status_code == 422


def test_globex_moves_are_its_own(computed, api_client):
    answer = api_client("globex", "admin").get(URL).get_json()
    assert moves(answer) == {("lost", "lost"): 7}
