"""Quota attainment, the forecast and the quota grid count only the deals and collections their viewer may see.

On the reports' data set (March 2026) rep_n1 won 1000.00 on n1_alpha and 500.00 on
s1_shared, a South customer shared with them that manager_north may not see.
"""
from datetime import date
from decimal import Decimal

import pytest

from crm_platform.sdk import User, db

from plugins.sales_automation.models import Payment
from plugins.sales_automation.quotas.service import attainment
from tests.plugins.sales_automation import sales_reports_kit as kit
from tests.plugins.sales_automation.payments_support import make_contract
from tests.plugins.sales_automation.sales_forecast_kit import add_deal

MARCH = {"month_from": "2026-03", "month_to": "2026-03"}


@pytest.fixture
def dataset(sales, tenant_session):
    kit.build(sales, tenant_session)
    with tenant_session("acme"):
        # An open March deal of rep_n1 on the South customer: 250.00 weighted, out of manager_north's sight.
        add_deal(sales.acme, "rep_n1", "500.00", date(2026, 3, 15), "commit", probability=50, customer="s1_shared")
        db.session.commit()
    return sales


def person(answer, name):
    return next(row for row in answer.json["rows"] if row["name"] == name)["cells"][0]


@pytest.mark.parametrize("viewer, won, ratio, weighted", [
    ("executive", "1500.00", "0.7500", "250.00"),
    ("rep_n1", "1500.00", "0.7500", "250.00"),
    ("manager_north", "1000.00", "0.5000", "0.00"),
])
def test_the_forecast_counts_what_its_viewer_may_see(dataset, api_client, viewer, won, ratio, weighted):
    answer = api_client("acme", viewer).get("/api/v1/sales/forecast", query_string=MARCH)
    cell = person(answer, "Rep N1")
    assert (cell["won"], cell["achieved"], cell["attainment"], cell["weighted"]) == (won, won, ratio, weighted)


@pytest.mark.parametrize("viewer, achieved, ratio", [
    ("executive", "1500.00", "0.7500"), ("manager_north", "1000.00", "0.5000")])
def test_the_quota_grid_counts_what_its_viewer_may_see(dataset, api_client, viewer, achieved, ratio):
    rep = dataset.acme.users["rep_n1"].id
    answer = api_client("acme", viewer).get(f"/api/v1/sales/quotas/people/{rep}", query_string=MARCH)
    (month,) = answer.json["months"]
    assert (month["quota"], month["achieved"], month["ratio"]) == ("2000.00", achieved, ratio)


def test_collected_attainment_counts_only_visible_contracts(dataset, tenant_session):
    with tenant_session("acme"):
        contract_id, (instalment_id,) = make_contract(dataset.acme, owner="rep_n1", customer="s1_shared",
                                                      plan=(("900.00", date(2026, 3, 31)),))
        db.session.add(Payment(contract_id=contract_id, instalment_id=instalment_id, amount=Decimal("900.00"),
                               received_on=date(2026, 3, 20)))
        db.session.commit()
        manager = db.session.get(User, dataset.acme.users["manager_north"].id)
        rep, march = dataset.acme.users["rep_n1"].id, date(2026, 3, 1)
        seen = attainment([rep], march, march, basis="collected", viewer=manager)[rep][march]
        everything = attainment([rep], march, march, basis="collected")[rep][march]
    # 300.00 came in on n1_alpha's contract; the 900.00 on s1_shared's is out of manager_north's sight.
    assert (seen.achieved, everything.achieved) == (Decimal("300.00"), Decimal("1200.00"))
