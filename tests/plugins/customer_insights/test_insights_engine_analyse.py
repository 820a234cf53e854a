"""analyse(): every Score column of a small shop computed by hand, as_of's cut, records ready for the database."""
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from insights_engine_kit import AS_OF, SHOP_ADVOCATES, SHOP_COMPLAINTS, SHOP_CUSTOMERS, shop_history

from plugins.customer_insights.engine.analyse import COLUMNS, Analysis, Rules, analyse
from plugins.customer_insights.engine.history import History
from plugins.customer_insights.engine.segments import parse_rules
from plugins.customer_insights.settings import InsightsSettingsSchema

D = date


def shop():
    """The shop's Analysis with the default rules."""
    return analyse(shop_history(), SHOP_CUSTOMERS, AS_OF, Rules(), SHOP_COMPLAINTS, SHOP_ADVOCATES)


def test_the_shop_by_hand():
    result = shop()
    assert result.customer.tolist() == [1, 2, 3, 4, 5, 6, 7]
    # Period revenue: customer 2's boundary-day 999.00 and post-as_of 1000.00 do not count; 4 bought before it.
    assert result.revenue_cents.tolist() == [50000, 25000, 25000, 0, 5000, 0, 8000]
    # 500, 250 (id 2 before id 3), 250, 80, 50 of 1130: before 0, 500, 750 < 904 → A; 1000 < 1073.5 → B; 1080 → C
    assert result.revenue_rank.tolist() == [1, 2, 3, None, 5, None, 4]
    assert result.abc_class.tolist() == ["A", "A", "A", None, "C", None, "B"]
    # Days from the last purchase to 2026-12-03; 4 last bought on 2024-05-01: 365 + 365 + 216
    assert result.recency_days.tolist() == [3, 0, 182, 946, 13, None, 305]
    assert result.frequency.tolist() == [3, 2, 2, 0, 1, 0, 1]
    # n = 6 scored. Recency, larger worse: 0 has 5 worse → 1 + 25//6 = 5; 3 has 4 → 4; 13 → 3; 182 → 2; 305, 946 → 1
    assert result.r_score.tolist() == [4, 5, 2, 1, 3, None, 1]
    # Frequency 3, 2, 2, 0, 1, 1: 3 has 5 worse → 5; each 2 has 3 → 1 + 15//6 = 3; 1 has 1 → 1 + 5//6 = 1; 0 → 1
    assert result.f_score.tolist() == [5, 3, 3, 1, 1, None, 1]
    # Monetary 500, 250, 250, 0, 50, 80: 80 has 2 worse → 1 + 10//6 = 2
    assert result.m_score.tolist() == [5, 3, 3, 1, 1, None, 2]
    assert result.segment.tolist() == ["loyal", "potential_loyalists", "at_risk", "hibernating", "about_to_sleep",
                                       None, "hibernating"]
    # First half (2025-12-03, 2026-06-03], second (2026-06-03, 2026-12-03]
    assert result.trend.tolist() == [3.0, -0.75, -1 / 3, None, None, None, -1.0]
    # 1: core (F5 M5, one complaint is not two); 2: advocate (R5); 3: an advocate with R2 → leaving; 4: lost;
    # 5: new (13 days); 6: onlooker; 7: leaving (R1, revenue gone)
    assert result.layer.tolist() == ["core", "advocate", "leaving", "lost", "new", "onlooker", "leaving"]
    assert result.open_complaints.tolist() == [1, 0, 0, 0, 0, 0, 0]
    assert result.advocate.tolist() == [False, True, True, False, False, False, False]
    # Workspace halves: 530.00 and 600.00
    cdi = result.cdi.tolist()
    assert cdi[0] == 100 * (0.5 * (400 / 600) / (100 / 530) + 0.5 * 2 / 1)
    assert np.allclose(cdi[1:3], [100 * (0.5 * (50 / 600) / (200 / 530) + 0.5), 100 * (0.5 * (100 / 600) / (150 / 530)
                                                                                      + 0.5)])
    assert cdi[3:] == [None, None, None, 0.0]
    assert result.purchases.tolist() == [3, 3, 2, 1, 1, 0, 1]
    assert result.first_purchase_on.tolist() == [D(2026, 1, 10), D(2025, 12, 3), D(2026, 6, 3), D(2024, 5, 1),
                                                 D(2026, 11, 20), None, D(2026, 2, 1)]
    assert result.last_purchase_on.tolist() == [D(2026, 11, 30), D(2026, 12, 3), D(2026, 6, 4), D(2024, 5, 1),
                                                D(2026, 11, 20), None, D(2026, 2, 1)]


def test_a_shop_too_small_for_the_models_says_why():
    result = shop()
    for name in ("p_alive", "expected_purchases", "expected_spend_cents", "clv_cents"):
        assert getattr(result, name).tolist() == [None] * 7
    assert result.models["bgnbd"] is None and result.models["left_out"]["clv"]["reason"] == "too_few_repeat_buyers"
    assert result.models["period"] == {"start": "2025-12-04", "mid": "2026-06-03", "end": "2026-12-03"}
    assert result.models["left_out"]["after_as_of"] == 1


