"""Quota attainment on both bases, by the workspace-local month, and who may set whose quota."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import User, db

from plugins.sales_automation.models import Quota
from plugins.sales_automation.quotas.service import Attainment, attainment, quota_basis, set_quotas
from tests.plugins.sales_automation.sales_forecast_kit import add_payment, add_won, set_timezone

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def actor(tw, key):
    return db.session.get(User, tw.users[key].id)


def test_won_counts_by_the_workspace_local_month_of_closing(sales, tenant_session):
    tw = sales.acme
    with tenant_session("acme"):
        set_timezone("Asia/Shanghai")
        # 31 January 17:00 UTC is 1 February 01:00 in Shanghai: February's.
        add_won(tw, "rep_n1", "300.00", datetime(2026, 1, 31, 17, tzinfo=timezone.utc))
        add_won(tw, "rep_n1", "200.00", datetime(2026, 1, 31, 15, tzinfo=timezone.utc))
        add_won(tw, "rep_n1", "999.00", datetime(2026, 1, 20, tzinfo=timezone.utc), status="lost")
        add_won(tw, "rep_n2", "50.00", datetime(2026, 3, 31, 16, tzinfo=timezone.utc))  # 1 April local
        set_quotas(actor(tw, "manager_north"), [{"user_id": tw.users["rep_n1"].id, "month": FEB, "amount": "600"}])
        db.session.commit()
        assert quota_basis() == "won"
        result = attainment([tw.users["rep_n1"].id, tw.users["rep_n2"].id], JAN, MAR)
    n1, n2 = result[tw.users["rep_n1"].id], result[tw.users["rep_n2"].id]
    assert n1[JAN] == Attainment(None, Decimal("200.00"), None)
    assert n1[FEB] == Attainment(Decimal("600.00"), Decimal("300.00"), Decimal("0.5000"))
    assert n1[MAR].achieved == Decimal("0.00")
    assert all(month.achieved == 0 for month in n2.values()) and list(n2) == [JAN, FEB, MAR]


def test_collected_counts_payments_on_the_reps_contracts_by_day_received(sales, tenant_session, enable_plugin):
    tw = sales.acme
    enable_plugin("acme", "sales_automation", settings={"quota_basis": "collected"})
    with tenant_session("acme"):
        add_payment(tw, "rep_n1", "120.00", date(2026, 2, 28))
        add_payment(tw, "rep_n1", "30.00", date(2026, 3, 1))
        add_payment(tw, "rep_n2", "70.00", date(2026, 2, 3))
        add_won(tw, "rep_n1", "5000.00", datetime(2026, 2, 10, tzinfo=timezone.utc))
        set_quotas(actor(tw, "admin"), [{"user_id": tw.users["rep_n1"].id, "month": date(2026, 2, 14),
                                         "amount": "100"}])
        db.session.commit()
        assert quota_basis() == "collected"
        result = attainment(select(User.id).where(User.id == tw.users["rep_n1"].id), FEB, MAR)
    assert result == {tw.users["rep_n1"].id: {FEB: Attainment(Decimal("100.00"), Decimal("120.00"),
                                                              Decimal("1.2000")),
                                              MAR: Attainment(None, Decimal("30.00"), None)}}


def test_a_manager_sets_their_team_but_not_themselves_nor_another_branch(sales, tenant_session):
    tw = sales.acme
    with tenant_session("acme"):
        manager = actor(tw, "manager_north")
        with pytest.raises(ValidationError) as refused:
            set_quotas(manager, [{"user_id": tw.users["rep_n1"].id, "month": JAN, "amount": "10"},
                                 {"user_id": manager.id, "month": JAN, "amount": "10"},
                                 {"user_id": tw.users["rep_s1"].id, "month": JAN, "amount": "10"}])
        assert set(refused.value.messages["rows"]) == {1, 2}
        assert db.session.scalars(select(Quota)).all() == []
        with pytest.raises(Forbidden):
            set_quotas(actor(tw, "rep_n1"), [{"user_id": tw.users["rep_n1"].id, "month": JAN, "amount": "10"}])
        # The executive sets the manager's.
        set_quotas(actor(tw, "executive"), [{"user_id": manager.id, "month": JAN, "amount": "10"}])
        set_quotas(manager, [{"user_id": tw.users["rep_n1"].id, "month": JAN, "amount": "10"}])
        set_quotas(manager, [{"user_id": tw.users["rep_n1"].id, "month": JAN, "amount": "25.5"}])
        db.session.commit()
        amounts = {(q.user_id, q.amount, q.set_by_id) for q in db.session.scalars(select(Quota))}
        assert amounts == {(manager.id, Decimal("10.00"), tw.users["executive"].id),
                           (tw.users["rep_n1"].id, Decimal("25.50"), manager.id)}
        set_quotas(manager, [{"user_id": tw.users["rep_n1"].id, "month": JAN, "amount": None}])
        db.session.commit()
        assert [q.user_id for q in db.session.scalars(select(Quota))] == [manager.id]


def test_another_tenants_person_is_outside_the_remit(sales, tenant_session):
    with tenant_session("acme"):
        with pytest.raises(ValidationError):
            set_quotas(actor(sales.acme, "admin"), [{"user_id": sales.globex.users["rep_n1"].id, "month": JAN,
                                                    "amount": "1"}])
