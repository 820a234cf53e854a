"""Workload per person and per unit: capacity, open effort, capacity left, effort assigned in the window, load."""
from datetime import timedelta

from dispatch_board_kit import make_assignment
from dispatch_tasks_kit import make_profile, make_task

from crm_platform.sdk import utcnow

API = "/api/v1/dispatch"


def setup_people(dispatch, tenant_session):
    """rep_n1 (capacity 4) holds 3 open points, rep_n2 (capacity 5) holds 6; rep_s1 holds nothing."""
    users = dispatch.acme.users
    make_profile(dispatch, tenant_session, "rep_n1", capacity=4)
    make_profile(dispatch, tenant_session, "rep_n2", capacity=5)
    make_profile(dispatch, tenant_session, "rep_s1", capacity=10)
    make_profile(dispatch, tenant_session, "manager_south", capacity=5, takes_tasks=False)
    held = [("rep_n1", 1, "assigned", 2), ("rep_n1", 2, "in_progress", 40), ("rep_n1", 5, "done", 1),
            ("rep_n1", 4, "cancelled", 1), ("rep_n2", 6, "assigned", 1)]
    for key, effort, status, days_ago in held:
        task = make_task(dispatch, tenant_session, effort=effort, status=status, assignee_id=users[key].id)
        make_assignment(dispatch, tenant_session, task, key, created_at=utcnow() - timedelta(days=days_ago))


def by_key(rows, key):
    """{row[key]: row} of an API list."""
    return {row[key]: row for row in rows}


def test_each_person_and_unit_adds_up(dispatch, app, api_client, tenant_session):
    setup_people(dispatch, tenant_session)
    users, units = dispatch.acme.users, dispatch.acme.units
    answer = api_client("acme", "admin").get(f"{API}/workload")
    assert answer.status_code == 200, answer.json
    assert answer.json["window_days"] == 30
    people = by_key(answer.json["people"], "user_id")
    # Only the people who take tasks: manager_south's profile does not.
    assert set(people) == {users[key].id for key in ("rep_n1", "rep_n2", "rep_s1")}
    n1 = people[users["rep_n1"].id]
    # Open: assigned 1 + in progress 2; assigned in 30 days: 1 + 5 (done) + 4 (cancelled), not the 40-day-old 2.
    assert (n1["capacity"], n1["open_effort"], n1["capacity_left"], n1["assigned_effort"], n1["load"]) == (
        4, 3, 1, 10, 0.75)
    n2 = people[users["rep_n2"].id]
    assert (n2["open_effort"], n2["capacity_left"], n2["assigned_effort"], n2["load"]) == (6, 0, 6, 1.2)
    s1 = people[users["rep_s1"].id]
    assert (s1["open_effort"], s1["capacity_left"], s1["assigned_effort"], s1["load"]) == (0, 10, 0, 0.0)

    rolled = by_key(answer.json["units"], "unit_id")
    north = rolled[units["north"].id]
    assert (north["people"], north["capacity"], north["open_effort"], north["capacity_left"],
            north["assigned_effort"]) == (2, 9, 9, 1, 16)
    company = rolled[units["company"].id]
    assert (company["people"], company["capacity"], company["open_effort"], company["capacity_left"]) == (
        3, 19, 9, 11)
    assert rolled[units["north1"].id]["people"] == 1 and rolled[units["south"].id]["capacity"] == 10
    assert [row["depth"] for row in answer.json["units"]][0] == 0


def test_a_unit_narrows_the_figures_and_the_chart_matches(dispatch, app, api_client, tenant_session):
    setup_people(dispatch, tenant_session)
    users, units = dispatch.acme.users, dispatch.acme.units
    client = api_client("acme", "admin")
    north = client.get(f"{API}/workload", query_string={"unit_id": units["north"].id}).json
    assert {row["user_id"] for row in north["people"]} == {users["rep_n1"].id, users["rep_n2"].id}
    assert {row["unit_id"] for row in north["units"]} == {units["north"].id, units["north1"].id}

    chart = client.get(f"{API}/workload/chart", query_string={"unit_id": units["north"].id}).json
    assert chart["keys"] == [row["user_id"] for row in north["people"]]
    series = {one["key"]: one["data"] for one in chart["series"]}
    assert series["capacity"] == [row["capacity"] for row in north["people"]]
    assert series["open_effort"] == [row["open_effort"] for row in north["people"]]
    assert series["assigned_effort"] == [row["assigned_effort"] for row in north["people"]]
    per_unit = client.get(f"{API}/workload/chart", query_string={"group": "unit"}).json
    assert per_unit["keys"] == [units[key].id for key in ("company", "north", "north1", "south")]
    assert client.get(f"{API}/workload/chart", query_string={"group": "team"}).status_code == 422


def test_fairness_answers_overall_and_per_unit(dispatch, app, api_client, tenant_session):
    setup_people(dispatch, tenant_session)
    units = dispatch.acme.units
    answer = api_client("acme", "admin").get(f"{API}/fairness")
    assert answer.status_code == 200
    # Ratios: rep_n1 10/4 = 2.5, rep_n2 6/5 = 1.2, rep_s1 0/10 = 0.
    values = [2.5, 1.2, 0.0]
    mean = sum(values) / 3
    expected = sum(abs(a - b) for a in values for b in values) / (2 * 9 * mean)
    assert abs(answer.json["gini"] - expected) < 1e-4 and answer.json["people"] == 3
    per_unit = by_key(answer.json["per_unit"], "unit_id")
    assert per_unit[units["south"].id]["gini"] == 0.0 and per_unit[units["north"].id]["people"] == 2
    assert abs(per_unit[units["company"].id]["gini"] - answer.json["gini"]) < 1e-4


def test_the_workload_page_shows_tables_and_charts(dispatch, app, page_client, tenant_session):
    setup_people(dispatch, tenant_session)
    page = page_client("acme", "admin").get("/dispatch/board/workload")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="workload-people"' in html and 'id="workload-units"' in html
    assert 'data-chart-url="/api/v1/dispatch/workload/chart?group=person"' in html
    assert 'data-chart-url="/api/v1/dispatch/workload/chart?group=unit"' in html
    assert 'id="fairness-overall"' in html and "Rep N1" in html
    narrowed = page_client("acme", "admin").get("/dispatch/board/workload",
                                                query_string={"unit_id": dispatch.acme.units["south"].id})
    assert narrowed.status_code == 200 and "Rep N1" not in narrowed.get_data(as_text=True)
