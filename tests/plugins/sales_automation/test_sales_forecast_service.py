"""The forecast on a fixed data set: weighted figures by category and month, the roll-up per viewer, adjustments."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import OrgUnit, User, db

from plugins.sales_automation.forecast.service import adjust, forecast
from plugins.sales_automation.models import ForecastAdjustment
from plugins.sales_automation.quotas.service import set_quotas
from tests.plugins.sales_automation.sales_forecast_kit import add_deal, add_won

FEB, MAR = date(2026, 2, 1), date(2026, 3, 1)
D = Decimal


def person(tw, key):
    return db.session.get(User, tw.users[key].id)


@pytest.fixture
def deals(sales, tenant_session):
    """Acme's February and March pipeline of rep_n1, rep_n2 and rep_s1, a won deal and rep_n1's quota."""
    tw = sales.acme
    with tenant_session("acme"):
        add_deal(tw, "rep_n1", "1000.00", date(2026, 2, 10), "commit", probability=50)      # 500.00
        add_deal(tw, "rep_n1", "200.00", date(2026, 2, 28), "best_case", stage_index=1)    # 25%: 50.00
        add_deal(tw, "rep_n1", "333.33", date(2026, 3, 1), "pipeline", probability=33)     # 110.00 (109.9989)
        add_deal(tw, "rep_n2", "400.00", date(2026, 2, 1), "pipeline", probability=25)     # 100.00
        add_deal(tw, "rep_s1", "800.00", date(2026, 2, 5), "commit", probability=100, customer="s1")
        add_deal(tw, "rep_n2", "900.00", None, "commit", probability=90)                    # no month: not counted
        add_won(tw, "rep_n1", "300.00", datetime(2026, 2, 3, tzinfo=timezone.utc))
        set_quotas(person(tw, "manager_north"), [{"user_id": tw.users["rep_n1"].id, "month": FEB, "amount": "600"},
                                                 {"user_id": tw.users["rep_n2"].id, "month": FEB, "amount": "400"}])
        db.session.commit()
    return tw


def table(view, figure="weighted", month=0):
    return {(row["kind"], row["name"]): row["cells"][month][figure] for row in view["rows"]}


def test_a_rep_sees_their_own_figures_by_category_and_month(deals, tenant_session):
    with tenant_session("acme"):
        view = forecast(person(deals, "rep_n1"), FEB, MAR)
    assert [(row["kind"], row["name"], row["depth"]) for row in view["rows"]] == [("user", "Rep N1", 0)]
    feb, mar = view["rows"][0]["cells"]
    assert (feb["weighted"], feb["commit"], feb["best_case"], feb["pipeline"]) == (D("550.00"), D("500.00"),
                                                                                  D("50.00"), D("0.00"))
    assert (feb["won"], feb["quota"], feb["achieved"], feb["attainment"]) == (D("300.00"), D("600.00"),
                                                                             D("300.00"), D("0.5000"))
    assert (mar["weighted"], mar["pipeline"], mar["quota"], mar["attainment"]) == (D("110.00"), D("110.00"), None,
                                                                                   None)
    assert view["totals"][0]["weighted"] == D("550.00") and view["basis"] == "won"


def test_a_manager_sees_their_units_and_reps_with_subtotals_and_not_the_other_branch(deals, tenant_session):
    with tenant_session("acme"):
        view = forecast(person(deals, "manager_north"), FEB, FEB)
    assert [(row["kind"], row["name"], row["depth"]) for row in view["rows"]] == [
        ("unit", "North", 0), ("user", "Manager North", 1), ("user", "Rep N2", 1), ("unit", "North-1", 1),
        ("user", "Rep N1", 2)]
    assert table(view) == {("unit", "North"): D("650.00"), ("user", "Manager North"): D("0.00"),
                           ("user", "Rep N2"): D("100.00"), ("unit", "North-1"): D("550.00"),
                           ("user", "Rep N1"): D("550.00")}
    assert table(view, "quota")[("unit", "North")] == D("1000.00")
    assert table(view, "attainment")[("unit", "North")] == D("0.3000")
    assert view["totals"][0]["weighted"] == D("650.00")


def test_an_executive_sees_the_company_and_can_filter_a_unit(deals, tenant_session):
    with tenant_session("acme"):
        exec_ = person(deals, "executive")
        view = forecast(exec_, FEB, FEB)
        assert view["totals"][0]["weighted"] == D("1450.00")
        assert table(view)[("unit", "Company")] == D("1450.00")
        assert table(view)[("unit", "South")] == D("800.00")
        north = forecast(exec_, FEB, FEB, unit_id=unit_id("North"))
        assert [row["name"] for row in north["rows"]] == ["North", "Manager North", "Rep N2", "North-1", "Rep N1"]
        assert north["totals"][0]["weighted"] == D("650.00") and north["rows"][0]["depth"] == 0
        with pytest.raises(ValidationError):
            forecast(person(deals, "manager_north"), FEB, FEB, unit_id=unit_id("South"))


def unit_id(name):
    return db.session.scalar(select(OrgUnit.id).where(OrgUnit.name == name))


def test_adjustments_keep_the_original_replace_the_figure_and_roll_up(deals, tenant_session):
    with tenant_session("acme"):
        manager = person(deals, "manager_north")
        first = adjust(manager, FEB, "user", deals.users["rep_n1"].id, "weighted", "700", "大单提前")
        db.session.commit()
        assert (first.original_amount, first.amount) == (D("550.00"), D("700.00"))
        view = forecast(manager, FEB, FEB)
        assert table(view)[("user", "Rep N1")] == D("700.00")
        assert table(view)[("unit", "North-1")] == D("700.00")
        assert table(view)[("unit", "North")] == D("800.00")
        north1 = next(row for row in view["rows"] if row["name"] == "North-1")
        adjust(manager, FEB, "unit", north1["id"], "weighted", "650", "团队保守估计")
        second = adjust(manager, FEB, "user", deals.users["rep_n1"].id, "weighted", "720", "再调整")
        db.session.commit()
        assert second.original_amount == D("550.00")
        view = forecast(manager, FEB, FEB)
        assert table(view)[("user", "Rep N1")] == D("720.00")
        unit = next(row for row in view["rows"] if row["name"] == "North-1")["cells"][0]
        assert unit["weighted"] == D("650.00") and unit["adjustments"][0]["original"] == D("720.00")
        assert table(view)[("unit", "North")] == D("750.00")
        # The rep sees their own computed figure; the executive sees the manager's (latest in their remit).
        assert table(forecast(person(deals, "rep_n1"), FEB, FEB))[("user", "Rep N1")] == D("550.00")
        assert table(forecast(person(deals, "executive"), FEB, FEB))[("user", "Rep N1")] == D("720.00")
        # The executive's own adjustment is what they see; the manager keeps seeing theirs.
        adjust(person(deals, "executive"), FEB, "user", deals.users["rep_n1"].id, "weighted", "600", "审慎")
        db.session.commit()
        assert table(forecast(person(deals, "executive"), FEB, FEB))[("user", "Rep N1")] == D("600.00")
        assert table(forecast(manager, FEB, FEB))[("user", "Rep N1")] == D("720.00")
        assert len(db.session.scalars(select(ForecastAdjustment)).all()) == 4


def test_who_may_adjust_and_notes_are_required(deals, tenant_session):
    with tenant_session("acme"):
        manager = person(deals, "manager_north")
        with pytest.raises(Forbidden):
            adjust(person(deals, "rep_n1"), FEB, "user", deals.users["rep_n1"].id, "weighted", "1", "x")
        for kind, subject, figure, amount, note, field in [
                ("user", deals.users["rep_n1"].id, "weighted", "1", "  ", "note"),
                ("user", deals.users["rep_s1"].id, "weighted", "1", "x", "subject_id"),
                ("user", manager.id, "weighted", "1", "x", "subject_id"),
                ("unit", unit_id("South"), "commit", "1", "x", "subject_id"),
                ("user", deals.users["rep_n1"].id, "pipeline", "1", "x", "figure"),
                ("user", deals.users["rep_n1"].id, "commit", "-1", "x", "amount")]:
            with pytest.raises(ValidationError) as refused:
                adjust(manager, FEB, kind, subject, figure, amount, note)
            assert field in refused.value.messages
        assert db.session.scalars(select(ForecastAdjustment)).all() == []
