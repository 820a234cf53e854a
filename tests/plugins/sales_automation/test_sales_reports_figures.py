"""The funnel, win rate and cycle, and collection reports: figures on the fixed data set, worked out by hand.

See sales_reports_kit for the rows. Each test reads the API as a viewer and checks
the table, then that the charts in the same answer draw the table's numbers.
"""
import pytest

from tests.plugins.sales_automation import sales_reports_kit as kit

STAGES = ["Initial contact", "Needs confirmed", "Solution presented", "Quoted", "Negotiation", "Won"]


@pytest.fixture
def dataset(sales, tenant_session):
    kit.build(sales, tenant_session)
    return sales


def report(api_client, viewer, name, **args):
    """The JSON answer of report `name` in acme as `viewer` (March 2026 unless `args` say otherwise)."""
    response = api_client("acme", viewer).get(f"/api/v1/sales/reports/{name}", query_string={**kit.MARCH, **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def columns(table, *keys):
    """[(key values...)] of the table's rows."""
    return [tuple(row[key] for key in keys) for row in table["rows"]]


@pytest.mark.parametrize("viewer, reached, conversion", [
    # Cohort (created in March): s1_shared 0-1-won, n1_beta 0-1-lost, n2 0-1-2-3 (open), s1 0-1-2-3-4-won.
    # s1_shared's deal skipped stages 2 to 4 on its way to won: it reached them.
    ("executive", [4, 4, 3, 3, 2, 2], [100.0, 75.0, 100.0, 66.7, 100.0, None]),
    # The deal on s1_shared (not in manager_north's sight) and rep_s1's are out.
    ("manager_north", [2, 2, 1, 1, 0, 0], [100.0, 50.0, 100.0, 0.0, None, None]),
    ("rep_n1", [2, 2, 1, 1, 1, 1], [100.0, 50.0, 100.0, 100.0, 100.0, None]),
])
def test_the_funnel_converts_the_periods_new_opportunities_stage_by_stage(api_client, dataset, viewer, reached,
                                                                          conversion):
    answer = report(api_client, viewer, "funnel")
    (table,) = answer["tables"]
    assert columns(table, "stage", "reached", "conversion") == list(zip(STAGES, reached, conversion))
    assert [row["of_cohort"] for row in table["rows"]] == [
        None if not reached[0] else round(100 * n / reached[0], 1) for n in reached]
    (chart,) = answer["charts"].values()
    assert chart["kind"] == "funnel" and chart["categories"] == STAGES
    assert chart["series"][0]["data"] == reached


def test_the_funnel_of_a_period_without_new_opportunities_is_empty(api_client, dataset):
    answer = report(api_client, "executive", "funnel", **{"from": "2026-05-01", "to": "2026-05-31"})
    assert answer["tables"][0]["rows"] == [] and answer["charts"] == {}


WIN_KEYS = ("closed", "won", "lost", "win_rate", "won_amount", "average_won", "cycle_days")


def test_win_rate_and_cycle_per_rep_and_unit(api_client, dataset):
    answer = report(api_client, "executive", "win-rate")
    reps, units = answer["tables"]
    rows = {row["name"]: tuple(row[key] for key in WIN_KEYS) for row in reps["rows"]}
    # rep_n1: won 1000 (created 1 Feb, won 20 Mar: 47 days) and 500 (1 Mar to 21 Mar: 20 days), lost one.
    n1 = (3, 2, 1, 66.7, "1500.00", "750.00", 33.5)
    s1 = (1, 1, 0, 100.0, "2000.00", "2000.00", 10.0)
    names = {key: user.name for key, user in dataset.acme.users.items()}
    assert rows[names["rep_n1"]] == n1 and rows[names["rep_s1"]] == s1
    assert rows[names["rep_n2"]] == (0, 0, 0, None, "0.00", None, None)
    # (47 + 20 + 10) / 3 days; 3500 / 3.
    total = (4, 3, 1, 75.0, "3500.00", "1166.67", 25.7)
    assert tuple(reps["totals"][key] for key in WIN_KEYS) == total
    by_unit = {row["name"]: tuple(row[key] for key in WIN_KEYS) for row in units["rows"]}
    assert by_unit == {"Company": total, "North": n1, "North-1": n1, "South": s1}
    chart = answer["charts"]["reps"]
    assert chart["categories"] == [names["rep_n1"], names["rep_s1"]]
    assert chart["series"][0]["data"] == [66.7, 100.0] and chart["series"][1]["data"] == [33.5, 10.0]


def test_win_rate_of_a_manager_leaves_out_what_they_may_not_see(api_client, dataset):
    reps, units = report(api_client, "manager_north", "win-rate")["tables"]
    n1 = (2, 1, 1, 50.0, "1000.00", "1000.00", 47.0)
    assert {row["name"]: tuple(row[key] for key in WIN_KEYS) for row in units["rows"]} == {
        "North": n1, "North-1": n1}
    assert tuple(reps["totals"][key] for key in WIN_KEYS) == n1


def test_a_rep_has_no_unit_table(api_client, dataset):
    answer = report(api_client, "rep_s1", "win-rate")
    assert [table["key"] for table in answer["tables"]] == ["reps"] and "units" not in answer["charts"]


COLLECTION_KEYS = ("month", "due", "collected", "rate", "outstanding", "overdue")
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}


@pytest.mark.parametrize("viewer, march, april, totals", [
    # Due: 300 (20 Mar, paid) and 500 (20 Apr, 100 paid) north; 1200 (31 Mar, 400 paid) south; all overdue now.
    ("executive", ("1500.00", "700.00", 46.7, "800.00", "800.00"), ("500.00", "100.00", 20.0, "400.00", "400.00"),
     ("2000.00", "800.00", 40.0, "1200.00", "1200.00")),
    ("manager_north", ("300.00", "300.00", 100.0, "0.00", "0.00"), ("500.00", "100.00", 20.0, "400.00", "400.00"),
     ("800.00", "400.00", 50.0, "400.00", "400.00")),
    ("rep_s1", ("1200.00", "400.00", 33.3, "800.00", "800.00"), ("0.00", "0.00", None, "0.00", "0.00"),
     ("1200.00", "400.00", 33.3, "800.00", "800.00")),
])
def test_collection_per_month_against_what_was_due(api_client, dataset, viewer, march, april, totals):
    answer = report(api_client, viewer, "collection", **MARCH_APRIL)
    (table,) = answer["tables"]
    assert columns(table, *COLLECTION_KEYS) == [("2026-03-01", *march), ("2026-04-01", *april)]
    assert tuple(table["totals"][key] for key in COLLECTION_KEYS[1:]) == totals
    chart = answer["charts"]["trend"]
    assert chart["kind"] == "line" and chart["categories"] == ["2026-03", "2026-04"]
    assert chart["keys"] == ["2026-03-01", "2026-04-01"]
    assert chart["series"][0]["data"] == [float(march[0]), float(april[0])]


def test_the_unit_and_rep_filters_narrow_every_report(api_client, dataset):
    tw = dataset.acme
    south = {"unit_id": tw.units["south"].id}
    assert report(api_client, "executive", "collection", **south)["tables"][0]["totals"]["due"] == "1200.00"
    assert report(api_client, "executive", "funnel", **south)["tables"][0]["rows"][0]["reached"] == 1
    rep = {"rep_id": tw.users["rep_n1"].id}
    assert report(api_client, "executive", "win-rate", **rep)["tables"][0]["totals"]["closed"] == 3
    assert report(api_client, "executive", "collection", **rep, **MARCH_APRIL)["tables"][0]["totals"]["due"] == "800.00"
