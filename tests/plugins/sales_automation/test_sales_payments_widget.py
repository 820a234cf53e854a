"""The "Overdue collections" dashboard widget: overdue instalments the user may see, most overdue first, totals."""
from datetime import timedelta
from decimal import Decimal

import pytest

from crm_platform.extensions import db
from crm_platform.sdk import workspace_today

from plugins.sales_automation.models import Instalment
from plugins.sales_automation.payments.overdue import overdue_collections
from tests.plugins.sales_automation.payments_support import make_contract
from tests.plugins.sales_automation.sales_widgets_support import signed_in, widget_html


@pytest.fixture
def plan(sales, tenant_session):
    """Instalments around today in acme (rep_n1's, rep_s1's in CNY and USD) and one in globex; ids by name."""
    with tenant_session("acme"):
        today = workspace_today()
        day = lambda n: today + timedelta(days=n)  # noqa: E731
        _, (late40, late1, due_today) = make_contract(sales.acme, plan=(
            ("100.00", day(-40)), ("10.00", day(-1)), ("20.00", day(0))))
        _, (settled,) = make_contract(sales.acme, customer="n1_beta", plan=(("5.00", day(-3)),))
        make_contract(sales.acme, customer="n1_beta", plan=(("6.00", day(-3)),), status="cancelled")
        _, (south,) = make_contract(sales.acme, customer="s1", plan=(("7.00", day(-5)),))
        _, (dollars,) = make_contract(sales.acme, customer="s1", plan=(("5.00", day(-2)),), currency="USD")
        db.session.get(Instalment, late40).paid = Decimal("12.50")
        paid = db.session.get(Instalment, settled)
        paid.paid, paid.settled = Decimal("5.00"), True
        db.session.commit()
    with tenant_session("globex"):
        make_contract(sales.globex, plan=(("99.00", day(-9)),))
    return today, {"late40": late40, "late1": late1, "south": south, "dollars": dollars}


def overdue(app, world, key, **kwargs):
    """(the instalment ids listed, count, totals) of the widget's figures for acme's `key`."""
    with signed_in(app, world, "acme", key) as user:
        view = overdue_collections(user, workspace_today(), **kwargs)
    return [row["instalment_id"] for row in view["rows"]], view["count"], view["totals"]


def test_each_user_sees_the_overdue_instalments_of_the_contracts_they_may_see(plan, sales, app):
    _, ids = plan
    rows, count, totals = overdue(app, sales, "rep_n1")
    assert (rows, count) == ([ids["late40"], ids["late1"]], 2)
    assert totals == [{"currency": "CNY", "count": 2, "outstanding": Decimal("97.50")}]
    assert overdue(app, sales, "manager_north")[:2] == ([ids["late40"], ids["late1"]], 2)
    assert overdue(app, sales, "manager_south")[:2] == ([ids["south"], ids["dollars"]], 2)
    rows, count, totals = overdue(app, sales, "executive")
    assert (rows, count) == ([ids["late40"], ids["south"], ids["dollars"], ids["late1"]], 4)
    assert totals == [{"currency": "CNY", "count": 3, "outstanding": Decimal("104.50")},
                      {"currency": "USD", "count": 1, "outstanding": Decimal("5.00")}]
    assert overdue(app, sales, "rep_n2") == ([], 0, [])


def test_the_widget_lists_the_most_overdue_first_with_the_total(plan, sales, app):
    _, ids = plan
    assert overdue(app, sales, "executive", limit=2)[:2] == ([ids["late40"], ids["south"]], 4)
    html = widget_html(app, sales, "acme", "rep_n1", "sales.collections")
    assert html.index("CN¥87.50") < html.index("CN¥10.00")
    assert "CN¥97.50" in html and "Total of 2 overdue instalments" in html and "CN¥20.00" not in html
    assert "/sales/payments/receivables" in html and "CN¥99.00" not in html
    assert "Nothing is overdue." in widget_html(app, sales, "acme", "rep_n2", "sales.collections")
    assert "CN¥99.00" in widget_html(app, sales, "globex", "rep_n1", "sales.collections")
