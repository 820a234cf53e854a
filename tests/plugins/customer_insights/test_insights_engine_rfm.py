"""RFM scores: 1 + floor(5 w / n) with w the scored customers strictly worse; ties share a score."""
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.customer_insights.engine.rfm import quintile_scores, rfm_scores


def test_scores_computed_by_hand_with_ties():
    scored = np.array([True, True, True, True, True, False])
    recency = np.array([10, 20, 20, 40, 400, 0])
    frequency = np.array([1, 1, 1, 3, 7, 0])
    monetary = np.array([500, 100, 300, 300, 200, 0])
    r, f, m = rfm_scores(recency, frequency, monetary, scored)
    # recency, larger is worse: 10 has 4 worse → 1 + 20//5 = 5; each 20 has 2 worse → 3; 40 has 1 → 2; 400 → 1
    assert r.tolist() == [5, 3, 3, 2, 1, None]
    # frequency: the three 1s have nobody worse → 1; 3 has 3 worse → 4; 7 has 4 worse → 5
    assert f.tolist() == [1, 1, 1, 4, 5, None]
    # monetary: 100 → 1; 200 has 1 worse → 2; the two 300s have 2 worse → 3; 500 has 4 worse → 5
    assert m.tolist() == [5, 1, 3, 3, 2, None]


def test_quintiles_of_six_floor_the_fifths():
    scores = quintile_scores(np.arange(6), np.ones(6, dtype=bool))
    # w = 0..5 of n = 6: 1 + floor(5w/6) = 1, 1, 2, 3, 4, 5
    assert scores.tolist() == [1, 1, 2, 3, 4, 5]


def test_all_equal_values_all_score_one():
    assert quintile_scores(np.array([7, 7, 7]), np.ones(3, dtype=bool)).tolist() == [1, 1, 1]
    assert quintile_scores(np.array([7, 7, 7]), np.ones(3, dtype=bool), larger_is_worse=True).tolist() == [1, 1, 1]


def test_one_customer_scores_one_and_the_unscored_do_not_count():
    scores = quintile_scores(np.array([0, 9, 0]), np.array([False, True, False]))
    assert scores.tolist() == [None, 1, None]


def test_nobody_scored():
    assert quintile_scores(np.array([1, 2]), np.zeros(2, dtype=bool)).tolist() == [None, None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=12), st.booleans()), min_size=1, max_size=60))
def test_scores_are_pandas_min_rank_quintiles(items):
    values = np.array([value for value, _ in items])
    scored = np.array([chosen for _, chosen in items])
    better = quintile_scores(values, scored)
    worse = quintile_scores(values, scored, larger_is_worse=True)
    chosen = pd.Series(values[scored])
    n = len(chosen)
    up = (1 + 5 * (chosen.rank(method="min") - 1) // n).astype(int).tolist()
    down = (1 + 5 * (chosen.rank(method="min", ascending=False) - 1) // n).astype(int).tolist()
    assert better.compressed().tolist() == up and worse.compressed().tolist() == down
    assert set(better.compressed().tolist()) <= {1, 2, 3, 4, 5}
    assert better.mask.tolist() == (~scored).tolist()
