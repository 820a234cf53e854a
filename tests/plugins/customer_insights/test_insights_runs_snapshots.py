"""snapshot(month): layers, classes and segments as of the month's last day, replacing that month's rows; and
which months the nightly job still has to take."""
from datetime import date, datetime, timezone

import pytest
from insights_runs_kit import add_purchases, snapshots
from sqlalchemy import update

from crm_platform.sdk import Customer

from plugins.customer_insights.runs import pipeline


def created(world, tenant_session, keys, when, tenant="acme"):
    """Make customers `keys` created at `when` (the world's were created today)."""
    with tenant_session(tenant) as session:
        session.execute(update(Customer).where(Customer.id.in_([world[tenant].customers[k].id for k in keys]))
                        .values(created_at=when))
        session.commit()


@pytest.fixture
def old_customers(insights, tenant_session):
    """The world's customers, created on 1 January 2024."""
    created(insights, tenant_session, insights.acme.customers, datetime(2024, 1, 1, tzinfo=timezone.utc))
    return insights


def take(tenant_session, month, tenant="acme"):
    with tenant_session(tenant):
        return pipeline.snapshot(month)


def test_a_month_is_taken_as_of_its_last_day_and_taken_again_replaces_it(old_customers, tenant_session):
    insights = old_customers
    add_purchases(insights, tenant_session, [
        ("n1_alpha", date(2025, 1, 31), "10.00"),  # the last day counts
        ("n1_beta", date(2025, 2, 1), "20.00"),  # the next month's first does not
    ])
    assert take(tenant_session, date(2025, 1, 17)) == 7
    january = snapshots(insights, tenant_session)[date(2025, 1, 1)]
    assert january["n1_alpha"][:2] == ("new", "A")
    assert january["n1_beta"] == ("onlooker", None, None)
    add_purchases(insights, tenant_session, [("n2", date(2025, 1, 5), "90.00")])
    take(tenant_session, date(2025, 2, 28))
    take(tenant_session, date(2025, 1, 1))
    taken = snapshots(insights, tenant_session)
    assert set(taken) == {date(2025, 1, 1), date(2025, 2, 1)}
    assert taken[date(2025, 1, 1)]["n2"][1] == "A" and taken[date(2025, 1, 1)]["n1_alpha"][1] == "B"
    assert taken[date(2025, 2, 1)]["n1_beta"][1] is not None
    assert snapshots(insights, tenant_session, "globex") == {}


def test_customers_count_from_when_they_were_created_or_bought(old_customers, tenant_session):
    insights = old_customers
    created(insights, tenant_session, ("house", "north_mgr", "s1"), datetime(2025, 3, 1, tzinfo=timezone.utc))
    add_purchases(insights, tenant_session, [("s1", date(2024, 12, 2), "5.00")])  # imported later, bought before
    take(tenant_session, date(2025, 1, 1))
    january = snapshots(insights, tenant_session)[date(2025, 1, 1)]
    assert "house" not in january and "north_mgr" not in january
    assert january["s1"][0] != "onlooker" and january["n1_alpha"] == ("onlooker", None, None)


def test_a_month_that_has_not_ended_is_refused(insights, tenant_session):
    with tenant_session("acme"):
        today = pipeline.workspace_today()
        with pytest.raises(ValueError):
            pipeline.snapshot(today)
    assert snapshots(insights, tenant_session) == {}


def test_months_due_are_the_ended_ones_not_taken_from_the_first_purchase_on(insights, tenant_session):
    with tenant_session("acme"):
        assert pipeline.months_due(date(2025, 6, 15)) == []  # nothing bought yet
    add_purchases(insights, tenant_session, [("n1_alpha", date(2025, 2, 20), "10.00")])
    with tenant_session("acme"):
        assert pipeline.months_due(date(2025, 6, 15)) == [date(2025, m, 1) for m in (2, 3, 4, 5)]
        assert pipeline.months_due(date(2025, 6, 1)) == [date(2025, m, 1) for m in (2, 3, 4, 5)]
    take(tenant_session, date(2025, 3, 1))
    with tenant_session("acme"):
        assert pipeline.months_due(date(2025, 6, 15)) == [date(2025, m, 1) for m in (2, 4, 5)]
        # At most the last twelve ended months.
        assert pipeline.months_due(date(2026, 12, 3)) == [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
        assert pipeline.taken_months() == [date(2025, 3, 1)]
    with tenant_session("globex"):
        assert pipeline.months_due(date(2025, 6, 15)) == []
