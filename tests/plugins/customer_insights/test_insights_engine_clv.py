"""BG/NBD and Gamma-Gamma reproduce lifetimes' published CDNOW figures; CLV columns and when they stay empty.

The reference numbers are lifetimes' (0.11.3) on the same files: its
documentation's BG/NBD r, α, a, b and Gamma-Gamma p, q, v, and for the first
customers its P(alive), expected purchases, expected spend and CLV, computed
once outside the tests (lifetimes' code is never imported here).
"""
import json
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from insights_engine_kit import cdnow_summary, cdnow_transactions

from plugins.customer_insights.engine import clv
from plugins.customer_insights.engine.analyse import Rules, analyse
from plugins.customer_insights.engine.history import History

CDNOW_END = date(1997, 9, 30)
"""The end of CDNOW's 39-week calibration period: the published summaries are as of this day, in weeks."""


@pytest.fixture(scope="module")
def summary():
    """cdnow_customers_summary_with_transactions.csv: x, t_x, T (weeks) and zbar (mean repeat spend)."""
    return cdnow_summary("cdnow_customers_summary_with_transactions.csv")


@pytest.fixture(scope="module")
def bgnbd(summary):
    """The BG/NBD fitted to the published summary."""
    return clv.fit_bgnbd(summary["x"], summary["t_x"], summary["T"])


def test_bgnbd_reproduces_the_published_cdnow_parameters():
    data = cdnow_summary()
    assert len(data) == 2357
    model = clv.fit_bgnbd(data["frequency"], data["recency"], data["T"])
    assert model.converged
    assert [round(value, 3) for value in (model.r, model.alpha, model.a, model.b)] == [0.243, 4.414, 0.793, 2.426]
    assert (model.r, model.alpha, model.a, model.b) == pytest.approx((0.2426, 4.4135, 0.7929, 2.4258), abs=5e-5)


def test_gamma_gamma_reproduces_the_published_cdnow_parameters(summary):
    repeat = summary["x"] > 0
    assert repeat.sum() == 946
    model = clv.fit_gamma_gamma(summary["x"][repeat], summary["zbar"][repeat])
    assert model.converged
    # lifetimes prints p: 6.25, q: 3.74, v: 15.45; its fit gives 6.24880, 3.74459, 15.44775
    assert (model.p, model.q, model.v) == pytest.approx((6.2488, 3.7446, 15.4477), abs=5e-4)


def test_per_customer_figures_match_lifetimes(summary, bgnbd):
    x, t_x, T = summary["x"][:3], summary["t_x"][:3], summary["T"][:3]
    assert clv.p_alive(bgnbd, x, t_x, T) == pytest.approx([0.72660914, 0.21222739, 1.0], rel=1e-6)
    assert clv.expected_purchases(bgnbd, 10, x, t_x, T) == pytest.approx([0.35693101, 0.05820268, 0.0542101],
                                                                          rel=1e-6)
    repeat = summary["x"] > 0
    gamma = clv.fit_gamma_gamma(summary["x"][repeat], summary["zbar"][repeat])
    spend = clv.expected_spend(gamma, x, summary["zbar"][:3])
    assert spend == pytest.approx([24.658616, 18.911480, 35.171002], rel=1e-5)
    # lifetimes' customer_lifetime_value(time=12 months, discount_rate=0.01 a month), 30-day months
    value, _ = clv.discounted_value(bgnbd, spend, 12, 1.01**12 - 1, x, t_x, T)
    assert value == pytest.approx([35.871043, 4.584043, 8.243626], rel=1e-5)


def test_frequent_buyers_neither_overflow_nor_cancel(summary, bgnbd):
    top = np.argmax(summary["x"])  # 29 repeat days
    assert summary["x"][top] == 29
    assert clv.expected_purchases(bgnbd, 52, summary["x"][top:top + 1], summary["t_x"][top:top + 1],
                                  summary["T"][top:top + 1]) == pytest.approx([25.061423], rel=1e-6)


def test_the_transactions_summarise_to_the_published_summary(summary):
    history = cdnow_transactions().until(CDNOW_END)
    groups = history.by_customer(np.unique(history.customer))
    assert groups.customers.tolist() == summary["ID"].astype(int).tolist()
    x, t_x, T, monetary = clv.summarise(groups, CDNOW_END)
    assert x.tolist() == summary["x"].astype(int).tolist()
    assert np.abs(t_x - summary["t_x"]).max() <= 0.005 + 1e-9  # published to 2 decimals
    assert np.abs(T - summary["T"]).max() <= 0.005 + 1e-9
    assert np.abs(monetary - summary["zbar"]).max() <= 0.005 + 1e-9


