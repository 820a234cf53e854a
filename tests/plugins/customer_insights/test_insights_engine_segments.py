"""Segments: the first rule whose R, F, M ranges hold names the customer; "other" when none; None unscored."""
import numpy as np
import pytest

from plugins.customer_insights.engine.segments import DEFAULT_RULES, OTHER, parse_rules, segment_names


def masked(values):
    """Scores as the analysis gives them: None masked."""
    return np.ma.masked_array([value or 0 for value in values], mask=[value is None for value in values])


def test_default_rules_name_every_cell_of_the_grid():
    rules = parse_rules(DEFAULT_RULES)
    r, f = np.meshgrid(np.arange(1, 6), np.arange(1, 6))
    names = segment_names(rules, masked(r.ravel().tolist()), masked(f.ravel().tolist()),
                          masked([3] * 25))
    assert OTHER not in names.tolist() and None not in names.tolist()


@pytest.mark.parametrize("r, f, m, expected", [
    (5, 5, 1, "champions"), (5, 4, 5, "champions"), (4, 5, 3, "loyal"), (3, 4, 3, "loyal"),
    (5, 3, 3, "potential_loyalists"), (4, 2, 1, "potential_loyalists"), (5, 1, 5, "new_customers"),
    (4, 1, 1, "promising"), (3, 3, 3, "need_attention"), (3, 2, 1, "about_to_sleep"), (3, 1, 2, "about_to_sleep"),
    (2, 5, 5, "cannot_lose"), (1, 3, 4, "at_risk"), (2, 4, 1, "at_risk"), (1, 1, 1, "hibernating"),
    (2, 2, 5, "hibernating"),
])
def test_default_rules_by_hand(r, f, m, expected):
    assert segment_names(parse_rules(DEFAULT_RULES), masked([r]), masked([f]), masked([m])).tolist() == [expected]


def test_first_match_wins_uncovered_cells_are_other_and_unscored_is_none():
    rules = parse_rules("big: M5\nrecent: R4-5 F2-5\nany recent: R5")
    names = segment_names(rules, masked([5, 5, 5, 1, None]), masked([3, 1, 3, 3, None]),
                          masked([5, 2, 2, 2, None]))
    assert names.tolist() == ["big", "any recent", "recent", OTHER, None]
