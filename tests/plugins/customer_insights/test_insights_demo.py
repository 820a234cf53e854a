"""`crm demo` fills customer insights: purchase history in every layer of the pyramid, 80/20 revenue, referrals,
monthly snapshots with movement between them, one computation; the same for the same seed."""
import random
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import Customer, Tenant
from crm_platform.sdk import is_enabled, workspace_today
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo

from plugins.customer_insights import demo
from plugins.customer_insights.demo import archetypes
from plugins.customer_insights.engine.analyse import Rules, analyse
from plugins.customer_insights.engine.history import History
from plugins.customer_insights.models import CustomerNumber, Purchase, Referral, Run, Score, Snapshot
from plugins.customer_insights.models.scores import LAYERS

HAN = re.compile(r"[\u4e00-\u9fff]")
ORDER_NUMBER = re.compile(r"^SO-(\d{4})-\d{5}$")


def demo_tenant(app, locale, customers=120):
    """Make the demo in `locale`; returns its tenant id and the lines it printed."""
    lines = []
    with app.app_context():
        create_demo(customers=customers, echo=lines.append, locale=locale)
        with unscoped("the test reads the demo workspace"):
            return db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo")), lines


def a_share(revenue, classes):
    """(share of the revenue A-class customers bring, how many of them there are)."""
    revenue = np.asarray(revenue, dtype=object)
    a = np.asarray([c == "A" for c in classes])
    return sum(revenue[a]) / sum(revenue), int(a.sum())


def test_the_chinese_demo_has_every_layer_80_20_revenue_referrals_and_moving_snapshots(app):
    tenant_id, lines = demo_tenant(app, "zh_CN")
    assert not any("could not fill" in line for line in lines), lines
    with app.app_context(), tenant_scope(tenant_id):
        assert is_enabled("customer_insights")
        today = workspace_today()
        customers = db.session.scalar(select(func.count()).select_from(Customer))
        scores = db.session.scalars(select(Score)).all()
        assert len(scores) == customers, "every customer has figures, those who never bought too"
        layers = Counter(score.layer for score in scores)
        assert all(layers[layer] >= 3 for layer in LAYERS), layers
        # 80/20: class A brings about 80% of the period's revenue, with far fewer than half of the paying customers.
        paying = [score for score in scores if score.revenue > 0]
        share, a_count = a_share([s.revenue for s in paying], [s.abc_class for s in paying])
        assert 0.78 <= share <= 0.9 and a_count < 0.3 * len(paying), (share, a_count, len(paying))
        # Three years of history up to today, Chinese products, order numbers by year.
        purchases = db.session.scalars(select(Purchase)).all()
        assert min(p.purchased_on for p in purchases) < today - timedelta(days=2 * 365)
        assert max(p.purchased_on for p in purchases) <= today
        assert all(HAN.search(p.product) and p.quantity > 0 and p.currency == "CNY" for p in purchases)
        numbers = [ORDER_NUMBER.match(p.order_number) for p in purchases]
        assert all(found and int(found[1]) == p.purchased_on.year for found, p in zip(numbers, purchases))
        assert len({p.order_number for p in purchases}) == len(purchases)
        numbered = db.session.scalar(select(func.count()).select_from(CustomerNumber))
        assert numbered == len({p.customer_id for p in purchases}), "every customer who bought has an ERP number"
        # Advocates have a recent referral; some referrals name another demo customer.
        referrals = db.session.scalars(select(Referral)).all()
        recent = {r.customer_id for r in referrals if (today - r.referred_on).days <= 365}
        assert {s.customer_id for s in scores if s.layer == "advocate"} <= recent
        assert any(r.referred_customer_id for r in referrals) and any(r.referred_name for r in referrals)
        assert all(HAN.search(r.note) for r in referrals)
        # Six ended months of snapshots, and customers moving between layers from one to the next.
        months = sorted(set(db.session.scalars(select(Snapshot.month))))
        assert months == demo.ended_months(today, 6)
        by_month = {month: dict(db.session.execute(select(Snapshot.customer_id, Snapshot.layer)
                                                   .where(Snapshot.month == month)).all()) for month in months}
        steps = [(by_month[earlier], by_month[later]) for earlier, later in zip(months, months[1:])]
        steps.append((by_month[months[-1]], {s.customer_id: s.layer for s in scores}))
        # Customers created after a month's end are not in its snapshot: they arrive, they do not move.
        moves = [Counter((before[cid], layer) for cid, layer in after.items() if before.get(cid, layer) != layer)
                 for before, after in steps]
        assert sum(1 for moved in moves if moved) >= 4, moves
        seen = sum(moves, Counter())
        assert seen[("onlooker", "new")] and len(seen) >= 5, seen
        run = db.session.scalar(select(Run).order_by(Run.id.desc()))
        assert run.status == "done" and run.as_of == today and run.purchases == len(purchases)
        # Made once: a second fill leaves the workspace as it is.
        again = []
        demo.fill(20240601, True, again.append)
        assert db.session.scalar(select(func.count()).select_from(Purchase)) == len(purchases)
        assert "left as it is" in again[-1]


