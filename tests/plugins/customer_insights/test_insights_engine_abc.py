"""ABC classes: rank by revenue (ties by id), A while the revenue ranked before is under a% of the total."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.customer_insights.engine.abc import abc_classes


def test_classes_and_ranks_computed_by_hand():
    # customers by ascending id: revenue 50, 200, 500, 0, 200, 50 (cents); total 1000
    revenue = np.array([50, 200, 500, 0, 200, 50])
    rank, classes = abc_classes(revenue, 80, 15)
    # order: 500 (id3), 200 (id2), 200 (id5), 50 (id1), 50 (id6); revenue before: 0, 500, 700, 900, 950
    assert rank.tolist() == [4, 2, 1, None, 3, 5]
    # 700 < 800 so the third is A (it crosses 80%); 900 < 950 is B; 950 is not under 95%: C
    assert classes.tolist() == ["B", "A", "A", None, "A", "C"]


def test_equal_revenue_is_ordered_by_customer_id():
    rank, classes = abc_classes(np.array([10, 10, 10, 10]), 50, 25)
    assert rank.tolist() == [1, 2, 3, 4]
    # before: 0, 10, 20, 30 of 40: 0 and 10 are under 50% → A; 20 under 75% → B; 30 is 75%: C
    assert classes.tolist() == ["A", "A", "B", "C"]


def test_exactly_a_percent_before_is_not_a():
    _, classes = abc_classes(np.array([80, 20]), 80, 15)
    assert classes.tolist() == ["A", "B"]  # 100 × 80 < 80 × 100 is false: the second is B, not A
    _, classes = abc_classes(np.array([95, 5]), 80, 15)
    assert classes.tolist() == ["A", "C"]


def test_shares_are_compared_in_integers():
    k = 10**16
    revenue = np.array([4 * k - 1, k + 1])  # the second has 4k − 1 of 5k before it: just under 80%
    assert float(4 * k - 1) / float(5 * k) == 0.8  # in float64 it is exactly 80%, and would be B
    _, classes = abc_classes(revenue, 80, 15)
    assert classes.tolist() == ["A", "A"]
    huge = np.array([2**62, 2**61, 2**60])  # 100 × these overflow int64: compared in Python integers
    _, classes = abc_classes(huge, 60, 30)
    assert classes.tolist() == ["A", "A", "B"]  # before: 0, 4, 6 sevenths; 4/7 < 60%, 6/7 < 90%


def test_nobody_with_revenue_has_no_class():
    rank, classes = abc_classes(np.array([0, 0]), 80, 15)
    assert rank.tolist() == [None, None] and classes.tolist() == [None, None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40),
       st.integers(min_value=1, max_value=98), st.data())
def test_class_a_is_the_smallest_prefix_reaching_a_percent(revenues, a, data):
    b = data.draw(st.integers(min_value=1, max_value=99 - a))
    revenue = np.array(revenues, dtype=np.int64)
    rank, classes = abc_classes(revenue, a, b)
    paying = [i for i in range(len(revenues)) if revenues[i] > 0]
    ordered = sorted(paying, key=lambda i: (-revenues[i], i))
    assert [rank[i] for i in ordered] == list(range(1, len(ordered) + 1))
    total = sum(revenues)
    letters = [classes[i] for i in ordered]
    prefix = [sum(revenues[i] for i in ordered[:k]) for k in range(len(ordered) + 1)]
    count_a, count_ab = letters.count("A"), letters.count("A") + letters.count("B")
    if ordered:
        assert count_a == min(k for k in range(1, len(ordered) + 1) if 100 * prefix[k] >= a * total)
        assert count_ab == min(k for k in range(1, len(ordered) + 1) if 100 * prefix[k] >= (a + b) * total)
    assert letters == sorted(letters)  # A's, then B's, then C's down the ranking
    assert all(classes[i] is None for i in range(len(revenues)) if revenues[i] == 0)