def test_analyse_fits_cdnow_from_its_transactions():
    history = cdnow_transactions()
    customers = np.unique(history.customer)
    result = analyse(history, customers, CDNOW_END, Rules(clv_months=12, discount_percent=10))
    fitted = result.models["bgnbd"]
    assert fitted["converged"] and fitted["customers"] == 2357 and fitted["repeat_buyers"] == 946
    assert [round(fitted[name], 3) for name in ("r", "alpha", "a", "b")] == [0.243, 4.414, 0.793, 2.426]
    gamma = result.models["gamma_gamma"]
    assert (gamma["p"], gamma["q"], gamma["v"]) == pytest.approx((6.2488, 3.7446, 15.4477), abs=1e-2)
    assert result.models["left_out"] == {"after_as_of": int((history.day > np.datetime64(CDNOW_END)).sum()),
                                         "unknown_customers": 0}
    assert result.p_alive.count() == 2357 and ((result.p_alive > 0) & (result.p_alive <= 1)).all()
    assert result.clv_cents.dtype == np.int64 and (result.clv_cents >= 0).all() and result.clv_cents.sum() > 0
    # Customer 1 (x = 2, t_x = 30.43, T = 38.86): expected spend from its mean repeat spend 22.345
    assert result.expected_spend_cents[0] == round(100 * clv.expected_spend(
        clv.GammaGamma(gamma["p"], gamma["q"], gamma["v"], True), np.array([2]), np.array([22.345]))[0])
    record = next(result.records())
    assert type(record["p_alive"]) is float and type(record["expected_purchases"]) is float
    assert record["clv"] == Decimal("36.30")  # 12 months at 10% a year (lifetimes: 35.87 at 1% a month)
    assert record["clv"].as_tuple().exponent == -2


def test_spend_is_the_population_mean_without_repeat_purchases(summary):
    repeat = summary["x"] > 0
    gamma = clv.fit_gamma_gamma(summary["x"][repeat], summary["zbar"][repeat])
    assert clv.expected_spend(gamma, np.array([0]), np.array([0.0]))[0] == pytest.approx(
        gamma.v * gamma.p / (gamma.q - 1))


def test_gamma_gamma_refuses_customers_without_repeat_spend():
    with pytest.raises(ValueError):
        clv.fit_gamma_gamma(np.array([0, 2]), np.array([0.0, 10.0]))


def test_too_few_repeat_buyers_leave_the_columns_empty_and_say_why():
    # 19 customers buying twice, 30 once: one repeat buyer short
    ids = np.r_[np.repeat(np.arange(19), 2), np.arange(100, 130)]
    days = np.r_[np.tile(np.array(["2026-01-05", "2026-03-01"], dtype="datetime64[D]"), 19),
                 np.full(30, np.datetime64("2026-02-01"))]
    result = analyse(History(ids, days, np.full(len(ids), 1000)), np.unique(ids), date(2026, 6, 30), Rules())
    assert result.p_alive.count() == 0 and result.clv_cents.count() == 0
    assert result.models["left_out"]["clv"] == {
        "reason": "too_few_repeat_buyers", "repeat_buyers": 19, "minimum": 20,
        "text": "19 customers bought on more than one day; the models need at least 20"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 39), st.integers(-700, 0), st.integers(0, 10**7)), min_size=60,
                max_size=200),
       st.integers(1, 120), st.integers(0, 100))
def test_any_history_gives_sane_figures_or_says_why(purchases, months, discount):
    ids = np.array([customer for customer, _, _ in purchases])
    days = np.datetime64("2026-06-30") + np.array([day for _, day, _ in purchases])
    history = History(np.r_[ids, ids], np.r_[days, days + 3], [cents for _, _, cents in purchases] * 2)
    result = analyse(history, np.arange(45), date(2026, 6, 30), Rules(clv_months=months, discount_percent=discount))
    left_out = result.models["left_out"]
    if "clv" in left_out:
        assert result.p_alive.count() == 0 and result.clv_cents.count() == 0
    else:
        alive = result.p_alive.compressed()
        assert len(alive) and ((alive >= 0) & (alive <= 1)).all()
        assert (result.expected_purchases.compressed() >= 0).all()
    if result.clv_cents.count():
        assert (result.clv_cents.compressed() >= 0).all() and "spend" not in left_out
    json.dumps(result.models, allow_nan=False)