def test_records_are_score_rows_of_python_values():
    records = list(shop().records())
    assert len(records) == 7
    first = records[0]
    expected_keys = {"customer_id", "as_of", "revenue", "expected_spend", "clv"} | set(COLUMNS) - {
        "revenue_cents", "expected_spend_cents", "clv_cents"}
    assert set(first) == expected_keys
    assert first["customer_id"] == 1 and first["as_of"] == AS_OF
    assert first["revenue"] == Decimal("500.00") and first["revenue"].as_tuple().exponent == -2
    assert type(first["revenue_rank"]) is int and type(first["r_score"]) is int and type(first["frequency"]) is int
    assert type(first["trend"]) is float and type(first["cdi"]) is float and type(first["advocate"]) is bool
    assert type(first["first_purchase_on"]) is date and type(first["segment"]) is str
    assert first["p_alive"] is None and first["clv"] is None
    onlooker = records[5]
    assert onlooker["revenue"] == Decimal("0.00") and onlooker["layer"] == "onlooker"
    assert [onlooker[name] for name in ("revenue_rank", "abc_class", "recency_days", "r_score", "segment", "trend",
                                        "cdi", "first_purchase_on")] == [None] * 8
    assert type(onlooker["purchases"]) is int and type(onlooker["open_complaints"]) is int


def test_the_period_follows_the_settings():
    # Three months: (2026-09-03, 2026-12-03]; customer 1 keeps only 2026-11-30, 2 only as_of's 50.00.
    result = analyse(shop_history(), SHOP_CUSTOMERS, AS_OF, Rules(period_months=3))
    assert result.revenue_cents.tolist() == [10000, 5000, 0, 0, 5000, 0, 0]
    assert result.frequency.tolist() == [1, 1, 0, 0, 1, 0, 0]
    assert result.models["period"]["start"] == "2026-09-04"


def test_purchases_after_as_of_change_nothing():
    before = shop()
    later = History(np.r_[shop_history().customer, [1, 6, 8]],
                    np.r_[shop_history().day, np.array(["2026-12-04", "2027-01-01", "2026-12-05"], "datetime64[D]")],
                    np.r_[shop_history().cents, [10**6, 10**6, 10**6]])
    after = analyse(later, SHOP_CUSTOMERS, AS_OF, Rules(), SHOP_COMPLAINTS, SHOP_ADVOCATES)
    assert_same(before, after)
    assert after.layer[5] == "onlooker" and after.models["left_out"]["after_as_of"] == 4


def assert_same(one, other):
    """Two analyses agree on every column."""
    for name in COLUMNS:
        assert getattr(one, name).tolist() == getattr(other, name).tolist(), name


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.integers(-800, 400), st.integers(0, 10**6)), max_size=40),
       st.integers(-400, 0))
def test_a_past_as_of_sees_exactly_the_history_up_to_it(purchases, shift):
    as_of = AS_OF + timedelta(days=shift)
    history = History([c for c, _, _ in purchases],
                      np.array([AS_OF + timedelta(days=d) for _, d, _ in purchases], dtype="datetime64[D]"),
                      [cents for _, _, cents in purchases])
    customers = np.arange(1, 10)
    assert_same(analyse(history, customers, as_of, Rules()), analyse(history.until(as_of), customers, as_of, Rules()))


def test_a_workspace_without_purchases():
    result = analyse(History([], [], []), np.array([3, 1]), AS_OF, Rules())
    assert result.customer.tolist() == [1, 3] and result.layer.tolist() == ["onlooker", "onlooker"]
    assert result.revenue_cents.tolist() == [0, 0] and result.abc_class.tolist() == [None, None]
    assert [record["revenue"] for record in result.records()] == [Decimal("0.00")] * 2


def test_purchases_of_unknown_customers_are_left_out_and_counted():
    history = History([1, 42], ["2026-12-01", "2026-12-01"], [500, 700])
    result = analyse(history, np.array([1]), AS_OF, Rules())
    assert result.revenue_cents.tolist() == [500] and result.models["left_out"]["unknown_customers"] == 1
    assert isinstance(result, Analysis) and len(result) == 1


def test_rules_default_as_the_settings_do_and_read_them():
    defaults = InsightsSettingsSchema().load({})
    assert Rules.from_settings(defaults) == Rules()
    rules = Rules.from_settings({**defaults, "period_months": 6, "segments": "all: R1-5", "discount_percent": "7.5"})
    assert rules.period_months == 6 and rules.segments == tuple(parse_rules("all: R1-5"))
    assert rules.discount_percent == Decimal("7.5")
    assert Rules.from_settings({"strategy_core": "call", "abc_a_percent": 70}).abc_a_percent == 70
