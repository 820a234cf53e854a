"""Trend and the customer development index: the period's second half against its first."""
import numpy as np
import pytest

from plugins.customer_insights.engine.cdi import CDI_CAP, declined, development_index, trend


def test_trend_by_hand_and_none_without_first_half_revenue():
    assert trend(np.array([100, 200, 0, 80]), np.array([400, 50, 70, 0])).tolist() == [3.0, -0.75, None, -1.0]


def test_declined_compares_exactly_at_the_threshold():
    first, second = np.array([100, 100, 100, 0, 3]), np.array([50, 51, 0, 0, 1])
    # 50% down: 50 of 100 is exactly −50% (declined), 51 is not; nothing in the first half never declines;
    # 1 of 3 is −66.7%
    assert declined(first, second, 50).tolist() == [True, False, True, False, True]


def test_holding_share_and_pace_is_100():
    # Both customers double revenue and purchases with the workspace: shares and pace unchanged.
    index = development_index(np.array([100, 300]), np.array([200, 600]), np.array([1, 3]), np.array([1, 3]))
    assert index.tolist() == pytest.approx([100.0, 100.0])


def test_cdi_by_hand():
    r1, r2 = np.array([10000, 20000, 15000, 0, 8000]), np.array([40000, 5000, 10000, 5000, 0])
    f1, f2 = np.array([1, 1, 1, 0, 1]), np.array([2, 1, 1, 1, 0])
    # workspace: 53000 in the first half, 60000 in the second
    index = development_index(r1, r2, f1, f2).tolist()
    assert index[0] == pytest.approx(100 * (0.5 * (40000 / 60000) / (10000 / 53000) + 0.5 * 2))  # 276.67
    assert index[1] == pytest.approx(100 * (0.5 * (5000 / 60000) / (20000 / 53000) + 0.5 * 1))   # 61.04
    assert index[2] == pytest.approx(100 * (0.5 * (10000 / 60000) / (15000 / 53000) + 0.5 * 1))  # 79.44
    assert index[3] is None  # nothing bought in the first half
    assert index[4] == 0.0   # bought nothing in the second


def test_cdi_is_capped_and_needs_first_half_revenue():
    index = development_index(np.array([1, 10**6, 0]), np.array([10**6, 0, 0]), np.array([1, 1, 2]),
                              np.array([50, 0, 0])).tolist()
    assert index == [CDI_CAP, 0.0, None]  # the third bought in the first half, but for nothing


def test_cdi_when_the_workspace_sold_nothing_in_the_second_half():
    assert development_index(np.array([5, 5]), np.array([0, 0]), np.array([1, 2]), np.array([0, 0])).tolist() \
        == [0.0, 0.0]
