"""The loyalty pyramid's rules, each layer and the order in which they are tried (docs/insights.md, "Layers")."""
import numpy as np
import pytest

from plugins.customer_insights.engine.analyse import Rules
from plugins.customer_insights.engine.layers import assign_layers

RULES = Rules()  # lost > 365 days, new ≤ 90 days, advocate R ≥ 3, leaving R ≤ 2 / −50% / 2 complaints,
# core F ≥ 4 and M ≥ 4, regular F ≥ 3

# One customer per row: bought, recency, days since the first purchase, R, F, M, declined, complaints, advocate.
CASES = [
    ((False, 0, 0, None, None, None, False, 5, True), "onlooker"),   # never bought: even an advocate with complaints
    ((True, 366, 900, 1, 5, 5, False, 0, True), "lost"),            # beyond 365 days, whatever else
    ((True, 365, 900, 1, 1, 1, False, 0, False), "leaving"),         # exactly 365 days is not lost yet
    ((True, 10, 30, 3, 1, 1, False, 3, True), "advocate"),           # a referral outranks new and complaints
    ((True, 10, 900, 2, 5, 5, False, 0, True), "leaving"),           # an advocate with R below 3 is judged on
    ((True, 10, 90, 1, 1, 1, True, 4, False), "new"),                # 90 days since the first purchase: still new
    ((True, 10, 91, 5, 5, 5, False, 2, False), "leaving"),           # two open complaints, core-sized or not
    ((True, 10, 91, 5, 5, 5, True, 0, False), "leaving"),            # revenue halved
    ((True, 10, 91, 3, 4, 4, False, 1, False), "core"),
    ((True, 10, 91, 3, 4, 3, False, 0, False), "regular"),           # frequent, but not large enough for core
    ((True, 10, 91, 3, 3, 5, False, 0, False), "regular"),
    ((True, 10, 91, 5, 2, 5, False, 0, False), "inactive"),          # recent, large, but seldom: buys elsewhere too
]


def column(values):
    """A score column as the analysis gives it: masked where None."""
    return np.ma.masked_array([value or 0 for value in values], mask=[value is None for value in values])


@pytest.mark.parametrize("case, expected", CASES)
def test_each_rule_by_hand(case, expected):
    bought, recency, age, r, f, m, declined, complaints, advocate = case
    layers = assign_layers(RULES, np.array([bought]), np.array([recency]), np.array([age]), column([r]),
                           column([f]), column([m]), np.array([declined]), np.array([complaints]),
                           np.array([advocate]))
    assert layers.tolist() == [expected]


def test_all_at_once_gives_the_same_layers_and_every_layer_appears():
    rows = list(zip(*(case for case, _ in CASES)))
    bought, recency, age, r, f, m, declined, complaints, advocate = rows
    layers = assign_layers(RULES, np.array(bought), np.array(recency), np.array(age), column(r), column(f),
                           column(m), np.array(declined), np.array(complaints), np.array(advocate))
    assert layers.tolist() == [expected for _, expected in CASES]
    from plugins.customer_insights.models.scores import LAYERS
    assert set(layers.tolist()) == set(LAYERS)


def test_thresholds_come_from_the_rules():
    rules = Rules(lost_after_days=30, new_within_days=7, regular_min_f=2, core_min_f=5, core_min_m=5,
                  leaving_max_r=1, leaving_complaints=9, advocate_min_r=5)
    layers = assign_layers(rules, np.ones(5, dtype=bool), np.array([31, 5, 5, 5, 5]), np.array([60, 7, 60, 60, 60]),
                           column([5, 5, 2, 4, 5]), column([5, 1, 2, 4, 5]), column([5, 1, 1, 5, 5]),
                           np.zeros(5, dtype=bool), np.array([0, 0, 8, 0, 0]), np.array([False, False, False,
                                                                                         True, False]))
    assert layers.tolist() == ["lost", "new", "regular", "regular", "core"]