def synthetic_customers(count, seed=5):
    """`count` (id, status) pairs with the demo's mix of statuses."""
    rng = random.Random(seed)
    return [(i, rng.choices(("signed", "following", "terminated"), (30, 55, 15))[0]) for i in range(1, count + 1)]


def test_the_plan_fills_every_layer_at_the_default_and_at_small_counts():
    today = date(2027, 3, 31)  # any day: the history is drawn relative to it
    for count in (60, 300, 2000):
        customers = synthetic_customers(count)
        kinds, purchases, referrals = demo.plan(20240601, customers, today, False)
        assert Counter(kinds.values()) == archetypes.quotas(count)
        advocates = {cid for cid, _referred, _name, day, _note in referrals if (today - day).days <= 365}
        analysis = analyse(History.from_rows([(cid, day, amount) for cid, day, _p, _q, amount in purchases]),
                           np.arange(1, count + 1, dtype=np.int64), today, Rules(), {}, advocates)
        layers = Counter(analysis.layer.tolist())
        assert all(layers[layer] >= 3 for layer in LAYERS), (count, layers)
        revenue = analysis.revenue_cents
        share, a_count = a_share(revenue.tolist(), analysis.abc_class.tolist())
        assert 0.78 <= share <= 0.9 and a_count < 0.2 * (revenue > 0).sum(), (count, share, a_count)


def test_the_plan_is_the_same_for_the_same_seed_and_english_in_english():
    customers, today = synthetic_customers(150), date(2026, 12, 5)
    first = demo.plan(7, customers, today, False)
    assert first == demo.plan(7, customers, today, False)
    assert first != demo.plan(8, customers, today, False)
    _kinds, purchases, referrals = first
    assert not any(HAN.search(product) for _cid, _day, product, _q, _a in purchases)
    assert not any(HAN.search(name or "") or HAN.search(note) for _c, _r, name, _d, note in referrals)
    # Whole units at a price in fen: the amount divided by the quantity leaves no fraction of a fen.
    assert all(q == int(q) >= 1 and amount / q == (amount / q).quantize(Decimal("0.01"))
               for _cid, _day, _p, q, amount in purchases)
    # The same customers in another order get other histories: the plan follows the order it is given.
    assert demo.plan(7, customers[::-1], today, False) != first


def test_quotas_add_up_and_give_every_archetype_a_few_customers():
    for count in (0, 5, 27, 120, 2000):
        sized = archetypes.quotas(count)
        assert sum(sized.values()) == count
        if count >= 27:
            assert min(sized.values()) >= archetypes.MINIMUM
    assert archetypes.quotas(2000)["onlooker"] == 340


def test_order_numbers_count_per_year_by_day():
    purchases = [(1, date(2026, 12, 30)), (2, date(2025, 3, 1)), (1, date(2026, 1, 2)), (3, date(2026, 12, 30))]
    assert demo.history.number_orders(purchases) == ["SO-2026-00002", "SO-2025-00001", "SO-2026-00001",
                                                     "SO-2026-00003"]


def test_ended_months_are_the_months_before_this_one():
    assert demo.ended_months(date(2027, 1, 15), 3) == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
