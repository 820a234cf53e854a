"""History: purchases as int64 cents, the analysis period's days, exact per-customer sums."""
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from plugins.customer_insights.engine.history import History, Period, months_before


def test_rows_become_exact_cents_rounded_half_up():
    history = History.from_rows([(3, date(2026, 1, 2), Decimal("12.34")), (1, date(2026, 1, 1), Decimal("0.005")),
                                 (2, date(2026, 1, 3), "7")])
    assert history.customer.tolist() == [3, 1, 2]
    assert history.cents.tolist() == [1234, 1, 700]
    assert history.cents.dtype == np.int64 and history.day.dtype == np.dtype("datetime64[D]")


def test_no_rows_make_an_empty_history():
    assert len(History.from_rows([])) == 0


def test_arrays_must_have_one_entry_per_purchase():
    with pytest.raises(ValueError):
        History([1, 2], ["2026-01-01"], [100, 200])


def test_until_keeps_as_of_and_drops_later_days():
    history = History([1, 1, 1], ["2026-12-02", "2026-12-03", "2026-12-04"], [1, 2, 4])
    assert history.until(date(2026, 12, 3)).cents.tolist() == [1, 2]


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 12, 3), 12, date(2025, 12, 3)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),   # clamped to the month's end
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2026, 1, 15), 13, date(2024, 12, 15)),
    (date(2026, 5, 31), 120, date(2016, 5, 31)),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_the_period_and_its_halves():
    period = Period(date(2026, 12, 3), 12)
    assert (period.boundary, period.start, period.mid) == (date(2025, 12, 3), date(2025, 12, 4), date(2026, 6, 3))
    days = np.array(["2025-12-03", "2025-12-04", "2026-06-03", "2026-06-04", "2026-12-03", "2026-12-04"],
                    dtype="datetime64[D]")
    inside, first, second = period.masks(days)
    assert inside.tolist() == [False, True, True, True, True, False]
    assert first.tolist() == [False, True, True, False, False, False]
    assert second.tolist() == [False, False, False, True, True, False]
    assert period.to_json() == {"start": "2025-12-04", "mid": "2026-06-03", "end": "2026-12-03"}


def test_an_even_period_splits_in_equal_halves():
    period = Period(date(2026, 3, 31), 1)  # (2026-02-28, 2026-03-31]: 31 days, 15 then 16
    assert period.start == date(2026, 3, 1) and period.mid == date(2026, 3, 15)
    period = Period(date(2026, 4, 30), 1)  # (2026-03-30, 2026-04-30]: 31 days
    assert period.mid == date(2026, 4, 14)


def test_sums_per_customer_are_exact_int64_and_unknown_ids_are_counted():
    big = 2**53 + 1  # beyond float64's exact integers
    history = History([5, 9, 5, 5, 2], ["2026-01-03", "2026-01-01", "2026-01-01", "2026-01-01", "2026-01-02"],
                      [big, 7, 1, 2, 3])
    groups = history.by_customer(np.array([5, 2, 3]))
    assert groups.customers.tolist() == [2, 3, 5] and groups.unknown == 1
    assert groups.purchases.tolist() == [1, 0, 3]
    assert groups.sum(groups.cents).tolist() == [3, 0, big + 3]
    assert groups.first_day().tolist() == [date(2026, 1, 2), None, date(2026, 1, 1)]
    assert groups.last_day().tolist() == [date(2026, 1, 2), None, date(2026, 1, 3)]
    assert groups.sum(groups.new_day()).tolist() == [1, 0, 2]  # customer 5 bought on two distinct days


def test_a_history_without_purchases_groups_to_zeros():
    groups = History([], [], []).by_customer(np.array([1, 2]))
    assert groups.purchases.tolist() == [0, 0] and groups.sum(groups.cents).tolist() == [0, 0]
    assert groups.first_day().tolist() == [None, None]
