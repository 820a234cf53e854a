"""Money in another currency than the workspace's is never added to its amounts (CNY and USD do not add up).

Counts take every record, as the competitors' record does; amounts, averages, quotas
and the forecast take those in the workspace's currency. On the reports' data set
(March 2026) rep_n1 gets a won deal, an open deal and a paid contract in USD: every
amount stays what it was, and the won deal still counts as a deal.
"""
from datetime import date

import pytest

from crm_platform.sdk import db

from plugins.sales_automation.models import Contract, Opportunity
from tests.plugins.sales_automation import sales_reports_kit as kit
from tests.plugins.sales_automation.sales_forecast_kit import add_deal

MARCH = {"month_from": "2026-03", "month_to": "2026-03"}


def in_dollars(tenant_session, world):
    with tenant_session("acme"):
        won = kit.deal(world.acme, "n1_alpha", "rep_n1", "9000.00", (0, kit.WON), (3, 2), (3, 12))
        opened = add_deal(world.acme, "rep_n1", "4000.00", date(2026, 3, 20), "commit", probability=50)
        contract_id, (part,) = kit.contract(world.acme, "n1_alpha", "rep_n1", "7000.00", (3, 7),
                                            plan=(("7000.00", (3, 25)),))
        kit.pay(contract_id, part, "2000.00", (3, 26))
        db.session.get(Opportunity, won).currency = db.session.get(Opportunity, opened.id).currency = "USD"
        db.session.get(Contract, contract_id).currency = "USD"
        db.session.commit()


def answers(api_client):
    client = api_client("acme", "executive")
    reports = {name: client.get(f"/api/v1/sales/reports/{name}", query_string=kit.MARCH).json
               for name in ("performance", "win-rate", "collection")}
    return (reports, client.get("/api/v1/sales/forecast", query_string=MARCH).json,
            client.get("/api/v1/sales/quotas", query_string=MARCH).json)


def row_of(table, name):
    return next(row for row in table["rows"] if row["name"] == name)


@pytest.fixture
def dataset(sales, tenant_session):
    kit.build(sales, tenant_session)
    return sales


def test_other_currencies_count_as_deals_but_not_as_money(dataset, api_client, tenant_session):
    before = answers(api_client)
    in_dollars(tenant_session, dataset)
    reports, forecast, quotas = answers(api_client)
    name = dataset.acme.users["rep_n1"].name
    performance = row_of(reports["performance"]["tables"][0], name)
    old = row_of(before[0]["performance"]["tables"][0], name)
    assert performance["won_count"] == old["won_count"] + 1
    for key in ("won_amount", "contract_amount", "collected", "quota", "attainment"):
        assert performance[key] == old[key], key
    win_rate = row_of(reports["win-rate"]["tables"][0], name)
    assert (win_rate["closed"], win_rate["won"], win_rate["won_amount"], win_rate["average_won"]) == (
        4, 3, "1500.00", "750.00")
    assert reports["collection"]["tables"][0]["rows"] == before[0]["collection"]["tables"][0]["rows"]
    assert forecast["rows"] == before[1]["rows"] and forecast["totals"] == before[1]["totals"]
    assert quotas["people"] == before[2]["people"]
